package io.squares.core;

import static io.squares.core.StatsTestData.statsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Mean, variance and standard deviation of {@link ExactStats}, against oracles that use a
 * different formula (two-pass) and an exact check of the rounding.
 */
class ExactStatsRoundingTest {

  private static List<BigDecimal> decimals(String... texts) {
    return Arrays.stream(texts).map(BigDecimal::new).collect(Collectors.toList());
  }

  /** Checks mean, variance and stddev of {@code values} against the oracles. */
  private static void assertStatisticsCorrectlyRounded(List<BigDecimal> values) {
    ExactStats stats = statsOf(values);
    StatsOracle oracle = new StatsOracle(values);
    BigInteger[] mean = oracle.meanRational();
    CorrectRoundingOracle.assertRoundedQuotient(mean[0], mean[1], stats.mean());
    if (values.size() < 2) {
      return;
    }
    assertEquals(0, oracle.variance17().compareTo(stats.variance()),
        () -> "two-pass variance " + oracle.variance17() + " vs " + stats.variance());
    BigInteger[] variance = oracle.varianceRational();
    CorrectRoundingOracle.assertRoundedQuotient(variance[0], variance[1], stats.variance());
    CorrectRoundingOracle.assertRoundedSqrt(variance[0], variance[1], stats.stddev());
    // The output line's fields (long arithmetic where they fit) against the same oracles.
    StringBuilder line = new StringBuilder();
    stats.appendFields(line);
    String[] fields = line.toString().split("\t");
    CorrectRoundingOracle.assertRoundedQuotient(mean[0], mean[1], new BigDecimal(fields[5]));
    CorrectRoundingOracle.assertRoundedQuotient(variance[0], variance[1], new BigDecimal(fields[6]));
    CorrectRoundingOracle.assertRoundedSqrt(variance[0], variance[1], new BigDecimal(fields[7]));
    assertEquals(DecimalText.plain(stats.mean()), fields[5]);
    assertEquals(DecimalText.plain(stats.variance()), fields[6]);
    assertEquals(DecimalText.plain(stats.stddev()), fields[7]);
  }

  @Test
  void smallGroupsOfEverydayValuesHaveCorrectlyRoundedStatistics() {
    // the output's long-arithmetic route: a few integers or short decimals a key
    SplittableRandom random = new SplittableRandom(77);
    for (int run = 0; run < 3000; run++) {
      int scale = random.nextInt(0, 4);
      long bound = random.nextBoolean() ? 1_000_000 : 3_000_000_000L;
      List<BigDecimal> values = new ArrayList<>();
      for (int k = random.nextInt(2, 12); k > 0; k--) {
        values.add(BigDecimal.valueOf(random.nextLong(-bound, bound), scale));
      }
      assertStatisticsCorrectlyRounded(values);
    }
  }

  @Test
  void randomListsHaveCorrectlyRoundedStatistics() {
    SplittableRandom random = new SplittableRandom(2024);
    for (int run = 0; run < 400; run++) {
      assertStatisticsCorrectlyRounded(StatsTestData.randomValues(random, random.nextInt(1, 30)));
    }
  }

  @Test
  void repeatingMeansRoundToSeventeenDigits() {
    assertEquals(new BigDecimal("0.33333333333333333"), statsOf(decimals("0", "0", "1")).mean());
    assertEquals(new BigDecimal("0.66666666666666667"), statsOf(decimals("0", "1", "1")).mean());
    assertEquals(new BigDecimal("-0.66666666666666667"), statsOf(decimals("0", "-1", "-1")).mean());
  }

  @Test
  void meanTiesRoundHalfEven() {
    // (a + b) / 2 has an 18th significant digit of exactly 5.
    assertEquals(new BigDecimal("1.2345678901234568"),
        statsOf(decimals("1.2345678901234567", "1.2345678901234568")).mean());
    assertEquals(new BigDecimal("1.2345678901234566"),
        statsOf(decimals("1.2345678901234566", "1.2345678901234567")).mean());
  }

