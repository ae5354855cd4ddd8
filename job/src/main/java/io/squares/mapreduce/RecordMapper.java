package io.squares.mapreduce;

import io.squares.SquaresException;
import io.squares.core.BadRecordReason;
import io.squares.core.Utf8;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * The common front half of both mappers: skips a file's BOM, header and blank lines, extracts the
 * key and value of each record, and sends bad records to a {@link BadRecordSink}. Subclasses get
 * only good records, in {@link #good}.
 *
 * @param <K> output key type
 * @param <V> output value type
 */
public abstract class RecordMapper<K, V> extends Mapper<LongWritable, Text, K, V> {
  private RecordOptions options;
  private RecordExtractor extractor;
  private BadRecordSink bad;
  private boolean header;
  private boolean splitStartsFile;
  private boolean firstRecord = true;
  private long lineNumber;
  private Counter read;
  private Counter good;
  private Counter blank;
  private Counter headers;

  /** @return whether this mapper groups by a key column */
  protected abstract boolean keyed();

  /**
   * Handles one good record.
   *
   * @param extractor holds the record's key and parsed value
   * @param line the record's bytes (after any BOM)
   * @param start first byte
   * @param end end, exclusive
   * @param context the task context
   */
  protected abstract void good(RecordExtractor extractor, byte[] line, int start, int end,
      Context context) throws IOException, InterruptedException;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    try {
      options = RecordOptions.from(conf, keyed());
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    extractor = options.newExtractor();
    header = options.header();
    InputSplit split = context.getInputSplit();
    String file = "(unknown)";
    if (split instanceof FileSplit fs) {
      file = fs.getPath().toString();
      splitStartsFile = fs.getStart() == 0;
      if (extractor.needsHeader()) {
        byte[] h = HeaderReader.firstLine(fs.getPath(), conf);
        extractor.resolve(h, 0, h.length);
      }
    }
    bad = new BadRecordSink(context, file, options.sampleSize(), options.failOnBadRecord());
    read = context.getCounter(SquaresCounter.RECORDS_READ);
    good = context.getCounter(SquaresCounter.GOOD_RECORDS);
    blank = context.getCounter(SquaresCounter.BLANK_LINES);
    headers = context.getCounter(SquaresCounter.HEADER_LINES);
  }

  /** @return this task's record options (valid after {@link #setup}) */
  protected RecordOptions options() {
    return options;
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    setup(context);
    try {
      while (!bad.stopRequested() && context.nextKeyValue()) {
        map(context.getCurrentKey(), context.getCurrentValue(), context);
      }
    } finally {
      bad.close();
      cleanup(context);
    }
  }

  @Override
  protected final void map(LongWritable offset, Text value, Context context)
      throws IOException, InterruptedException {
    byte[] b = value.getBytes();
    int start = 0;
    int end = value.getLength();
    if (splitStartsFile) {
      lineNumber++;
    }
    if (firstRecord) {
      firstRecord = false;
      if (splitStartsFile) {
        start = Utf8.skipBom(b, start, end);
        if (header) {
          headers.increment(1);
          return;
        }
      }
    }
    if (RecordExtractor.isBlank(b, start, end)) {
      blank.increment(1);
      return;
    }
    read.increment(1);
    BadRecordReason reason = extractor.extract(b, start, end);
    if (reason != null) {
      bad.record(reason, offset.get(), lineNumber, b, start, end);
      return;
    }
    good.increment(1);
    good(extractor, b, start, end, context);
  }
}
