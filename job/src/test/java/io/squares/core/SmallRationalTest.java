package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SmallRational}'s long arithmetic against {@link CorrectRoundingOracle} (exact rational
 * checks of the rounding, no code shared) and the canonical text form.
 */
class SmallRationalTest {
  private static final int DIGITS = 17;

  /** The text, checked canonical: what DecimalText.plain writes for the same number. */
  private static BigDecimal parsed(String text) {
    BigDecimal v = new BigDecimal(text);
    assertEquals(DecimalText.plain(v), text, "canonical text");
    return v;
  }

  private static void assertQuotient(long p, long q, int scale) {
    StringBuilder sb = new StringBuilder("x");
    boolean answered = SmallRational.appendQuotient(p, q, scale, DIGITS, sb);
    if (!answered) {
      assertEquals("x", sb.toString(), "nothing appended when declining");
      // declines only outside its domain: an integer part of more than 17 digits
      assertTrue(BigInteger.valueOf(p).abs().divide(BigInteger.valueOf(q)).compareTo(BigInteger.TEN.pow(DIGITS)) >= 0,
          () -> "declined " + p + "/" + q);
      return;
    }
    BigInteger den = BigInteger.valueOf(q).multiply(BigInteger.TEN.pow(scale));
    CorrectRoundingOracle.assertRoundedQuotient(BigInteger.valueOf(p), den, parsed(sb.substring(1)));
  }

  private static boolean assertSqrt(SmallRational calculator, long p, long q, int scale) {
    StringBuilder sb = new StringBuilder("x");
    boolean answered = calculator.appendSqrt(p, q, scale, DIGITS, sb);
    if (!answered) {
      assertEquals("x", sb.toString(), "nothing appended when declining");
      return false;
    }
    BigInteger den = BigInteger.valueOf(q).multiply(BigInteger.TEN.pow(2 * scale));
    CorrectRoundingOracle.assertRoundedSqrt(BigInteger.valueOf(p), den, parsed(sb.substring(1)));
    return true;
  }

  @Test
  void quotientsOfEveryMagnitudeAreCorrectlyRounded() {
    SplittableRandom random = new SplittableRandom(11);
    for (int k = 0; k < 200_000; k++) {
      long p = random.nextLong() >> random.nextInt(0, 63);
      long q = Math.max(1, random.nextLong(1, SmallRational.MAX_DENOMINATOR) >> random.nextInt(0, 59));
      assertQuotient(p == Long.MIN_VALUE ? 0 : p, q, random.nextInt(0, 25));
    }
    assertQuotient(0, 7, 3);
    assertQuotient(Long.MAX_VALUE, 1, 0); // 19 digits: declined
    assertQuotient(Long.MAX_VALUE, 3, 0);
    assertQuotient(-1, SmallRational.MAX_DENOMINATOR - 1, 30);
    assertQuotient(99_999_999_999_999_999L, 1, 0); // 17 nines, exact
    assertQuotient(199_999_999_999_999_999L, 2, 0); // 99999999999999999.5: a tie, up to 10^17
  }

  @Test
  void quotientTiesRoundHalfEven() {
    SplittableRandom random = new SplittableRandom(12);
    for (int k = 0; k < 20_000; k++) {
      // p / 2^j with p odd has j decimals, the last a 5: with 18 significant digits in all
      // (p in [2^j·10^(17−j), 2^j·10^(18−j))) the 17-digit rounding is a tie
      int j = random.nextInt(1, 18);
      long q = 1L << j;
      long p = random.nextLong(q * Pow10.LONG[17 - j], q * Pow10.LONG[18 - j]) | 1;
      assertQuotient(random.nextBoolean() ? p : -p, q, random.nextInt(0, 4));
    }
    StringBuilder sb = new StringBuilder();
    assertTrue(SmallRational.appendQuotient(25_000_000_000_000_001L, 2, 0, DIGITS, sb)); // 12500000000000000.5
    assertEquals("12500000000000000", sb.toString());
    sb.setLength(0);
    assertTrue(SmallRational.appendQuotient(25_000_000_000_000_003L, 2, 0, DIGITS, sb)); // ...01.5
    assertEquals("12500000000000002", sb.toString());
  }

