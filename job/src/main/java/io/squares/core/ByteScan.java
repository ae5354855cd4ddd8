package io.squares.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds line breaks in bytes eight at a time (SWAR: "SIMD within a register"), for record readers
 * that split a buffer into lines. Plain Java, no Hadoop.
 */
public final class ByteScan {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = ONES * '\n';
  private static final long CRS = ONES * '\r';

  private ByteScan() {
  }

  /**
   * @param buf the bytes
   * @param from the first index to look at
   * @param limit the end of the range, exclusive
   * @return the index of the first {@code '\n'} or {@code '\r'} in {@code buf[from, limit)}, or
   *     {@code limit} when there is none
   */
  public static int lineBreak(byte[] buf, int from, int limit) {
    int i = from;
    for (; i + 8 <= limit; i += 8) {
      long w = (long) LONGS.get(buf, i);
      long lf = w ^ LFS;
      long cr = w ^ CRS;
      // A byte of lf or cr is zero where w holds that byte. (x - 0x01..) & ~x & 0x80.. flags the
      // lowest zero byte exactly (higher flags may be false, after a borrow), and the lowest
      // flag is all that is used: little-endian, so the first matching byte.
      long found = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < limit; i++) {
      byte b = buf[i];
      if (b == '\n' || b == '\r') {
        return i;
      }
    }
    return limit;
  }
}
