package io.squares.core;

/**
 * The byte form of a sorted run: one key's distinct values in ascending order, each with how many
 * times it occurred. Each entry is the value's {@link OrderedDecimal} encoding (self-delimiting,
 * byte order = numeric order) followed by its count as an unsigned LEB128 varint (7 bits a byte,
 * low first, high bit set on every byte but the last). A run is just its entries back to back;
 * its length is carried by whoever holds it.
 */
public final class SortedRun {
  /** The most bytes a count takes. */
  public static final int MAX_COUNT_BYTES = 10;
  /** The most bytes an entry of a value {@link DecimalParser} accepts takes. */
  public static final int MAX_ENTRY_BYTES = OrderedDecimal.MAX_PARSED_LENGTH + MAX_COUNT_BYTES;

  private SortedRun() {
  }

  /**
   * Writes a count.
   *
   * @param n the count, at least 1
   * @param out receives it at {@code at}; needs up to {@link #MAX_COUNT_BYTES}
   * @param at where to write
   * @return the position after it
   */
  public static int writeCount(long n, byte[] out, int at) {
    int p = at;
    long v = n;
    while ((v & ~0x7FL) != 0) {
      out[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[p++] = (byte) v;
    return p;
  }

  /**
   * Reads a count.
   *
   * @param in the bytes
   * @param at where the count starts
   * @param end where the readable bytes end
   * @param pos receives the position after the count in {@code pos[0]}
   * @return the count, or -1 when it does not end before {@code end}
   */
  public static long readCount(byte[] in, int at, int end, int[] pos) {
    long v = 0;
    int shift = 0;
    for (int p = at; p < end && shift < 64; p++) {
      byte b = in[p];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        pos[0] = p + 1;
        return v;
      }
      shift += 7;
    }
    return -1;
  }
}
