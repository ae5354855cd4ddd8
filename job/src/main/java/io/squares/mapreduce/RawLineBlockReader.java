package io.squares.mapreduce;

import io.squares.core.ByteScan;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Reads an uncompressed split as {@link LineBlock}s straight from a large buffer: lines are found
 * in place and never copied. Line ownership is {@code LineRecordReader}'s: line terminators are
 * LF, CR LF or a lone CR; a split that does not start the file begins after the first terminator at
 * or after its start; a split owns every line that starts at or before its end, reading past the
 * end to finish the last one. Tests check it against {@code LineRecordReader} on random files and
 * split points.
 */
public class RawLineBlockReader extends RecordReader<LongWritable, LineBlock> {
  private static final int BUFFER = 1 << 20;

  private final LongWritable key = new LongWritable();
  private final LineBlock block = new LineBlock();
  private InputStream in;
  private byte[] buf = new byte[BUFFER];
  private int pos; // next unread byte in buf
  private int limit; // bytes valid in buf
  private long bufStart; // file offset of buf[0]
  private long start;
  private long end;
  private boolean eof;
  private boolean done;

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit split = (FileSplit) genericSplit;
    start = split.getStart();
    end = start + split.getLength();
    Path file = split.getPath();
    FileSystem fs = file.getFileSystem(context.getConfiguration());
    FSDataInputStream stream = fs.open(file);
    stream.seek(start);
    in = stream;
    bufStart = start;
    if (start != 0) {
      skipFirstLine();
    }
  }

  /** Skips to just after the first line terminator at or after the split's start. */
  private void skipFirstLine() throws IOException {
    while (true) {
      if (pos == limit && !fill()) {
        done = true;
        return;
      }
      byte b = buf[pos++];
      if (b == '\n') {
        return;
      }
      if (b == '\r') {
        if (pos == limit && !fill()) {
          return;
        }
        if (buf[pos] == '\n') {
          pos++;
        }
        return;
      }
    }
  }

  /**
   * Moves unread bytes to the front of the buffer (growing it for a line longer than the buffer)
   * and reads more.
   *
   * @return false at end of file with nothing new read
   */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int keep = limit - pos;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, keep);
      bufStart += pos;
      pos = 0;
      limit = keep;
    }
    if (limit == buf.length) {
      buf = java.util.Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n <= 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (done) {
      return false;
    }
    block.wrap(buf);
    while (true) {
      long lineOffset = bufStart + pos;
      if (lineOffset > end) { // starts after the split: the next split's line
        done = true;
        break;
      }
      int i = ByteScan.lineBreak(buf, pos, limit);
      if (i == limit && eof) { // end of file: the rest is the last line, unterminated
        if (pos < limit) {
          if (block.size() == 0) {
            key.set(lineOffset);
          }
          block.addLine(lineOffset, pos, limit);
          pos = limit;
        }
        done = true;
        break;
      }
      if (i == limit || (buf[i] == '\r' && i + 1 == limit && !eof)) {
        // The line (or whether a CR is followed by LF) runs past the buffer.
        if (block.size() > 0) {
          break; // hand over what is complete; the buffer is refilled on the next call
        }
        fill(); // moves the unread bytes to the front; at end of file it sets eof
        block.wrap(buf);
        continue;
      }
      int next = buf[i] == '\r' && i + 1 < limit && buf[i + 1] == '\n' ? i + 2 : i + 1;
      if (block.size() == 0) {
        key.set(lineOffset);
      }
      block.addLine(lineOffset, pos, i);
      pos = next;
      if (block.size() >= LineBlockRecordReader.MAX_LINES || block.bytes() >= LineBlockRecordReader.MAX_BYTES) {
        break;
      }
    }
    return block.size() > 0;
  }

  @Override
  public LongWritable getCurrentKey() {
    return key;
  }

  @Override
  public LineBlock getCurrentValue() {
    return block;
  }

  @Override
  public float getProgress() {
    if (end == start) {
      return 1f;
    }
    return Math.min(1f, (bufStart + pos - start) / (float) (end - start));
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
