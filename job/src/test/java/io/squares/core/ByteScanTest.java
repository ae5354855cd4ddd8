package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteScanTest {
  /** The oracle: a byte at a time. */
  private static int naive(byte[] b, int from, int limit) {
    for (int i = from; i < limit; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        return i;
      }
    }
    return limit;
  }

  @Test
  void findsTheFirstLineBreakAtEveryPositionAndAlignment() {
    // Bytes chosen to provoke the SWAR trick's borrows: neighbours of LF and CR (0x09, 0x0B, 0x0C,
    // 0x0E), 0x00, 0x01, 0x80, 0xFF and high bytes whose low bits match.
    byte[] pool = {'a', '0', ',', 0x00, 0x01, 0x09, 0x0B, 0x0C, 0x0E, (byte) 0x80, (byte) 0x8A, (byte) 0x8D,
        (byte) 0xFF, (byte) 0x0A, (byte) 0x0D};
    Random r = new Random(42);
    for (int round = 0; round < 200_000; round++) {
      int n = 1 + r.nextInt(40);
      byte[] b = new byte[n];
      int breaks = r.nextInt(4);
      for (int i = 0; i < n; i++) {
        b[i] = pool[r.nextInt(pool.length - 2)];
      }
      for (int k = 0; k < breaks; k++) {
        b[r.nextInt(n)] = r.nextBoolean() ? (byte) '\n' : (byte) '\r';
      }
      int from = r.nextInt(n + 1);
      int limit = from + r.nextInt(n - from + 1);
      assertEquals(naive(b, from, limit), ByteScan.lineBreak(b, from, limit));
    }
  }

  @Test
  void noBreakGivesTheLimit() {
    byte[] b = "k000001,123456\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(14, ByteScan.lineBreak(b, 0, b.length));
    assertEquals(14, ByteScan.lineBreak(b, 0, 14));
    assertEquals(5, ByteScan.lineBreak(b, 0, 5));
    assertEquals(3, ByteScan.lineBreak(b, 3, 3));
  }
}
