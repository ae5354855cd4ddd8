package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountTableTest {
  private static Map<String, Long> drain(CountTable t, Map<String, Long> into) {
    for (int e = 0; e < t.size(); e++) {
      into.merge(new String(t.arena(), t.offset(e), t.length(e), StandardCharsets.ISO_8859_1), t.count(e), Long::sum);
    }
    t.clear();
    return into;
  }

  @Test
  void countsLikeAHashMapAcrossFlushesAndStaysWithinItsBudget() {
    long budget = 256 * 1024;
    CountTable t = new CountTable(budget);
    Map<String, Long> expected = new HashMap<>();
    Map<String, Long> got = new HashMap<>();
    SplittableRandom r = new SplittableRandom(9);
    int flushes = 0;
    for (int i = 0; i < 200_000; i++) {
      String k = "k" + r.nextInt(30_000) + "/" + "x".repeat(r.nextInt(20));
      byte[] b = ("##" + k + "##").getBytes(StandardCharsets.ISO_8859_1);
      expected.merge(k, 1L, Long::sum);
      if (!t.increment(b, 2, b.length - 2, 1)) {
        drain(t, got);
        flushes++;
        assertTrue(t.increment(b, 2, b.length - 2, 1));
      }
      assertTrue(t.bytes() <= budget, "bytes " + t.bytes());
    }
    drain(t, got);
    assertEquals(expected, got);
    assertTrue(flushes > 0);
  }

  @Test
  void fullTableRefusesOnlyNewStrings() {
    CountTable t = new CountTable(1); // below its starting size: it never grows
    byte[] a = {1, 2, 3};
    assertTrue(t.increment(a, 0, 3, 5));
    int i = 0;
    while (t.increment(new byte[] {(byte) (i >> 16), (byte) (i >> 8), (byte) i, 9}, 0, 4, 1)) {
      i++;
    }
    assertEquals(1023, i); // its starting capacity, 1024 strings
    assertTrue(t.increment(a, 0, 3, 2));
    assertFalse(t.increment(new byte[] {7, 7, 7, 7}, 0, 4, 1));
    assertEquals(7, t.count(0));
  }
}