  @Test
  void rootsOfEveryMagnitudeAreCorrectlyRoundedAndRarelyDeclined() {
    SmallRational calculator = new SmallRational();
    SplittableRandom random = new SplittableRandom(13);
    int answered = 0;
    int tries = 200_000;
    for (int k = 0; k < tries; k++) {
      long p = random.nextLong(0, SmallRational.MAX_ROOT_NUMERATOR) >> random.nextInt(0, 61);
      long q = Math.max(1, random.nextLong(1, SmallRational.MAX_DENOMINATOR) >> random.nextInt(0, 59));
      if (assertSqrt(calculator, p, q, random.nextInt(0, 6))) {
        answered++;
      }
    }
    assertTrue(answered > tries * 0.99, answered + " of " + tries + " answered");
    // a variance's rational: n·Σx² − (Σx)² over n(n−1), a few values of up to a million
    answered = 0;
    for (int k = 0; k < tries; k++) {
      long n = random.nextLong(2, 10);
      long sum = 0;
      long squares = 0;
      for (int i = 0; i < n; i++) {
        long v = random.nextLong(-1_000_000, 1_000_001);
        sum += v;
        squares += v * v;
      }
      if (assertSqrt(calculator, n * squares - sum * sum, n * (n - 1), 0)) {
        answered++;
      }
    }
    assertTrue(answered > tries * 0.99, answered + " of " + tries + " variances' roots answered");
  }

  @Test
  void exactRootsAndTiesAreExactAndRoundHalfEven() {
    SmallRational calculator = new SmallRational();
    SplittableRandom random = new SplittableRandom(14);
    int ties = 0;
    for (int k = 0; k < 20_000; k++) {
      // sqrt(t² / 2^24) = t / 4096: for odd t of 10 digits, 18 significant digits ending in 5 (a tie)
      long t = random.nextLong(410_000_000L, 1_500_000_000L) | 1;
      if (assertSqrt(calculator, t * t, 1L << 24, random.nextInt(0, 3))) {
        ties++;
      }
      assertSqrt(calculator, t * t + (random.nextBoolean() ? 1 : -1), 1L << 24, 0); // beside a tie
      long u = random.nextLong(1, 3_000_000);
      long v = random.nextLong(1, 1_000_000);
      assertSqrt(calculator, u * u, v * v, random.nextInt(0, 4)); // an exact rational root
    }
    assertTrue(ties > 19_000, ties + " of 20000 ties answered");
    StringBuilder sb = new StringBuilder();
    assertTrue(calculator.appendSqrt(4, 1, 0, DIGITS, sb));
    assertEquals("2", sb.toString());
    sb.setLength(0);
    assertTrue(calculator.appendSqrt(2, 1, 0, DIGITS, sb)); // 1.4142135623730950|488...
    assertEquals("1.414213562373095", sb.toString());
    sb.setLength(0);
    assertTrue(calculator.appendSqrt(0, 5, 2, DIGITS, sb));
    assertEquals("0", sb.toString());
  }

  @Test
  void argumentsOutsideTheDomainAreDeclined() {
    SmallRational calculator = new SmallRational();
    StringBuilder sb = new StringBuilder();
    assertFalse(SmallRational.appendQuotient(1, 0, 0, DIGITS, sb));
    assertFalse(SmallRational.appendQuotient(1, SmallRational.MAX_DENOMINATOR, 0, DIGITS, sb));
    assertFalse(SmallRational.appendQuotient(Long.MIN_VALUE, 3, 0, DIGITS, sb));
    assertFalse(SmallRational.appendQuotient(1, 3, 0, 18, sb));
    assertFalse(calculator.appendSqrt(-1, 3, 0, DIGITS, sb));
    assertFalse(calculator.appendSqrt(SmallRational.MAX_ROOT_NUMERATOR, 3, 0, DIGITS, sb));
    assertFalse(calculator.appendSqrt(1, SmallRational.MAX_DENOMINATOR, 0, DIGITS, sb));
    assertEquals("", sb.toString());
  }
}
