package io.squares.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A block of consecutive lines of one split, handed to a mapper as one record. Hadoop's per-record
 * framework work (progress, input-byte accounting over every filesystem statistics object) then
 * happens once per block instead of once per line, which on small records costs more than parsing
 * them. Each line keeps its byte offset in the file for bad-record reports. Reused by the reader.
 *
 * <p>A line longer than {@code squares.max-line-bytes} is held only as a prefix (at most {@value
 * #TOO_LONG_PREFIX} bytes) with its full length: {@link #tooLong(int)} tells it, {@link
 * #length(int)} gives the length.
 */
public class LineBlock implements Writable {
  /** Most bytes of a too-long line that a block holds. */
  public static final int TOO_LONG_PREFIX = 1024;

  private byte[] data = new byte[1 << 16];
  private int used;
  private int[] starts = new int[256];
  private int[] ends = new int[256];
  private long[] offsets = new long[256];
  private long[] lengths = new long[256];
  private int lines;

  /** Empties the block, keeping its buffers. */
  public void clear() {
    used = 0;
    lines = 0;
  }

  /**
   * Makes the block describe lines that already sit in a caller's buffer, without copying them;
   * add them with {@link #addLine}. The buffer must stay unchanged while the block is in use.
   *
   * @param buffer the bytes the lines will point into
   */
  public void wrap(byte[] buffer) {
    data = buffer;
    used = 0;
    lines = 0;
  }

  /**
   * Appends a line that is already in the wrapped buffer.
   *
   * @param offset the line's byte offset in its file
   * @param start where it starts in the buffer
   * @param end where it ends (exclusive, before its terminator)
   */
  public void addLine(long offset, int start, int end) {
    if (lines == starts.length) {
      grow();
    }
    starts[lines] = start;
    ends[lines] = end;
    offsets[lines] = offset;
    lengths[lines] = end - start;
    used += end - start;
    lines++;
  }

  /**
   * Appends a line longer than the limit of which only a prefix is in the wrapped buffer.
   *
   * @param offset the line's byte offset in its file
   * @param start where the prefix starts in the buffer
   * @param end where it ends (exclusive); at most {@value #TOO_LONG_PREFIX} bytes after start
   * @param length the line's full length in bytes, without terminator (more than the limit)
   */
  public void addTooLong(long offset, int start, int end, long length) {
    addLine(offset, start, end);
    lengths[lines - 1] = length;
  }

  /**
   * Appends a copy of a line longer than the limit: its prefix and its full length.
   *
   * @param offset the line's byte offset in its file
   * @param buf holds the prefix
   * @param start where the prefix starts
   * @param end where it ends (exclusive); at most {@value #TOO_LONG_PREFIX} bytes after start
   * @param length the line's full length in bytes, without terminator (more than the limit)
   */
  public void addTooLong(long offset, byte[] buf, int start, int end, long length) {
    add(offset, buf, start, end - start);
    lengths[lines - 1] = length;
  }

  private void grow() {
    starts = Arrays.copyOf(starts, lines * 2);
    ends = Arrays.copyOf(ends, lines * 2);
    offsets = Arrays.copyOf(offsets, lines * 2);
    lengths = Arrays.copyOf(lengths, lines * 2);
  }

  /**
   * Appends one line.
   *
   * @param offset the line's byte offset in its file
   * @param line the line without terminator
   */
  public void add(long offset, Text line) {
    add(offset, line.getBytes(), 0, line.getLength());
  }

  /**
   * Appends one line.
   *
   * @param offset the line's byte offset in its file
   * @param buf the line's bytes
   * @param start first byte
   * @param length bytes
   */
  public void add(long offset, byte[] buf, int start, int length) {
    if (used + length > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, used + length));
    }
    if (lines == starts.length) {
      grow();
    }
    System.arraycopy(buf, start, data, used, length);
    starts[lines] = used;
    used += length;
    ends[lines] = used;
    offsets[lines] = offset;
    lengths[lines] = length;
    lines++;
  }

  /** @return bytes of line data held */
  public int bytes() {
    return used;
  }

  /** @return the number of lines */
  public int size() {
    return lines;
  }

  /** @return the buffer holding every line's bytes */
  public byte[] data() {
    return data;
  }

  /** @return where line {@code i} starts in {@link #data()} */
  public int start(int i) {
    return starts[i];
  }

  /** @return where line {@code i} ends (exclusive) in {@link #data()} */
  public int end(int i) {
    return ends[i];
  }

  /** @return line {@code i}'s byte offset in its file */
  public long offset(int i) {
    return offsets[i];
  }

  /**
   * @param i a line
   * @return whether line {@code i} is longer than the limit: only its prefix is held
   */
  public boolean tooLong(int i) {
    return lengths[i] != ends[i] - starts[i];
  }

  /**
   * @param i a line
   * @return line {@code i}'s full length in bytes, without terminator ({@code end(i) - start(i)}
   *     unless {@link #tooLong(int)})
   */
  public long length(int i) {
    return lengths[i];
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, lines);
    for (int i = 0; i < lines; i++) {
      int held = ends[i] - starts[i];
      WritableUtils.writeVLong(out, offsets[i]);
      WritableUtils.writeVInt(out, held);
      out.write(data, starts[i], held);
      WritableUtils.writeVLong(out, lengths[i] - held); // 0 unless too long
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    clear();
    int n = WritableUtils.readVInt(in);
    byte[] line = new byte[0];
    for (int i = 0; i < n; i++) {
      long offset = WritableUtils.readVLong(in);
      int length = WritableUtils.readVInt(in);
      if (line.length < length) {
        line = new byte[length];
      }
      in.readFully(line, 0, length);
      long beyond = WritableUtils.readVLong(in);
      if (beyond == 0) {
        add(offset, line, 0, length);
      } else {
        addTooLong(offset, line, 0, length, length + beyond);
      }
    }
  }
}
