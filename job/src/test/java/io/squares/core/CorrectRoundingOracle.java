package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Test oracle that checks, with exact rational arithmetic only, that a result is the correct
 * 17-significant-digit HALF_EVEN rounding of {@code a / b} or of {@code sqrt(a / b)}.
 *
 * <p>It verifies rather than computes: with {@code 10^E <= |t| < 10^(E+1)} and
 * {@code ulp = 10^(E-16)}, the result must be a multiple of ulp with {@code |t − r| <= ulp/2}, and
 * when exactly {@code ulp/2} (a tie) {@code r/ulp} must be even. This shares no code with the
 * implementation's rounding (BigDecimal.divide, or BigInteger.sqrt with a sticky bit).
 */
final class CorrectRoundingOracle {
  static final int DIGITS = 17;

  private CorrectRoundingOracle() {
  }

  /** Asserts {@code r} is {@code a / b} correctly rounded; {@code b > 0}. */
  static void assertRoundedQuotient(BigInteger a, BigInteger b, BigDecimal r) {
    assertNotNull(r);
    assertTrue(b.signum() > 0);
    if (a.signum() == 0) {
      assertEquals(0, r.signum(), "zero quotient");
      return;
    }
    assertEquals(a.signum(), r.signum(), "sign of " + a + "/" + b);
    BigDecimal absA = new BigDecimal(a.abs());
    BigDecimal bd = new BigDecimal(b);
    BigDecimal absR = r.abs();
    // E with 10^E <= |a|/b < 10^(E+1)  <=>  b·10^E <= |a| < b·10^(E+1)
    int e = (int) Math.floor((a.abs().bitLength() - b.bitLength()) * Math.log10(2)) - 2;
    while (bd.scaleByPowerOfTen(e + 1).compareTo(absA) <= 0) {
      e++;
    }
    while (bd.scaleByPowerOfTen(e).compareTo(absA) > 0) {
      e--;
    }
    BigDecimal ulp = BigDecimal.ONE.scaleByPowerOfTen(e - (DIGITS - 1));
    BigInteger m = multipleOf(absR, ulp);
    // 2·| |a| − |r|·b | vs ulp·b
    int cmp = absA.subtract(absR.multiply(bd)).abs().multiply(BigDecimal.valueOf(2))
        .compareTo(ulp.multiply(bd));
    assertTrue(cmp <= 0, () -> r + " is not within half an ulp of " + a + "/" + b);
    if (cmp == 0) {
      assertEquals(0, m.mod(BigInteger.TWO).signum(), () -> "tie not rounded to even: " + r);
    }
  }

  /** Asserts {@code r} is {@code sqrt(a / b)} correctly rounded; {@code a >= 0, b > 0}. */
  static void assertRoundedSqrt(BigInteger a, BigInteger b, BigDecimal r) {
    assertNotNull(r);
    assertTrue(a.signum() >= 0 && b.signum() > 0);
    if (a.signum() == 0) {
      assertEquals(0, r.signum(), "sqrt of zero");
      return;
    }
    assertTrue(r.signum() > 0, "root must be positive");
    BigDecimal ad = new BigDecimal(a);
    BigDecimal bd = new BigDecimal(b);
    // E with 10^E <= sqrt(a/b) < 10^(E+1)  <=>  b·10^2E <= a < b·10^(2E+2)
    int e = (int) Math.floor((a.bitLength() - b.bitLength()) * Math.log10(2) / 2) - 2;
    while (bd.scaleByPowerOfTen(2 * (e + 1)).compareTo(ad) <= 0) {
      e++;
    }
    while (bd.scaleByPowerOfTen(2 * e).compareTo(ad) > 0) {
      e--;
    }
    BigDecimal ulp = BigDecimal.ONE.scaleByPowerOfTen(e - (DIGITS - 1));
    BigInteger m = multipleOf(r, ulp);
    BigDecimal halfUlp = ulp.divide(BigDecimal.valueOf(2));
    BigDecimal low = r.subtract(halfUlp);
    BigDecimal high = r.add(halfUlp);
    assertTrue(low.signum() > 0);
    // |t − r| <= ulp/2  <=>  low² <= a/b <= high²  <=>  low²·b <= a <= high²·b
    int lowCmp = low.multiply(low).multiply(bd).compareTo(ad);
    int highCmp = ad.compareTo(high.multiply(high).multiply(bd));
    assertTrue(lowCmp <= 0 && highCmp <= 0,
        () -> r + " is not within half an ulp of sqrt(" + a + "/" + b + ")");
    if (lowCmp == 0 || highCmp == 0) {
      assertEquals(0, m.mod(BigInteger.TWO).signum(), () -> "tie not rounded to even: " + r);
    }
  }

  /** {@code r / ulp}, asserting it is an integer. */
  private static BigInteger multipleOf(BigDecimal r, BigDecimal ulp) {
    BigDecimal q = r.divide(ulp);
    assertTrue(q.stripTrailingZeros().scale() <= 0,
        () -> r + " has more than " + DIGITS + " significant digits");
    return q.toBigIntegerExact();
  }

  /** The integer pair (numerator, denominator) of {@code num / den}. */
  static BigInteger[] rational(BigDecimal num, BigInteger den) {
    if (num.scale() >= 0) {
      return new BigInteger[] {num.unscaledValue(), den.multiply(BigInteger.TEN.pow(num.scale()))};
    }
    return new BigInteger[] {num.unscaledValue().multiply(BigInteger.TEN.pow(-num.scale())), den};
  }
}
