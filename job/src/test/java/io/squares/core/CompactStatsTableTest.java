package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CompactStatsTable} against a BigDecimal oracle ({@link StatsOracle}: sums, squares, min and
 * max of the values as BigDecimals) and against {@link ExactStats} fed the same values (equal state
 * and serialized bytes: the table's contract), for random and adversarial values (scale changes
 * both ways, sums and squares crossing 2^63 and 2^127, BigInteger values, -0), keys of every length
 * at any offset, budgets from 1 byte to megabytes, and the emit-and-clear path of a full table.
 */
class CompactStatsTableTest {
  private static final String[] ALPHABET = {"a", "b", "k", "0", "9", "é", "\u20ac", "\t", " "};

  private static String randomKey(Random r) {
    int len = switch (r.nextInt(6)) {
      case 0 -> 0;
      case 1 -> 1 + r.nextInt(3);
      case 2 -> 7 + r.nextInt(3);
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

  /** Values at the edges of the machine words and scales; each list is one key's values. */
  private static List<List<BigDecimal>> adversarialGroups() {
    BigDecimal maxLong = BigDecimal.valueOf(Long.MAX_VALUE);
    BigDecimal minLong = BigDecimal.valueOf(Long.MIN_VALUE);
    List<List<BigDecimal>> groups = new ArrayList<>();
    groups.add(List.of(maxLong, BigDecimal.ONE)); // sum crosses 2^63
    groups.add(List.of(minLong, BigDecimal.ONE.negate())); // sum crosses -2^63
    groups.add(List.of(minLong)); // one value at the very bottom
    groups.add(List.of(minLong, minLong)); // squares 2^127: past 128 signed bits
    groups.add(List.of(maxLong, maxLong)); // squares just under 2^127
    groups.add(List.of(maxLong, maxLong, maxLong)); // squares past 2^127
    groups.add(List.of(new BigDecimal("12345678901234567890123"), BigDecimal.ONE)); // BigInteger
    groups.add(List.of(BigDecimal.ONE, new BigDecimal("-98765432109876543210.5")));
    groups.add(List.of(new BigDecimal("1"), new BigDecimal("0.5"), new BigDecimal("0.25"),
        new BigDecimal("3"))); // scale rising, then a smaller scale
    groups.add(List.of(new BigDecimal("0.000000001"), new BigDecimal("7"))); // shift 9: squares x10^18
    groups.add(List.of(new BigDecimal("7"), new BigDecimal("0.0000000001"))); // shift 10: 10^20
    groups.add(List.of(new BigDecimal("922337203685477580.7"), new BigDecimal("0.01"))); // sum x10 overflows
    groups.add(List.of(new BigDecimal("3"), new BigDecimal("1E-18"))); // shift 18
    groups.add(List.of(new BigDecimal("1E-18"), new BigDecimal("3"))); // 3 x 10^18 fits
    groups.add(List.of(new BigDecimal("1E-18"), new BigDecimal("10"))); // 10^19 does not
    groups.add(List.of(new BigDecimal("-0"), new BigDecimal("-0.000"), new BigDecimal("0.00")));
    groups.add(List.of(new BigDecimal("-0.0"), new BigDecimal("-1.5"), new BigDecimal("2")));
    groups.add(List.of(new BigDecimal("1E-40"), new BigDecimal("-1E-40"))); // scale 40
    groups.add(List.of(new BigDecimal("3037000499.97604969"), new BigDecimal("-3037000499.97604969"),
        new BigDecimal("0.1"))); // squares near 2^63 at scale 8, then rescaled
    groups.add(List.of(new BigDecimal("-5"), new BigDecimal("-5"), new BigDecimal("-5.0")));
    return groups;
  }

  private static void assertSameAsOracle(String key, List<BigDecimal> values, ExactStats actual) {
    StatsOracle expected = new StatsOracle(values);
    assertEquals(expected.n, actual.count(), key);
    assertEquals(0, expected.sum.compareTo(actual.sum()), key + " sum");
    assertEquals(0, expected.sumOfSquares.compareTo(actual.sumOfSquares()), key + " squares");
    assertEquals(0, expected.min.compareTo(actual.min()), key + " min");
    assertEquals(0, expected.max.compareTo(actual.max()), key + " max");
    ExactStats direct = StatsTestData.statsOf(values); // the contract: ExactStats' very state
    assertEquals(direct, actual, key);
    assertArrayEquals(StatsSerialization.bytes(direct), StatsSerialization.bytes(actual), key);
    assertEquals(StatsTestData.fields(direct), StatsTestData.fields(actual), key);
  }

  /**
   * Feeds (key, value) records into a table; a full table (a refused key, or an add that took it past
   * its budget) is emitted by merging each entry into {@code emitted} and cleared, as the mapper
   * does. Checks the budget after every step by the arrays' real sizes.
   *
   * @return how many times the table was emitted
   */
  private static int feed(CompactStatsTable<ExactStats> table, long budget, List<String> keys,
      List<BigDecimal> values, Map<String, ExactStats> emitted) {
    byte[] buf = new byte[300];
    Random noise = new Random(keys.size());
    ParsedDecimal v = new ParsedDecimal();
    int flushes = 0;
    for (int n = 0; n < keys.size(); n++) {
      byte[] k = keys.get(n).getBytes(StandardCharsets.UTF_8);
      noise.nextBytes(buf); // the bytes around the key are noise the table must not look at
      int start = noise.nextInt(buf.length - k.length + 1);
      System.arraycopy(k, 0, buf, start, k.length);
      int before = table.size();
      int e = table.entryOrFull(buf, start, start + k.length);
      if (e < 0) {
        assertEquals(before, table.size(), "a refused key changes nothing");
        assertTrue(before > 0, "an empty table takes any key");
        emit(table, emitted);
        flushes++;
        e = table.entryOrFull(buf, start, start + k.length);
      }
      v.set(values.get(n));
      long realBefore = realBytes(table);
      boolean within = table.add(e, v);
      long real = realBytes(table);
      assertEquals(real, table.bytes(), "bytes() counts the arrays as they are");
      if (!within) {
        assertTrue(real > budget);
        assertTrue(real - realBefore <= StatsTable.AGGREGATE_BYTES + 4L * Math.max(8, objectSlots(table)),
            "past the budget by one aggregate (and its reference array's growth)");
        emit(table, emitted);
        flushes++;
        assertTrue(realBytes(table) <= budget || table.size() == 0);
      } else {
        assertTrue(real <= budget || table.size() == 1,
            real + " bytes of " + budget + " with " + table.size() + " keys");
      }
    }
    emit(table, emitted);
    return flushes;
  }

  private static void emit(CompactStatsTable<ExactStats> table, Map<String, ExactStats> emitted) {
    for (int e = 0; e < table.size(); e++) {
      String key = new String(table.keyArena(), table.keyOffset(e), table.keyLength(e),
          StandardCharsets.UTF_8);
      emitted.computeIfAbsent(key, x -> new ExactStats()).merge(table.stats(e));
    }
    table.clear();
    assertEquals(0, table.size());
  }

  private static int objectSlots(CompactStatsTable<?> table) {
    try {
      Field f = CompactStatsTable.class.getDeclaredField("objects");
      f.setAccessible(true);
      return ((Object[]) f.get(table)).length;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The table's memory from its fields' real array lengths (element sizes of a 64-bit JVM with
   * compressed references), plus {@link StatsTable#AGGREGATE_BYTES} per aggregate object it holds.
   */
  private static long realBytes(CompactStatsTable<?> table) {
    long bytes = 0;
    try {
      for (Field f : CompactStatsTable.class.getDeclaredFields()) {
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || !f.getType().isArray()) {
          continue;
        }
        f.setAccessible(true);
        Object array = f.get(table);
        if (array instanceof long[][] pages) { // the record pages (their small index not counted)
          for (long[] page : pages) {
            bytes += 8L * page.length;
          }
          continue;
        }
        Class<?> c = f.getType().getComponentType();
        int length = java.lang.reflect.Array.getLength(array);
        int element = c == long.class ? 8 : c == int.class ? 4 : c == byte.class ? 1 : 4;
        bytes += (long) length * element;
        if (!c.isPrimitive()) {
          for (Object o : (Object[]) array) {
            bytes += o == null ? 0 : StatsTable.AGGREGATE_BYTES;
          }
        }
      }
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    return bytes;
  }

  @Test
  void adversarialValuesGiveExactlyWhatExactStatsGives() {
    List<List<BigDecimal>> groups = adversarialGroups();
    for (long budget : new long[] {1, 1 << 20}) {
      List<String> keys = new ArrayList<>();
      List<BigDecimal> values = new ArrayList<>();
      Map<String, List<BigDecimal>> oracle = new LinkedHashMap<>();
      for (int g = 0; g < groups.size(); g++) {
        for (BigDecimal value : groups.get(g)) { // each order: as listed and reversed
          keys.add("g" + g);
          values.add(value);
          oracle.computeIfAbsent("g" + g, x -> new ArrayList<>()).add(value);
        }
        List<BigDecimal> reversed = new ArrayList<>(groups.get(g));
        java.util.Collections.reverse(reversed);
        for (BigDecimal value : reversed) {
          keys.add("r" + g);
          values.add(value);
          oracle.computeIfAbsent("r" + g, x -> new ArrayList<>()).add(value);
        }
      }
      Map<String, ExactStats> emitted = new HashMap<>();
      CompactStatsTable<ExactStats> table = new CompactStatsTable<>(ExactStats::new, budget);
      feed(table, budget, keys, values, emitted);
      assertEquals(oracle.keySet(), emitted.keySet());
      for (Map.Entry<String, List<BigDecimal>> o : oracle.entrySet()) {
        assertSameAsOracle(o.getKey(), o.getValue(), emitted.get(o.getKey()));
      }
    }
  }

  @Test
  void machineWordsHoldEverydayValuesWithoutObjects() {
    CompactStatsTable<ExactStats> table = new CompactStatsTable<>(ExactStats::new, 1 << 20);
    ParsedDecimal v = new ParsedDecimal();
    byte[] k = "k".getBytes(StandardCharsets.UTF_8);
    List<BigDecimal> values = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(5);
    for (int n = 0; n < 10_000; n++) {
      BigDecimal value = BigDecimal.valueOf(r.nextLong(-1_000_000_000L, 1_000_000_000L), r.nextInt(0, 5));
      values.add(value);
      v.set(value);
      assertTrue(table.add(table.entryOrFull(k, 0, 1), v));
    }
    assertEquals(0, table.objectCount(), "mixed scales up to 4 and |x| < 1e9 stay in words");
    assertSameAsOracle("k", values, table.stats(0));
    // A BigInteger value moves the key to an object, which then holds it exactly.
    BigDecimal big = new BigDecimal(BigInteger.TWO.pow(100));
    v.set(big);
    values.add(big);
    table.add(0, v);
    assertEquals(1, table.objectCount());
    assertSameAsOracle("k", values, table.stats(0));
  }

  @Test
  void randomValuesAtEveryBudgetMatchTheOracleThroughFlushes() {
    SplittableRandom random = new SplittableRandom(20261201);
    Random r = new Random(7);
    for (long budget : new long[] {1, 2_000, 9_000, 64 << 10, 1 << 20, 16 << 20}) {
      List<String> distinct = new ArrayList<>(new LinkedHashMap<String, Boolean>() {
        {
          int want = 1 + r.nextInt(3000);
          while (size() < want) {
            put(randomKey(r) + size(), Boolean.TRUE);
          }
        }
      }.keySet());
      // Each key has a value style of its own (StatsTestData: everyday, near 2^63, mixed scales,
      // 30 digits, tiny/zero, or a mix), so some keys stay in words and some leave them.
      Map<String, List<BigDecimal>> pools = new HashMap<>();
      for (String key : distinct) {
        pools.put(key, StatsTestData.randomValues(random, 1 + random.nextInt(12)));
      }
      List<String> keys = new ArrayList<>();
      List<BigDecimal> values = new ArrayList<>();
      Map<String, List<BigDecimal>> oracle = new HashMap<>();
      for (int n = 0; n < 20_000; n++) {
        String key = distinct.get(r.nextInt(distinct.size()));
        List<BigDecimal> pool = pools.get(key);
        BigDecimal value = pool.get(r.nextInt(pool.size()));
        keys.add(key);
        values.add(value);
        oracle.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
      }
      CompactStatsTable<ExactStats> table = new CompactStatsTable<>(ExactStats::new, budget);
      Map<String, ExactStats> emitted = new HashMap<>();
      int flushes = feed(table, budget, keys, values, emitted);
      if (budget < (64 << 10)) {
        assertTrue(flushes > 0, "a small table fills: " + budget);
      }
      assertEquals(oracle.keySet(), emitted.keySet(), "budget " + budget);
      for (Map.Entry<String, List<BigDecimal>> o : oracle.entrySet()) {
        assertSameAsOracle(o.getKey() + " at " + budget, o.getValue(), emitted.get(o.getKey()));
      }
    }
  }

  @Test
  void aBoundedTableNeverHoldsMoreBytesThanItsBudgetWhenEveryKeyNeedsAnObject() {
    for (long budget : new long[] {1, 4096, 64 << 10, 1 << 20}) {
      List<String> keys = new ArrayList<>();
      List<BigDecimal> values = new ArrayList<>();
      Map<String, List<BigDecimal>> oracle = new HashMap<>();
      for (int n = 0; n < 30_000; n++) {
        String key = "key" + (n % 7_000);
        BigDecimal value = new BigDecimal(BigInteger.valueOf(n).shiftLeft(70)); // never in a long
        keys.add(key);
        values.add(value);
        oracle.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
      }
      CompactStatsTable<ExactStats> table = new CompactStatsTable<>(ExactStats::new, budget);
      Map<String, ExactStats> emitted = new HashMap<>();
      assertTrue(feed(table, budget, keys, values, emitted) > 0);
      for (Map.Entry<String, List<BigDecimal>> o : oracle.entrySet()) {
        assertSameAsOracle(o.getKey(), o.getValue(), emitted.get(o.getKey()));
      }
    }
  }

  @Test
  void aBudgetOfSixteenMegabytesHoldsOverTwiceTheKeysOfTheObjectTable() {
    long budget = 16 << 20;
    CompactStatsTable<ExactStats> table = new CompactStatsTable<>(ExactStats::new, budget);
    int n = 0;
    while (true) {
      byte[] key = String.format("k%07d", n).getBytes(StandardCharsets.UTF_8);
      if (table.entryOrFull(key, 0, key.length) < 0) {
        break;
      }
      n++;
    }
    assertTrue(realBytes(table) <= budget);
    // A key costs its record, two to four slots (the slot array is a power of two) and its 8 bytes,
    // the arena doubling: between 64 + 8 + 8 and 64 + 16 + 16 bytes.
    assertTrue(n <= budget / (CompactStatsTable.ENTRY_BYTES + 8 + 8), n + " keys");
    assertTrue(n >= budget / (CompactStatsTable.ENTRY_BYTES + 16 + 16), n + " keys");
    long objectTableKeys = budget / (StatsTable.AGGREGATE_BYTES + StatsTable.ARRAY_BYTES + 8);
    assertTrue(n >= 2 * objectTableKeys, n + " vs " + objectTableKeys);
  }

  @Test
  void keysBeyondTheFirstPageOfRecordsAreHeldAcrossPagesThroughGrowthAndClears() {
    int keys = 3 * CompactStatsTable.PAGE_ENTRIES + 123;
    long budget = 64 << 20;
    CompactStatsTable<ExactStats> table = new CompactStatsTable<>(ExactStats::new, budget);
    ParsedDecimal v = new ParsedDecimal();
    SplittableRandom r = new SplittableRandom(11);
    for (int round = 0; round < 2; round++) {
      Map<String, List<BigDecimal>> oracle = new HashMap<>();
      for (int n = 0; n < 4 * keys; n++) {
        String key = "p" + r.nextInt(keys);
        BigDecimal value = BigDecimal.valueOf(r.nextLong(-5_000, 5_000), r.nextInt(0, 3));
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        v.set(value);
        assertTrue(table.add(table.entryOrFull(k, 0, k.length), v));
        oracle.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
      }
      assertTrue(table.size() > 2 * CompactStatsTable.PAGE_ENTRIES, "spans pages: " + table.size());
      assertEquals(oracle.size(), table.size());
      assertTrue(realBytes(table) <= budget);
      Map<String, ExactStats> emitted = new HashMap<>();
      emit(table, emitted);
      for (Map.Entry<String, List<BigDecimal>> o : oracle.entrySet()) {
        assertSameAsOracle(o.getKey(), o.getValue(), emitted.get(o.getKey()));
      }
    }
  }

  @Test
  void aKeyIsFoundAgainWhereverItsBytesLie() {
    CompactStatsTable<ExactStats> table = new CompactStatsTable<>(ExactStats::new, 1 << 20);
    byte[] a = "xxk000042yy".getBytes(StandardCharsets.UTF_8);
    byte[] b = "k000042".getBytes(StandardCharsets.UTF_8);
    int first = table.entryOrFull(a, 2, 9);
    assertEquals(first, table.entryOrFull(b, 0, b.length));
    assertEquals(1, table.size());
    table.entryOrFull(b, 0, 6); // a prefix is another key
    b[6] = '3';
    table.entryOrFull(b, 0, 7); // and so is one changed byte
    assertEquals(3, table.size());
    assertEquals("k000043", new String(table.keyArena(), table.keyOffset(2), table.keyLength(2),
        StandardCharsets.UTF_8));
  }

  /**
   * Prefetching is a hint: a table hinted before every lookup (with the coming keys' hashes, stale
   * ones and garbage) through growth, page boundaries, objects and clears ends in exactly the state
   * of a table never hinted: same entries in the same order, same aggregates, same bytes.
   */
  @Test
  void prefetchingChangesNothingWhateverTheHashes() {
    CompactStatsTable<ExactStats> hinted = new CompactStatsTable<>(ExactStats::new, 8 << 20);
    CompactStatsTable<ExactStats> plain = new CompactStatsTable<>(ExactStats::new, 8 << 20);
    SplittableRandom r = new SplittableRandom(7);
    ParsedDecimal v = new ParsedDecimal();
    int[] hashes = new int[KeyPrefetcher.WINDOW];
    int keys = CompactStatsTable.PAGE_ENTRIES + 500;
    boolean read = false;
    for (int round = 0; round < 3; round++) {
      for (int n = 0; n < 3 * keys; n++) {
        byte[] k = ("q" + r.nextInt(keys)).getBytes(StandardCharsets.UTF_8);
        if (n % 17 == 0) {
          for (int i = 0; i < hashes.length; i++) {
            hashes[i] = switch (i % 3) {
              case 0 -> StatsTable.hash(k, 0, k.length);
              case 1 -> r.nextInt();
              default -> Integer.MIN_VALUE + i;
            };
          }
          hinted.prefetch(hashes, 1 + r.nextInt(hashes.length));
          read |= hinted.prefetchSink() != 0;
        }
        BigDecimal value = n % 1000 == 0 ? new BigDecimal("123456789012345678901234.5")
            : BigDecimal.valueOf(r.nextLong(-1_000_000, 1_000_000), r.nextInt(0, 3));
        v.set(value);
        int e = hinted.entryOrFull(k, 0, k.length);
        assertEquals(plain.entryOrFull(k, 0, k.length), e);
        if (e >= 0) {
          assertEquals(plain.add(e, v), hinted.add(e, v));
        }
      }
      assertEquals(plain.size(), hinted.size());
      assertEquals(plain.bytes(), hinted.bytes());
      assertTrue(hinted.objectCount() > 0);
      for (int e = 0; e < plain.size(); e++) {
        assertEquals(plain.keyOffset(e), hinted.keyOffset(e));
        assertEquals(plain.keyLength(e), hinted.keyLength(e));
        assertEquals(plain.stats(e).toString(), hinted.stats(e).toString());
      }
      assertArrayEquals(java.util.Arrays.copyOf(plain.keyArena(), plain.keyBytes()),
          java.util.Arrays.copyOf(hinted.keyArena(), hinted.keyBytes()));
      if (round == 1) {
        plain.restart();
        hinted.restart();
      } else {
        plain.clear();
        hinted.clear();
      }
      hinted.prefetch(hashes, hashes.length); // on an empty table
    }
    assertTrue(read, "the hints read some entries");
  }
}
