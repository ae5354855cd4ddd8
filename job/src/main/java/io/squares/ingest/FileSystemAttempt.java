package io.squares.ingest;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;

/**
 * One attempt at a split from a Hadoop filesystem ({@code file://}, {@code hdfs://},
 * {@code s3a://}...). The Hadoop stream API blocks, so the copy runs as one task on the I/O
 * executor, and only while the attempt holds a permit; the watchdog aborts a stuck read by closing
 * the source stream. The copy is checked against the length listed when the source was planned,
 * and against {@code sha256=} when given.
 */
final class FileSystemAttempt extends Attempt {
  private volatile InputStream in;

  FileSystemAttempt(Split split, int number, AttemptContext ctx) {
    super(split, number, ctx);
  }

  @Override
  protected void start() {
    ctx.io().execute(this::copy);
  }

  private void copy() {
    SplitWriter writer = null;
    try {
      Path source = new Path(split.uri());
      FileSystem fs = source.getFileSystem(ctx.conf());
      in = fs.open(source);
      touch();
      if (isAborted()) {
        return;
      }
      writer = ctx.staging().open(split.name());
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        touch();
        if (isAborted()) {
          writer.discard();
          return;
        }
        writer.write(buf, 0, n);
        ctx.metrics().add(IngestCounter.BYTES_RECEIVED, n);
      }
      SplitWriter.Written written = writer.finish(split.length(), "the source's listed length",
          split.expectedSha256());
      SplitWriter w = writer;
      writer = null;
      downloaded(w, written);
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        writer.discard();
      }
      fail(e);
    } finally {
      IOUtils.closeStream(in);
    }
  }

  @Override
  protected void cancelIo() {
    InputStream s = in;
    if (s != null) {
      IOUtils.closeStream(s);
    }
  }
}
