package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.core.DecimalParser;
import io.squares.core.ParsedDecimal;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ApproxTable} (exact fields in machine words, sketches and value buffers beside them) against
 * an {@link ApproxStatsWritable} per key fed the same values one by one with the same seed: the same
 * serialized bytes (exact fields and sketch) for every key, through buffers left part-full,
 * keys whose values leave the machine words, and a table cleared and filled again; and the exact
 * fields against BigDecimal arithmetic.
 */
class ApproxTableTest {
  private static final int K = 16; // small k: the sketches compact within a few hundred values

  private static byte[] bytes(ApproxStatsWritable w) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    w.write(new DataOutputStream(b));
    return b.toByteArray();
  }

  private static String value(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> new BigDecimal(r.nextLong()).toPlainString(); // near the long's edges
      case 1 -> "123456789012345678901234." + r.nextInt(1000); // beyond a long: an object
      case 2 -> "-0";
      case 3 -> BigDecimal.valueOf(r.nextInt(2_000_001) - 1_000_000, r.nextInt(12)).toPlainString();
      default -> BigDecimal.valueOf(r.nextInt(20_001) - 10_000, 2).toPlainString();
    };
  }

  @Test
  void everyKeyMatchesAnAggregateFedTheSameValuesOneByOne() throws IOException {
    Random r = new Random(42);
    ApproxTable table = new ApproxTable(K, 1L << 20);
    ParsedDecimal v = new ParsedDecimal();
    for (int round = 0; round < 3; round++) { // the same table, cleared between rounds
      int keys = 1 + r.nextInt(300);
      Map<String, ApproxStatsWritable> expected = new LinkedHashMap<>();
      Map<String, List<BigDecimal>> values = new LinkedHashMap<>();
      int records = 20_000 + r.nextInt(20_000);
      for (int i = 0; i < records; i++) {
        String key = "k" + r.nextInt(keys) + (r.nextInt(50) == 0 ? "-rare-" + i : "");
        String text = value(r);
        DecimalParser.parse(text, v);
        byte[] kb = ("pad" + key).getBytes(StandardCharsets.UTF_8);
        int size = table.size();
        int entry = table.entryOrFull(kb, 3, kb.length);
        assertTrue(entry >= 0, "a 1 MiB budget holds these keys");
        long seed = key.hashCode() * 31L + round;
        if (table.size() > size) {
          table.seed(entry, seed);
          ApproxStatsWritable ref = new ApproxStatsWritable(K);
          ref.seed(seed);
          expected.put(key, ref);
          values.put(key, new ArrayList<>());
        }
        table.add(entry, v);
        expected.get(key).add(v);
        values.get(key).add(new BigDecimal(text));
      }
      assertEquals(expected.size(), table.size());
      List<String> order = new ArrayList<>(expected.keySet());
      for (int e = 0; e < table.size(); e++) {
        String key = new String(table.keyArena(), table.keyOffset(e), table.keyLength(e), StandardCharsets.UTF_8);
        assertEquals(order.get(e), key, "entries in insertion order");
        ApproxStatsWritable got = (ApproxStatsWritable) table.stats(e);
        assertArrayEquals(bytes(expected.get(key)), bytes(got), key);
        List<BigDecimal> vs = values.get(key);
        assertEquals(vs.size(), got.count(), key);
        assertEquals(0, vs.stream().reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(got.sum()), key);
        assertEquals(0, vs.stream().map(x -> x.multiply(x)).reduce(BigDecimal.ZERO, BigDecimal::add)
            .compareTo(got.sumOfSquares()), key);
        assertEquals(0, vs.stream().min(BigDecimal::compareTo).orElseThrow().compareTo(got.min()), key);
        assertEquals(0, vs.stream().max(BigDecimal::compareTo).orElseThrow().compareTo(got.max()), key);
      }
      table.clear();
      assertEquals(0, table.size());
    }
  }

  @Test
  void aKeyReadBeforeItsBufferFillsAndThenFedMoreStaysTheSame() throws IOException {
    ApproxTable table = new ApproxTable(K, 1L << 20);
    ApproxStatsWritable ref = new ApproxStatsWritable(K);
    ref.seed(7);
    byte[] kb = "key".getBytes(StandardCharsets.UTF_8);
    ParsedDecimal v = new ParsedDecimal();
    int entry = table.entryOrFull(kb, 0, kb.length);
    table.seed(entry, 7);
    for (int i = 0; i < 1000; i++) {
      DecimalParser.parse(Integer.toString((i * 7919) % 1009), v);
      table.add(entry, v);
      ref.add(v);
      if (i % 37 == 5) { // mid-buffer reads flush it to the sketch, as the reference does
        assertArrayEquals(bytes(ref), bytes((ApproxStatsWritable) table.stats(entry)), "after " + (i + 1));
      }
    }
    assertArrayEquals(bytes(ref), bytes((ApproxStatsWritable) table.stats(entry)));
  }
}
