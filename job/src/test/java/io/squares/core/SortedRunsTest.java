package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ValueRunBuffer} (map side: values of many keys to one sorted run per key) and
 * {@link RunStore} (reduce side: a key's runs merged, in memory or through a spill file) against
 * a TreeMap of BigDecimal counts: every distinct value in order, with its count, whatever the
 * buffer and store budgets, run forms (long at one scale, mixed scales, encoded) and values.
 */
class SortedRunsTest {
  @TempDir Path tmp;

  private static final String[] ODD = {"9223372036854775807", "-9223372036854775808", "9007199254740993",
      "9007199254740992", "123456789012345678901234567890.5", "-0.000000000000000000001", "1e-30", "-0", "0",
      "1e999", "-2.50", "0.1", "0.10000000000000000001", "-1e-999"};

  /** Values of one kind: 0 small integers (many ties), 1 decimals of mixed scales, 2 anything. */
  private static String value(SplittableRandom r, int kind) {
    switch (kind) {
      case 0:
        return Long.toString(r.nextLong(-50, 50));
      case 1:
        return BigDecimal.valueOf(r.nextLong(-100000, 100000), r.nextInt(0, 4)).toPlainString();
      default:
        return r.nextInt(4) == 0 ? ODD[r.nextInt(ODD.length)] : Long.toString(r.nextLong());
    }
  }

  @Test
  void buffersAndStoresMergeToTheExactDistinctValuesWithCounts() throws Exception {
    for (long seed = 1; seed <= 12; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      int keys = 1 + r.nextInt(6);
      int kindOf = r.nextInt(3);
      long mapBudget = new long[] {1, 300, 5000, 1 << 20}[r.nextInt(4)];
      long reduceBudget = new long[] {1, 200, 1 << 20}[r.nextInt(3)];
      List<Map<BigDecimal, Long>> oracle = new ArrayList<>();
      List<RunStore> stores = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        oracle.add(new TreeMap<>());
        RunStore store = new RunStore(reduceBudget, tmp.resolve("s" + seed));
        store.maxOpen(2 + r.nextInt(3));
        stores.add(store);
      }
      ValueRunBuffer buffer = new ValueRunBuffer(mapBudget);
      ParsedDecimal d = new ParsedDecimal();
      int n = 1 + r.nextInt(3000);
      for (int i = 0; i < n; i++) {
        int k = r.nextInt(keys);
        String text = value(r, kindOf == 2 ? r.nextInt(3) : kindOf);
        assertEquals(null, DecimalParser.parse(text, d), text);
        oracle.get(k).merge(new BigDecimal(text).stripTrailingZeros(), 1L, Long::sum);
        if (!buffer.add(k, d)) {
          emit(buffer, keys, stores);
          assertTrue(buffer.add(k, d), "an empty buffer takes a value");
        }
      }
      emit(buffer, keys, stores);
      for (int k = 0; k < keys; k++) {
        TreeMap<BigDecimal, Long> got = new TreeMap<>();
        List<BigDecimal> order = new ArrayList<>();
        stores.get(k).merge(e -> {
          order.add(e.value());
          got.put(e.value(), e.count());
          return true;
        });
        assertEquals(oracle.get(k), got, "seed " + seed + " key " + k);
        assertEquals(new ArrayList<>(got.keySet()), order, "ascending, each once");
        stores.get(k).close();
      }
    }
    try (var files = Files.walk(tmp)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("squares-runs-")), "spill files removed");
    }
  }

  private static void emit(ValueRunBuffer buffer, int keys, List<RunStore> stores) throws Exception {
    buffer.prepare(keys);
    for (int k = 0; k < keys; k++) {
      int len = buffer.writeRun(k);
      stores.get(k).add(buffer.run(), 0, len);
    }
    buffer.clear();
  }

  @Test
  void aMergeStopsWhenTheSinkSaysSo() throws Exception {
    ValueRunBuffer buffer = new ValueRunBuffer(1 << 20);
    ParsedDecimal d = new ParsedDecimal();
    for (int i = 0; i < 100; i++) {
      d.set(i, 0);
      buffer.add(0, d);
    }
    buffer.prepare(1);
    try (RunStore store = new RunStore(1 << 20, tmp)) {
      store.add(buffer.run(), 0, buffer.writeRun(0));
      List<BigDecimal> seen = new ArrayList<>();
      store.merge(e -> {
        seen.add(e.value());
        return seen.size() < 3;
      });
      assertEquals(List.of(BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.valueOf(2)), seen);
    }
  }

  @Test
  void longRunsAreDeltaEncodedAndSmall() {
    ValueRunBuffer buffer = new ValueRunBuffer(1 << 20);
    ParsedDecimal d = new ParsedDecimal();
    for (int i = 0; i < 1000; i++) {
      d.set(1_000_000 + 3L * i, 2);
      buffer.add(0, d);
    }
    buffer.prepare(1);
    int len = buffer.writeRun(0);
    assertEquals(SortedRun.LONG_FORM, buffer.run()[0]);
    assertEquals(2, buffer.run()[1]);
    assertTrue(len < 2 + 4 + 1 + 999 * 2, "about two bytes a value: " + len);
  }
}
