package io.squares.mapreduce;

import io.squares.SquaresException;
import io.squares.core.ByteScan;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Reads a split of an uncompressed file, or a whole file of a non-splittable codec (gzip), as
 * {@link LineBlock}s straight from a large buffer: lines are found in place and never copied.
 * Line ownership is {@code LineRecordReader}'s: line terminators are LF, CR LF or a lone CR; a
 * split that does not start the file begins after the first terminator at or after its start; a
 * split owns every line that starts at or before its end, reading past the end to finish the last
 * one. Offsets in compressed files are offsets in the decompressed bytes, as there. Tests check it
 * against {@code LineRecordReader} on random files and split points.
 *
 * <p>A line longer than {@code squares.max-line-bytes} is never held whole: the buffer grows to
 * at most that limit plus two bytes (or its initial 1 MiB); a line that fills it is kept as a prefix
 * of {@value LineBlock#TOO_LONG_PREFIX} bytes and its full length, and the rest is read and
 * dropped ({@link LineBlock#addTooLong(long, int, int, long)}). A codec's error while reading
 * (a truncated or corrupt file) is rethrown naming the file.
 */
public class RawLineBlockReader extends BlockReader {
  private static final int BUFFER = 1 << 20;

  private InputStream in;
  private int maxLineBytes;
  private int maxBuffer; // buf never grows beyond this
  private byte[] buf = new byte[BUFFER];
  private int pos; // next unread byte in buf
  private int limit; // bytes valid in buf
  private long bufStart; // offset in the (decompressed) file of buf[0], or where it would be
  private long start;
  private long end;
  private long lastLineStart; // lines starting after this offset belong to the next split
  private boolean eof;
  private boolean done;

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit split = (FileSplit) genericSplit;
    Configuration conf = context.getConfiguration();
    try {
      maxLineBytes = RecordOptions.maxLineBytes(conf);
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    maxBuffer = Math.max(BUFFER, maxLineBytes + 2);
    start = split.getStart();
    end = start + split.getLength();
    CompressionCodec codec = open(split.getPath(), conf);
    if (codec == null) {
      fileIn.seek(start);
      in = fileIn;
      bufStart = start;
      lastLineStart = end;
      if (start != 0) {
        skipFirstLine();
      }
      return;
    }
    if (start != 0) {
      fileIn.close();
      throw new IOException(file + ": " + codec.getClass().getSimpleName() + " input cannot be split");
    }
    lastLineStart = Long.MAX_VALUE; // the whole file is this split's
    in = decompress(codec);
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
   * Moves unread bytes to the front of the buffer (growing it, up to its bound, when a line is
   * longer than the buffer) and reads more.
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
    if (limit == buf.length) { // never at maxBuffer: nextKeyValue skips such a line instead
      buf = Arrays.copyOf(buf, (int) Math.min(2L * buf.length, maxBuffer));
    }
    return read();
  }

  /**
   * Reads more bytes into {@code buf[limit, buf.length)}.
   *
   * @return false at end of file
   */
  private boolean read() throws IOException {
    int n;
    try {
      n = in.read(buf, limit, buf.length - limit);
    } catch (IOException e) {
      throw readError(e);
    }
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
      if (lineOffset > lastLineStart) { // starts after the split: the next split's line
        done = true;
        break;
      }
      int i = ByteScan.lineBreak(buf, pos, limit);
      if (i == limit && eof) { // end of file: the rest is the last line, unterminated
        if (pos < limit) {
          if (block.size() == 0) {
            key.set(lineOffset);
          }
          add(lineOffset, pos, limit);
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
        if (pos == 0 && limit == buf.length && buf.length == maxBuffer) {
          key.set(lineOffset); // the line is longer than the limit: keep a prefix, drop the rest
          skipTooLong(lineOffset);
          continue;
        }
        fill(); // moves the unread bytes to the front; at end of file it sets eof
        block.wrap(buf);
        continue;
      }
      int next = buf[i] == '\r' && i + 1 < limit && buf[i + 1] == '\n' ? i + 2 : i + 1;
      if (block.size() == 0) {
        key.set(lineOffset);
      }
      add(lineOffset, pos, i);
      pos = next;
      if (block.size() >= LineBlockRecordReader.MAX_LINES || block.bytes() >= LineBlockRecordReader.MAX_BYTES) {
        break;
      }
    }
    return block.size() > 0;
  }

  private void add(long offset, int from, int to) {
    if (to - from > maxLineBytes) {
      block.addTooLong(offset, from, from + LineBlock.TOO_LONG_PREFIX, to - from);
    } else {
      block.addLine(offset, from, to);
    }
  }

  /**
   * The buffer, full at its bound, holds the start of a line (from {@code buf[0]}) with no
   * terminator but perhaps a CR as its last byte: the line is longer than the limit. Keeps its
   * prefix in {@code buf[0, TOO_LONG_PREFIX)}, reads the rest after it a buffer at a time, counting
   * and dropping it up to the line's terminator, and adds the line to the (empty) block. The bytes
   * after the terminator are then unread in the buffer, and {@code bufStart} is set so that
   * {@code bufStart + pos} is still their file offset.
   */
  private void skipTooLong(long lineOffset) throws IOException {
    int keep = LineBlock.TOO_LONG_PREFIX;
    long length = keep;
    int from = keep;
    while (true) {
      int i = ByteScan.lineBreak(buf, from, limit);
      length += i - from;
      if (i < limit) {
        int next;
        long nextOffset = lineOffset + length; // of buf[i], the terminator
        if (buf[i] == '\n') {
          next = i + 1;
        } else if (i + 1 < limit) {
          next = buf[i + 1] == '\n' ? i + 2 : i + 1;
        } else { // a CR ends the buffer: read on to see whether an LF follows
          limit = keep;
          i = keep - 1; // buf[keep] is now the byte after the CR
          next = read() && buf[keep] == '\n' ? keep + 1 : keep;
        }
        bufStart = nextOffset + (next - i) - next;
        pos = next;
        break;
      }
      limit = keep; // drop what was counted; buf[keep] is next at offset lineOffset + length
      from = keep;
      if (!read()) {
        bufStart = lineOffset + length - keep;
        pos = keep;
        break;
      }
    }
    block.addTooLong(lineOffset, 0, keep, length);
  }

  /** @return the buffer's current size in bytes (for tests of the memory bound) */
  int bufferSize() {
    return buf.length;
  }

  @Override
  public float getProgress() throws IOException {
    if (end == start) {
      return 1f;
    }
    long at = compressed ? fileIn.getPos() : bufStart + pos;
    return Math.min(1f, (at - start) / (float) (end - start));
  }
}