  @Test
  void stddevTiesRoundHalfEven() {
    // For -a, 0, a the sample variance is a², so the stddev is exactly |a| (18 digits here).
    ExactStats odd = statsOf(decimals("-1.23456789012345675", "0", "1.23456789012345675"));
    assertEquals(new BigDecimal("1.2345678901234568"), odd.stddev());
    ExactStats even = statsOf(decimals("-1.23456789012345665", "0", "1.23456789012345665"));
    assertEquals(new BigDecimal("1.2345678901234566"), even.stddev());
    // The variance a² = 1.52415787532388357872...; correctly rounded too.
    assertEquals(new BigDecimal("1.5241578753238836"), odd.variance());
  }

  @Test
  void consecutiveIntegersNearOneBillionHaveExactClosedFormVariance() {
    // Values 1e9+1 .. 1e9+k have variance k(k+1)/12 whatever the offset.
    assertEquals("3\t3000000006\t3000000012000000014\t1000000001\t1000000003\t1000000002\t1\t1",
        StatsTestData.fields(statsOf(decimals("1000000001", "1000000002", "1000000003"))));
    ExactStats four = statsOf(decimals("1000000001", "1000000002", "1000000003", "1000000004"));
    assertEquals(new BigDecimal("1.6666666666666667"), four.variance());
    assertEquals(new BigDecimal("1.2909944487358056"), four.stddev());
    List<BigDecimal> thousand = new ArrayList<>();
    for (int k = 1; k <= 1000; k++) {
      thousand.add(BigDecimal.valueOf(1_000_000_000L + k));
    }
    assertEquals(new BigDecimal("83416.666666666667"), statsOf(thousand).variance());
  }

  @Test
  void adversarialValuesNearOneBillionKeepFullPrecision() {
    SplittableRandom random = new SplittableRandom(1_000_000_000L);
    List<BigDecimal> shifted = new ArrayList<>();
    List<BigDecimal> deviations = new ArrayList<>();
    double naiveSum = 0;
    double naiveSumOfSquares = 0;
    for (int k = 0; k < 2_000; k++) {
      BigDecimal d = BigDecimal.valueOf(random.nextLong(-2_000_000, 2_000_001), 6);
      BigDecimal x = d.add(BigDecimal.valueOf(1_000_000_000L));
      deviations.add(d);
      shifted.add(x);
      naiveSum += x.doubleValue();
      naiveSumOfSquares += x.doubleValue() * x.doubleValue();
    }
    ExactStats stats = statsOf(shifted);
    // Oracle on the small deviations: variance is shift-invariant, so no cancellation there.
    StatsOracle oracle = new StatsOracle(deviations);
    BigDecimal expectedVariance = oracle.variance17();
    assertEquals(0, expectedVariance.compareTo(stats.variance()));
    BigDecimal expectedStddev = expectedVariance.sqrt(new MathContext(40));
    BigDecimal relativeError = stats.stddev().subtract(expectedStddev).abs()
        .divide(expectedStddev, MathContext.DECIMAL64);
    assertTrue(relativeError.compareTo(new BigDecimal("1e-12")) <= 0, relativeError::toString);
    BigInteger[] variance = oracle.varianceRational();
    CorrectRoundingOracle.assertRoundedSqrt(variance[0], variance[1], stats.stddev());
    // The data really is adversarial: the textbook double formula loses most digits here.
    int n = shifted.size();
    double naiveVariance = (n * naiveSumOfSquares - naiveSum * naiveSum) / ((double) n * (n - 1));
    double naiveRelativeError =
        Math.abs(naiveVariance - expectedVariance.doubleValue()) / expectedVariance.doubleValue();
    assertTrue(naiveRelativeError > 1e-6, "naive relative error " + naiveRelativeError);
  }

  @Test
  void hugeAndTinyMagnitudesAreCorrectlyRounded() {
    assertStatisticsCorrectlyRounded(decimals("1e999", "-1e999", "3e998"));
    assertStatisticsCorrectlyRounded(decimals("1e-1000", "2e-1000", "7e-1000"));
    assertStatisticsCorrectlyRounded(decimals("1e-1000", "1e999"));
    assertStatisticsCorrectlyRounded(decimals("9223372036854775807", "-9223372036854775808",
        "0.000000000000000000000000000001"));
  }
}
