package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void aBoundedTableNeverHoldsMoreBytesThanItsBudget() {
    Random r = new Random(42);
    for (long budget : new long[] {1, 4096, 64 << 10, 1 << 20}) {
      StatsTable<ExactStats> table = new StatsTable<>(ExactStats::new, budget);
      Map<String, List<BigDecimal>> oracle = new HashMap<>();
      ParsedDecimal v = new ParsedDecimal();
      for (int round = 0; round < 3; round++) {
        int refused = 0;
        for (int n = 0; n < 50_000 && refused < 100; n++) {
          String key = randomKey(r) + n; // mostly new keys
          byte[] k = key.getBytes(StandardCharsets.UTF_8);
          int before = table.size();
          ExactStats s = table.getOrNull(k, 0, k.length);
          if (s == null) {
            refused++;
            assertEquals(before, table.size(), "a refused key changes nothing");
            continue;
          }
          v.set(n, 0);
          s.add(v);
          oracle.computeIfAbsent(key, x -> new ArrayList<>()).add(BigDecimal.valueOf(n));
          assertTrue(table.bytes() <= budget || table.size() == 1,
              table.bytes() + " bytes of " + budget + " with " + table.size() + " keys");
        }
        assertTrue(refused > 0, "the table filled");
        // Keys already held are still found, and still counted, when the table is full.
        for (String key : oracle.keySet()) {
          byte[] k = key.getBytes(StandardCharsets.UTF_8);
          ExactStats s = table.getOrNull(k, 0, k.length);
          v.set(-7, 0);
          s.add(v);
          oracle.get(key).add(BigDecimal.valueOf(-7));
        }
        check(table, oracle);
        table.clear();
        oracle.clear();
      }
    }
  }

  @Test
  void aBudgetOfAFewMegabytesHoldsKeysAtTheDocumentedCost() {
    long budget = 8 << 20;
    StatsTable<ExactStats> table = new StatsTable<>(ExactStats::new, budget);
    int n = 0;
    byte[] k = new byte[8];
    while (true) {
      byte[] key = String.format("k%07d", n).getBytes(StandardCharsets.UTF_8);
      if (table.getOrNull(key, 0, key.length) == null) {
        break;
      }
      n++;
    }
    // Each key costs its aggregate, its share of the hash arrays (which double) and its 8 bytes.
    long perKey = StatsTable.AGGREGATE_BYTES + StatsTable.ARRAY_BYTES + k.length;
    assertTrue(n <= budget / perKey, n + " keys");
    assertTrue(n >= budget / (perKey + StatsTable.ARRAY_BYTES) / 2, n + " keys");
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

  /** Feeds keys until one is refused; returns where that happened and the bytes after each key. */
  private static List<Long> fill(AggregateTable<ExactStats> table, List<byte[]> keys) {
    List<Long> trace = new ArrayList<>();
    for (byte[] k : keys) {
      int e = table.entryOrFull(k, 0, k.length);
      trace.add(e < 0 ? -1L : table.bytes());
      if (e < 0) {
        table.clear();
      }
    }
    return trace;
  }

  @Test
  void aRestartedTableFillsExactlyAsANewOne() {
    Random r = new Random(11);
    int clearedDiffers = 0;
    for (long budget : new long[] {6000, 20_000, 100_000, 1 << 20}) {
      for (boolean compact : new boolean[] {false, true}) {
        List<byte[]> history = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // long keys, so the arena and arrays grow
          history.add(("h" + r.nextInt(50_000) + "-".repeat(r.nextInt(60))).getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
          keys.add(("k" + r.nextInt(400)).getBytes(StandardCharsets.UTF_8));
        }
        AggregateTable<ExactStats> fresh = compact ? new CompactStatsTable<>(ExactStats::new, budget)
            : new StatsTable<>(ExactStats::new, budget);
        AggregateTable<ExactStats> used = compact ? new CompactStatsTable<>(ExactStats::new, budget)
            : new StatsTable<>(ExactStats::new, budget);
        AggregateTable<ExactStats> cleared = compact ? new CompactStatsTable<>(ExactStats::new, budget)
            : new StatsTable<>(ExactStats::new, budget);
        fill(used, history);
        fill(cleared, history);
        used.restart();
        cleared.clear();
        List<Long> expected = fill(fresh, keys);
        assertEquals(expected, fill(used, keys), "budget " + budget + (compact ? ", compact" : ""));
        clearedDiffers += expected.equals(fill(cleared, keys)) ? 0 : 1;
      }
    }
    assertTrue(clearedDiffers > 0, "clear() alone already forgot the history: restart() was not tested");
  }
}
