package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.AggregateTable;
import io.squares.core.BadRecordReason;
import io.squares.core.KeyPrefetcher;
import io.squares.core.Utf8;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * The common front half of both mappers: takes {@link LineBlock}s, skips a file's BOM, header and
 * blank lines, reports lines longer than the limit ({@link BadRecordReason#LINE_TOO_LONG}; a
 * too-long first line is still the header when there is one), extracts the key and value of each
 * record, and sends bad records to a {@link BadRecordSink}. Subclasses get only good records, in {@link #good}. Record counts are kept in
 * fields and added to Hadoop's counters once per block, not once per line.
 *
 * @param <K> output key type
 * @param <V> output value type
 */
public abstract class RecordMapper<K, V> extends Mapper<LongWritable, LineBlock, K, V> {
  private static final byte[] ALL = SquaresConfig.ALL_KEY.getBytes(StandardCharsets.UTF_8);
  /** Lines per {@link #lookahead} call. */
  protected static final int LOOKAHEAD = KeyPrefetcher.WINDOW;

  private RecordOptions options;
  private RecordExtractor extractor;
  private BadRecordSink bad;
  private boolean header;
  private boolean splitStartsFile;
  private boolean firstRecord = true;
  private long lineNumber;
  private long recordOffset;
  private long read;
  private long good;
  private long blank;
  private long headers;

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
   * @throws IOException when output fails
   * @throws InterruptedException when interrupted
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
        byte[] h = HeaderReader.header(fs.getPath(), conf);
        extractor.resolve(h, 0, h.length);
      }
    }
    bad = new BadRecordSink(context, file, options.sampleSize(), options.failOnBadRecord());
  }

  /**
   * @return the byte offset in its file of the record being handled (during {@link #good}), as the
   *     reader reports it
   */
  protected final long recordOffset() {
    return recordOffset;
  }

  /**
   * Called before lines {@code [from, to)} of a block are handled, at most {@link #LOOKAHEAD} at a
   * time: a subclass may prepare for them (e.g. prefetch what their lookups will read), but must not
   * change what handling them does. Does nothing here.
   *
   * @param block the block
   * @param from first line
   * @param to end line, exclusive
   */
  protected void lookahead(LineBlock block, int from, int to) {
  }

  /**
   * The group key of the record just extracted: the key column's bytes, or
   * {@link SquaresConfig#ALL_KEY} when there is no key column. With {@link #groupStart} and
   * {@link #groupEnd}.
   *
   * @param e the extractor that extracted it
   * @return the bytes holding the key
   */
  protected static byte[] groupBytes(RecordExtractor e) {
    return e.hasKey() ? e.keyBuffer() : ALL;
  }

  /** @return where the group key starts in {@link #groupBytes} */
  protected static int groupStart(RecordExtractor e) {
    return e.hasKey() ? e.keyStart() : 0;
  }

  /** @return where the group key ends in {@link #groupBytes} */
  protected static int groupEnd(RecordExtractor e) {
    return e.hasKey() ? e.keyEnd() : ALL.length;
  }

  /**
   * Has a table fetch the entries of lines {@code [from, to)} of a block together (their keys found
   * the cheap way by {@code prefetcher}; lines cut short or unterminated are skipped), for a
   * {@link #lookahead} whose table has outgrown the caches.
   *
   * @return how many keys were handed to the table
   */
  protected static int prefetch(KeyPrefetcher prefetcher, LineBlock block, int from, int to,
      AggregateTable<?> table) {
    byte[] data = block.data();
    for (int i = from; i < to; i++) {
      if (!block.tooLong(i) && !block.unterminated(i)) {
        prefetcher.add(data, block.start(i), block.end(i));
      }
    }
    int n = prefetcher.pending();
    prefetcher.prefetch(table);
    return n;
  }

  /** @return this task's record extractor (valid after {@link #setup}) */
  protected final RecordExtractor extractor() {
    return extractor;
  }

  /** @return this task's record options (valid after {@link #setup}) */
  protected RecordOptions options() {
    return options;
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    try {
      setup(context);
      try {
        while (!bad.stopRequested() && context.nextKeyValue()) {
          map(context.getCurrentKey(), context.getCurrentValue(), context);
        }
      } finally {
        bad.close();
        cleanup(context);
      }
    } catch (IOException | RuntimeException | Error e) {
      TaskFailureNote.write(context, e); // for the driver's message: which split, and why
      throw e;
    }
  }

  @Override
  protected final void map(LongWritable offset, LineBlock block, Context context)
      throws IOException, InterruptedException {
    byte[] data = block.data();
    for (int i = 0, n = block.size(); i < n && !bad.stopRequested(); i++) {
      if (i % LOOKAHEAD == 0) {
        lookahead(block, i, Math.min(n, i + LOOKAHEAD));
      }
      BadRecordReason known = block.tooLong(i) ? BadRecordReason.LINE_TOO_LONG
          : block.unterminated(i) ? BadRecordReason.UNTERMINATED_QUOTE : null;
      line(data, block.start(i), block.end(i), block.offset(i), block.lineSpan(i), known, block.length(i),
          context);
    }
    // Hadoop counted the block as one input record; a user reading "Map input records" next to a
    // file's line count expects its lines (records, with --multiline), as TextInputFormat counts them.
    context.getCounter(TaskCounter.MAP_INPUT_RECORDS).increment(block.size() - 1L);
    context.getCounter(SquaresCounter.RECORDS_READ).increment(read);
    context.getCounter(SquaresCounter.GOOD_RECORDS).increment(good);
    context.getCounter(SquaresCounter.BLANK_LINES).increment(blank);
    context.getCounter(SquaresCounter.HEADER_LINES).increment(headers);
    read = 0;
    good = 0;
    blank = 0;
    headers = 0;
  }

  /**
   * One record: a line, or with {@code --multiline} a record spanning {@code span} lines, whose
   * reported line is the one it starts on. {@code known} is why the reader already knows it is bad
   * (too long, in which case only a prefix of it is in {@code b[start, end)}; or an unterminated
   * quote at the end of the file), else null. {@code length} is the record's full length.
   */
  private void line(byte[] b, int start, int end, long offset, int span, BadRecordReason known,
      long length, Context context) throws IOException, InterruptedException {
    long line = 0;
    if (splitStartsFile) {
      line = lineNumber + 1;
      lineNumber += span;
    }
    int bom = 0; // a file's BOM is not part of its first record's fields, but of its length
    if (firstRecord) {
      firstRecord = false;
      if (splitStartsFile) {
        bom = Utf8.skipBom(b, start, end) - start;
        start += bom;
        if (header) {
          headers++;
          return;
        }
      }
    }
    if (known != null) { // checked first: what was not read cannot be parsed, nor known to be blank
      read++;
      bad.record(known, offset, line, b, start, end, length);
      return;
    }
    if (RecordExtractor.isBlank(b, start, end)) {
      blank++;
      return;
    }
    read++;
    BadRecordReason reason = extractor.extract(b, start, end);
    if (reason != null) {
      bad.record(reason, offset, line, b, start, end, end - start + bom);
      return;
    }
    good++;
    recordOffset = offset;
    good(extractor, b, start, end, context);
  }
}
