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
 * <p>An entry is a record: one line, or with {@code --multiline} a record whose quoted fields may
 * hold line breaks, which then spans {@link #lineSpan(int)} physical lines. A record longer than
 * {@code squares.max-line-bytes} is held only as a prefix, with its full {@link #length(int)}
 * ({@link #tooLong(int)}).
 */
public class LineBlock implements Writable {
  /** Most bytes of a too-long record that a block holds. */
  public static final int TOO_LONG_PREFIX = 1024;

  private byte[] data = new byte[1 << 16];
  private int used;
  private int[] starts = new int[256];
  private int[] ends = new int[256];
  private long[] offsets = new long[256];
  private int[] spans = new int[256];
  private boolean[] unterminated = new boolean[256];
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
    addLine(offset, start, end, 1);
  }

  /**
   * Appends a record that is already in the wrapped buffer and spans {@code span} physical lines.
   *
   * @param offset the record's byte offset in its file
   * @param start where it starts in the buffer
   * @param end where it ends (exclusive, before its terminator)
   * @param span the physical lines it spans (1 for a record on one line)
   */
  public void addLine(long offset, int start, int end, int span) {
    append(offset, start, end, span, end - start);
    used += end - start;
  }

  /**
   * Appends a record longer than the limit, of which only a prefix is in the wrapped buffer.
   *
   * @param offset the record's byte offset in its file
   * @param start where its prefix starts in the buffer
   * @param end where its prefix ends (exclusive)
   * @param length the record's full length in bytes, without its terminator
   */
  public void addTooLong(long offset, int start, int end, long length) {
    addTooLong(offset, start, end, length, 1);
  }

  /**
   * Appends a record longer than the limit that spans {@code span} physical lines, of which only a
   * prefix is in the wrapped buffer.
   *
   * @param offset the record's byte offset in its file
   * @param start where its prefix starts in the buffer
   * @param end where its prefix ends (exclusive)
   * @param length the record's full length in bytes, without its terminator
   * @param span the physical lines it spans
   */
  public void addTooLong(long offset, int start, int end, long length, int span) {
    if (length <= end - start) {
      throw new IllegalArgumentException("a too-long record of " + length + " bytes holding "
          + (end - start));
    }
    append(offset, start, end, span, length);
    used += end - start;
  }

  private void append(long offset, int start, int end, int span, long length) {
    if (lines == starts.length) {
      starts = Arrays.copyOf(starts, lines * 2);
      ends = Arrays.copyOf(ends, lines * 2);
      offsets = Arrays.copyOf(offsets, lines * 2);
      spans = Arrays.copyOf(spans, lines * 2);
      unterminated = Arrays.copyOf(unterminated, lines * 2);
      lengths = Arrays.copyOf(lengths, lines * 2);
    }
    starts[lines] = start;
    ends[lines] = end;
    offsets[lines] = offset;
    spans[lines] = span;
    unterminated[lines] = false;
    lengths[lines] = length;
    lines++;
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
    add(offset, buf, start, length, 1);
  }

  /**
   * Appends one record that spans {@code span} physical lines.
   *
   * @param offset the record's byte offset in its file
   * @param buf the record's bytes
   * @param start first byte
   * @param length bytes
   * @param span the physical lines it spans (1 for a record on one line)
   */
  public void add(long offset, byte[] buf, int start, int length, int span) {
    copy(offset, buf, start, start + length, span, length);
  }

  /**
   * Appends a record longer than the limit, copying only its prefix.
   *
   * @param offset the record's byte offset in its file
   * @param buf the buffer holding its prefix
   * @param start where its prefix starts
   * @param end where its prefix ends (exclusive)
   * @param length the record's full length in bytes, without its terminator
   */
  public void addTooLong(long offset, byte[] buf, int start, int end, long length) {
    if (length <= end - start) {
      throw new IllegalArgumentException("a too-long record of " + length + " bytes holding "
          + (end - start));
    }
    copy(offset, buf, start, end, 1, length);
  }

  private void copy(long offset, byte[] buf, int start, int end, int span, long length) {
    int n = end - start;
    if (used + n > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, used + n));
    }
    System.arraycopy(buf, start, data, used, n);
    append(offset, used, used + n, span, length);
    used += n;
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

  /** @return the physical lines record {@code i} spans (1 unless a quoted field holds line breaks) */
  public int lineSpan(int i) {
    return spans[i];
  }

  /**
   * Marks the record added last as the rest of a file after a quote that was never closed
   * ({@code --multiline}): it is then an unterminated-quote record whatever its bytes look like.
   */
  public void markUnterminated() {
    unterminated[lines - 1] = true;
  }

  /** @return whether record {@code i} was marked with {@link #markUnterminated()} */
  public boolean unterminated(int i) {
    return unterminated[i];
  }

  /** @return whether record {@code i} is longer than the limit, so only its prefix is held */
  public boolean tooLong(int i) {
    return lengths[i] != ends[i] - starts[i];
  }

  /** @return record {@code i}'s full length in bytes, without its terminator */
  public long length(int i) {
    return lengths[i];
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, lines);
    for (int i = 0; i < lines; i++) {
      WritableUtils.writeVLong(out, offsets[i]);
      WritableUtils.writeVInt(out, ends[i] - starts[i]);
      out.write(data, starts[i], ends[i] - starts[i]);
      WritableUtils.writeVInt(out, spans[i]);
      out.writeBoolean(unterminated[i]);
      WritableUtils.writeVLong(out, lengths[i]);
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
      int span = WritableUtils.readVInt(in);
      boolean open = in.readBoolean();
      long full = WritableUtils.readVLong(in);
      if (full == length) {
        add(offset, line, 0, length, span);
      } else {
        copy(offset, line, 0, length, span, full);
      }
      if (open) {
        markUnterminated();
      }
    }
  }
}
