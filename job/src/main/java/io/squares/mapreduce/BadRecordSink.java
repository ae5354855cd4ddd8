package io.squares.mapreduce;

import io.squares.core.BadRecordReason;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Where a map task's bad records go: counted per reason, and the first few written as a sample
 * (file, line, byte offset, reason, record length, first bytes of the record: {@link BadRecordLine})
 * to a side file under the task's work directory, which Hadoop's committer publishes with the
 * task's output. With {@code --bad-records fail} the first bad record asks the task to stop; the
 * driver then fails the job and names that record.
 */
public final class BadRecordSink implements Closeable {
  /** Folder (under the output) where tasks leave their samples for the driver to consolidate. */
  public static final String SAMPLE_DIR = "_bad_records";

  private final TaskInputOutputContext<?, ?, ?, ?> context;
  private final String file;
  private final int sampleSize;
  private final boolean failFast;
  private final Counter total;
  private final Counter[] byReason;
  private Writer sample;
  private int sampled;
  private boolean stop;

  /**
   * @param context the task context (counters, work output path)
   * @param file the input file, as written in the sample
   * @param sampleSize how many bad records to keep
   * @param failFast whether the first bad record stops the task
   */
  public BadRecordSink(TaskInputOutputContext<?, ?, ?, ?> context, String file, int sampleSize,
      boolean failFast) {
    this.context = context;
    this.file = file;
    this.sampleSize = sampleSize;
    this.failFast = failFast;
    this.total = context.getCounter(SquaresCounter.BAD_RECORDS);
    BadRecordReason[] reasons = BadRecordReason.values();
    this.byReason = new Counter[reasons.length];
    for (BadRecordReason r : reasons) {
      byReason[r.ordinal()] = context.getCounter(r);
    }
  }

  /**
   * Counts one bad record of which {@code buf[start, end)} may be only a prefix, and keeps it in the
   * sample while there is room: its full length and at most its first {@value
   * BadRecordLine#MAX_RECORD_BYTES} bytes.
   *
   * @param reason why it is bad
   * @param offset its byte offset in the file
   * @param line its 1-based line number, or 0 when unknown (a split that does not start the file)
   * @param buf the record's bytes, or a prefix of them
   * @param start first byte
   * @param end end, exclusive
   * @param length the record's full length in bytes (at least {@code end - start})
   * @throws IOException when the sample cannot be written
   * @throws InterruptedException when interrupted while locating the task's output
   */
  public void record(BadRecordReason reason, long offset, long line, byte[] buf, int start, int end, long length)
      throws IOException, InterruptedException {
    total.increment(1);
    byReason[reason.ordinal()].increment(1);
    if (sampled < sampleSize) {
      sampled++;
      writer().write(BadRecordLine.of(file, line, offset, reason, buf, start, end, length).toLine());
    }
    if (failFast && !stop) {
      stop = true;
      context.getCounter(SquaresCounter.TASKS_STOPPED_ON_BAD_RECORD).increment(1);
    }
  }

  /** @return whether the task should stop reading (fail mode, after a bad record) */
  public boolean stopRequested() {
    return stop;
  }

  private Writer writer() throws IOException, InterruptedException {
    if (sample == null) {
      Path dir = new Path(FileOutputFormat.getWorkOutputPath(context), SAMPLE_DIR);
      Path out = new Path(dir, context.getTaskAttemptID().getTaskID().toString() + ".tsv");
      FileSystem fs = out.getFileSystem(context.getConfiguration());
      sample = new BufferedWriter(new OutputStreamWriter(fs.create(out, true), StandardCharsets.UTF_8));
    }
    return sample;
  }

  @Override
  public void close() throws IOException {
    if (sample != null) {
      sample.close();
      sample = null;
    }
  }
}
