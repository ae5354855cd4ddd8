package io.squares.core;

import static io.squares.core.StatsTestData.fields;
import static io.squares.core.StatsTestData.statsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Exact fields of {@link ExactStats}, merging, copying and the output text. */
class ExactStatsTest {

  private static List<BigDecimal> decimals(String... texts) {
    return Arrays.stream(texts).map(BigDecimal::new).collect(Collectors.toList());
  }

  @Test
  void oneTwoThreeFourGivesTheDocumentedLine() {
    assertEquals("4\t10\t30\t1\t4\t2.5\t1.6666666666666667\t1.2909944487358056",
        fields(statsOf(decimals("1", "2", "3", "4"))));
  }

  @Test
  void singleValueHasNullVarianceAndStddev() {
    ExactStats stats = statsOf(decimals("0.1"));
    assertEquals("1\t0.1\t0.01\t0.1\t0.1\t0.1\t\\N\t\\N", fields(stats));
    assertNull(stats.variance());
    assertNull(stats.stddev());
  }

  @Test
  void emptyStatsHaveZeroSumsAndNullStatistics() {
    ExactStats stats = new ExactStats();
    assertEquals("0\t0\t0\t\\N\t\\N\t\\N\t\\N\t\\N", fields(stats));
    assertNull(stats.min());
    assertNull(stats.max());
    assertNull(stats.mean());
  }

  @Test
  void identicalValuesHaveZeroVarianceWrittenAsZero() {
    ExactStats stats = statsOf(decimals("2.50", "2.5", "25e-1"));
    assertEquals("3\t7.5\t18.75\t2.5\t2.5\t2.5\t0\t0", fields(stats));
    assertEquals(BigDecimal.ZERO, stats.variance());
  }

  @Test
  void negativeZeroAndZeroSumToZero() {
    assertEquals("2\t0\t0\t0\t0\t0\t0\t0", fields(statsOf(decimals("-0", "0.000"))));
  }

  @Test
  void largerScaleArrivingLaterRescalesStoredFields() {
    ExactStats stats = statsOf(decimals("2", "1.5", "0.25", "-3"));
    assertEquals(0, new BigDecimal("0.75").compareTo(stats.sum()));
    assertEquals(0, new BigDecimal("15.3125").compareTo(stats.sumOfSquares()));
    assertEquals(new BigDecimal("-3"), stats.min());
    assertEquals(new BigDecimal("2"), stats.max());
    assertEquals(new BigDecimal("0.1875"), stats.mean());
  }

  @Test
  void sumPastLongRangeIsExact() {
    ExactStats stats = statsOf(decimals("9223372036854775807", "9223372036854775807",
        "9223372036854775807"));
    BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
    assertEquals(new BigDecimal(max.multiply(BigInteger.valueOf(3))), stats.sum());
    assertEquals(new BigDecimal(max.pow(2).multiply(BigInteger.valueOf(3))), stats.sumOfSquares());
    assertEquals(BigDecimal.ZERO, stats.variance());
  }

