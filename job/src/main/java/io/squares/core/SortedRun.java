package io.squares.core;

/**
 * The byte form of a sorted run: one key's distinct values in ascending order, each with how many
 * times it occurred. A run starts with a form byte:
 * <ul>
 *   <li>{@link #LONG_FORM}: every value is {@code unscaled × 10^-scale} with a long unscaled value
 *       and the run's one scale (the next byte, 0..18); then per entry the unscaled value, the
 *       first as a zigzag varint and each next as its (positive) difference from the previous as
 *       an unsigned varint, then the count. Small and quick to merge: the usual form.</li>
 *   <li>{@link #ENCODED_FORM}: per entry the value's {@link OrderedDecimal} encoding
 *       (self-delimiting, byte order = numeric order), then the count.</li>
 * </ul>
 * Varints are unsigned LEB128 (7 bits a byte, low first, the high bit set on every byte but the
 * last). An empty run has no bytes at all; a run's length is carried by whoever holds it.
 */
public final class SortedRun {
  /** Form byte of a run of long unscaled values at one scale, delta-encoded. */
  public static final byte LONG_FORM = 1;
  /** Form byte of a run of {@link OrderedDecimal} encodings. */
  public static final byte ENCODED_FORM = 2;
  /** The most bytes a varint takes. */
  public static final int MAX_VARINT_BYTES = 10;
  /** The most bytes a count takes. */
  public static final int MAX_COUNT_BYTES = MAX_VARINT_BYTES;
  /** The most bytes an entry of a value {@link DecimalParser} accepts takes (either form). */
  public static final int MAX_ENTRY_BYTES = OrderedDecimal.MAX_PARSED_LENGTH + MAX_COUNT_BYTES;

  private SortedRun() {
  }

  /**
   * Writes an unsigned varint.
   *
   * @param n the value, taken as unsigned
   * @param out receives it at {@code at}; needs up to {@link #MAX_VARINT_BYTES}
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
   * Reads an unsigned varint.
   *
   * @param in the bytes
   * @param at where it starts
   * @param end where the readable bytes end
   * @param pos receives the position after it in {@code pos[0]}
   * @return the value; {@code pos[0]} is set to -1 when it does not end before {@code end}
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
    pos[0] = -1;
    return 0;
  }

  /** @return the zigzag form of a signed value (small magnitudes, small varints) */
  public static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /** @return the signed value of a zigzag form */
  public static long unzigzag(long z) {
    return (z >>> 1) ^ -(z & 1);
  }
}
