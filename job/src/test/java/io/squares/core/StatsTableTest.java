package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StatsTable} against a {@code HashMap<String, List<BigDecimal>>}: keys of every length
 * (empty, short, word-sized, long, non-ASCII), found at any offset inside larger buffers, through
 * growth and repeated clears.
 */
class StatsTableTest {
  private static final String[] ALPHABET = {"a", "b", "k", "0", "9", "é", "\u20ac", "\t", " "};

  private static String randomKey(Random r) {
    int len = switch (r.nextInt(6)) {
      case 0 -> 0;
      case 1 -> 1 + r.nextInt(3);
      case 2 -> 7 + r.nextInt(3); // around one 8-byte word
      case 3 -> 15 + r.nextInt(3);
      case 4 -> 30 + r.nextInt(40);
      default -> 4 + r.nextInt(6);
    };
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  /** Feeds records into the table, each key placed at a random offset of a reused noisy buffer. */
  private static void feed(StatsTable<ExactStats> table, Map<String, List<BigDecimal>> oracle,
      List<String> keys, int records, Random r) {
    byte[] buf = new byte[256];
    ParsedDecimal v = new ParsedDecimal();
    for (int n = 0; n < records; n++) {
      String key = keys.get(r.nextInt(keys.size()));
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      r.nextBytes(buf); // the bytes around the key are noise the table must not look at
      int start = r.nextInt(buf.length - k.length + 1);
      System.arraycopy(k, 0, buf, start, k.length);
      long value = r.nextInt(2_000_001) - 1_000_000;
      v.set(value, 0);
      table.get(buf, start, start + k.length).add(v);
      oracle.computeIfAbsent(key, x -> new ArrayList<>()).add(BigDecimal.valueOf(value));
    }
  }

  private static void check(StatsTable<ExactStats> table, Map<String, List<BigDecimal>> oracle) {
    assertEquals(oracle.size(), table.size());
    Map<String, ExactStats> seen = new HashMap<>();
    for (int e = 0; e < table.size(); e++) {
      String key = new String(table.keyArena(), table.keyOffset(e), table.keyLength(e), StandardCharsets.UTF_8);
      assertEquals(null, seen.put(key, table.stats(e)), "each key once: " + key);
    }
    for (Map.Entry<String, List<BigDecimal>> o : oracle.entrySet()) {
      ExactStats s = seen.get(o.getKey());
      StatsOracle expected = new StatsOracle(o.getValue());
      assertEquals(expected.n, s.count(), o.getKey());
      assertEquals(0, expected.sum.compareTo(s.sum()), o.getKey());
      assertEquals(0, expected.sumOfSquares.compareTo(s.sumOfSquares()), o.getKey());
      assertEquals(0, expected.min.compareTo(s.min()), o.getKey());
      assertEquals(0, expected.max.compareTo(s.max()), o.getKey());
    }
  }

  @Test
  void groupsRecordsByKeyBytesAcrossGrowthAndClears() {
    Random r = new Random(20261126);
    StatsTable<ExactStats> table = new StatsTable<>(ExactStats::new);
    for (int round = 0; round < 4; round++) {
      List<String> keys = new ArrayList<>(new LinkedHashMap<String, Boolean>() {
        {
          int want = 1 + r.nextInt(3000);
          while (size() < want) {
            put(randomKey(r), Boolean.TRUE);
          }
        }
      }.keySet());
      Map<String, List<BigDecimal>> oracle = new HashMap<>();
      feed(table, oracle, keys, 20_000, r);
      check(table, oracle);
      table.clear();
      assertEquals(0, table.size());
    }
  }

  @Test
  void aKeyIsFoundAgainWhereverItsBytesLie() {
    StatsTable<ExactStats> table = new StatsTable<>(ExactStats::new);
    byte[] a = "xxk000042yy".getBytes(StandardCharsets.UTF_8);
    byte[] b = "k000042".getBytes(StandardCharsets.UTF_8);
    ExactStats first = table.get(a, 2, 9);
    assertSame(first, table.get(b, 0, b.length));
    assertEquals(1, table.size());
    // A prefix, or the same bytes with one changed, is another key.
    table.get(b, 0, 6);
    b[6] = '3';
    table.get(b, 0, 7);
    assertEquals(3, table.size());
  }
}