  @Test
  void sumOfSquaresPastOneHundredTwentyEightBitsIsExact() {
    List<BigDecimal> values = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      values.add(BigDecimal.valueOf(Long.MIN_VALUE));
    }
    ExactStats stats = statsOf(values);
    BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
    assertEquals(new BigDecimal(min.pow(2).multiply(BigInteger.valueOf(5))), stats.sumOfSquares());
    assertEquals(new BigDecimal(min.multiply(BigInteger.valueOf(5))), stats.sum());
    assertEquals(new BigDecimal(min), stats.min());
  }

  @Test
  void extremeMinAndMaxAreKeptExactly() {
    ExactStats stats = statsOf(decimals("-123456789012345678901234567890.123", "5",
        "9223372036854775807", "-9223372036854775808", "1e-30"));
    assertEquals(new BigDecimal("-123456789012345678901234567890.123"), stats.min());
    assertEquals(new BigDecimal("9223372036854775807"), stats.max());
  }

  @Test
  void randomListsMatchNaiveBigDecimalOracle() {
    SplittableRandom random = new SplittableRandom(42);
    for (int run = 0; run < 400; run++) {
      List<BigDecimal> values = StatsTestData.randomValues(random, random.nextInt(1, 40));
      StatsOracle oracle = new StatsOracle(values);
      ExactStats stats = statsOf(values);
      assertEquals(values.size(), stats.count());
      assertNormalizedEquals(oracle.sum, stats.sum());
      assertNormalizedEquals(oracle.sumOfSquares, stats.sumOfSquares());
      assertNormalizedEquals(oracle.min, stats.min());
      assertNormalizedEquals(oracle.max, stats.max());
      String[] columns = fields(stats).split("\t", -1);
      assertEquals(8, columns.length);
      assertEquals(Long.toString(values.size()), columns[0]);
      assertEquals(0, oracle.sum.compareTo(new BigDecimal(columns[1])));
      assertEquals(0, oracle.sumOfSquares.compareTo(new BigDecimal(columns[2])));
      assertEquals(0, oracle.min.compareTo(new BigDecimal(columns[3])));
      assertEquals(0, oracle.max.compareTo(new BigDecimal(columns[4])));
    }
  }

  /**
   * The text of every column is BigDecimal's canonical plain form of the oracle's value (written
   * straight from a long for the exact columns, through BigDecimal for the rest), for random values
   * of every kind, Long.MIN_VALUE and its neighbours, and the empty and one-value aggregates.
   */
  @Test
  void everyColumnIsTheCanonicalTextOfTheOraclesValue() {
    SplittableRandom random = new SplittableRandom(20261202);
    List<List<BigDecimal>> lists = new ArrayList<>();
    for (int run = 0; run < 600; run++) {
      lists.add(StatsTestData.randomValues(random, random.nextInt(1, 30)));
    }
    BigDecimal minLong = BigDecimal.valueOf(Long.MIN_VALUE);
    lists.add(List.of(minLong));
    lists.add(List.of(minLong, BigDecimal.ZERO));
    lists.add(List.of(minLong.movePointLeft(3), BigDecimal.ONE.movePointLeft(3)));
    lists.add(List.of(BigDecimal.valueOf(Long.MAX_VALUE), BigDecimal.valueOf(-Long.MAX_VALUE)));
    lists.add(List.of(new BigDecimal("-0.000"), new BigDecimal("-2.50"), new BigDecimal("1E-25")));
    for (List<BigDecimal> values : lists) {
      StatsOracle oracle = new StatsOracle(values);
      String[] columns = fields(statsOf(values)).split("\t", -1);
      assertEquals(Long.toString(values.size()), columns[0]);
      assertEquals(canonical(oracle.sum), columns[1], values::toString);
      assertEquals(canonical(oracle.sumOfSquares), columns[2], values::toString);
      assertEquals(canonical(oracle.min), columns[3], values::toString);
      assertEquals(canonical(oracle.max), columns[4], values::toString);
      assertEquals(canonical(oracle.sum.divide(BigDecimal.valueOf(values.size()), StatsOracle.MC17)),
          columns[5], values::toString);
      assertEquals(values.size() < 2 ? "\\N" : canonical(oracle.variance17()), columns[6],
          values::toString);
    }
    assertEquals("0\t0\t0\t\\N\t\\N\t\\N\t\\N\t\\N", fields(new ExactStats()));
  }

  /** BigDecimal's own canonical text: trailing zeros stripped, plain notation, zero as "0". */
  private static String canonical(BigDecimal v) {
    return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
  }

  /** Equal in value, and in the normalized form (no trailing zeros, scale >= 0). */
  private static void assertNormalizedEquals(BigDecimal expected, BigDecimal actual) {
    assertEquals(0, expected.compareTo(actual), () -> expected + " vs " + actual);
    int expectedScale = Math.max(0, expected.signum() == 0 ? 0 : expected.stripTrailingZeros().scale());
    assertEquals(expectedScale, actual.scale(), () -> "scale of " + actual);
  }

  @Test
  void mergeOfRandomPartitionsInRandomOrdersGivesIdenticalResults() {
    SplittableRandom random = new SplittableRandom(77);
    Random shuffler = new Random(78);
    for (int run = 0; run < 150; run++) {
      List<BigDecimal> values = StatsTestData.randomValues(random, random.nextInt(1, 60));
      ExactStats sequential = statsOf(values);
      String expected = fields(sequential);
      byte[] expectedBytes = StatsSerialization.bytes(sequential);
      for (int attempt = 0; attempt < 4; attempt++) {
        List<BigDecimal> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, shuffler);
        int groupCount = random.nextInt(1, 8);
        List<List<BigDecimal>> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
          groups.add(new ArrayList<>());
        }
        for (BigDecimal v : shuffled) {
          groups.get(random.nextInt(groupCount)).add(v); // some groups stay empty
        }
        List<ExactStats> pool = groups.stream().map(StatsTestData::statsOf)
            .collect(Collectors.toList());
        // Merge random pairs (random tree shape and operand order) until one is left.
        while (pool.size() > 1) {
          ExactStats a = pool.remove(random.nextInt(pool.size()));
          ExactStats b = pool.remove(random.nextInt(pool.size()));
          a.merge(b);
          pool.add(a);
        }
        ExactStats merged = pool.get(0);
        assertEquals(expected, fields(merged));
        assertEquals(sequential, merged);
        assertEquals(sequential.hashCode(), merged.hashCode());
        assertArrayEquals(expectedBytes,
            StatsSerialization.bytes(merged));
      }
    }
  }

  @Test
  void mergeIntoItselfDoublesEveryValue() {
    ExactStats stats = statsOf(decimals("1.5", "-2", "9223372036854775807"));
    stats.merge(stats);
    ExactStats expected = statsOf(decimals("1.5", "-2", "9223372036854775807", "1.5", "-2",
        "9223372036854775807"));
    assertEquals(fields(expected), fields(stats));
  }

  @Test
  void mergeLeavesTheOtherAggregateUnchanged() {
    ExactStats a = statsOf(decimals("1.123456"));
    ExactStats b = statsOf(decimals("7", "8"));
    String before = fields(b);
    a.merge(b);
    assertEquals(before, fields(b));
    assertEquals("3\t16.123456\t114.262153383936\t1.123456\t8\t5.3744853333333333"
        + "\t13.803437794645333\t3.7152978069927764", fields(a));
  }

  @Test
  void setCopiesAndResetEmpties() {
    ExactStats source = statsOf(decimals("123456789012345678901234567890", "0.5"));
    ExactStats copy = statsOf(decimals("1", "2", "3"));
    copy.set(source);
    assertEquals(fields(source), fields(copy));
    assertEquals(source, copy);
    copy.add(parsed("1"));
    assertEquals(2, source.count(), "the copy is independent");
    copy.reset();
    assertEquals(fields(new ExactStats()), fields(copy));
    assertEquals(new ExactStats(), copy);
    copy.add(parsed("4"));
    assertEquals("1\t4\t16\t4\t4\t4\t\\N\t\\N", fields(copy));
  }

  @Test
  void appendFieldsAppendsToExistingText() {
    StringBuilder sb = new StringBuilder("key\t");
    statsOf(decimals("3", "5")).appendFields(sb);
    // sqrt(2) = 1.41421356237309504..., 17 digits 1.4142135623730950, trailing zero dropped.
    assertEquals("key\t2\t8\t34\t3\t5\t4\t2\t1.414213562373095", sb.toString());
  }

  private static ParsedDecimal parsed(String text) {
    ParsedDecimal v = new ParsedDecimal();
    assertNull(DecimalParser.parse(text, v));
    return v;
  }
}
