package io.squares.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Correctly rounded (HALF_EVEN) square roots of exact non-negative rationals. */
final class CorrectlyRounded {
  private CorrectlyRounded() {
  }

  /**
   * {@code sqrt(p / q)} correctly rounded to {@code digits} significant digits, HALF_EVEN.
   *
   * <p>With {@code r = floor(sqrt(p·10^2k / q))} for a {@code k} that gives r more than
   * {@code digits} digits, r is exact up to a "sticky" bit that records whether anything was
   * discarded (the division or the integer square root left a remainder); dropping r's surplus
   * digits with that bit decides the rounding, ties included, exactly.
   *
   * @param p numerator, {@code >= 0}
   * @param q denominator, {@code > 0}
   * @param digits significant digits, {@code >= 1}
   * @return the rounded root, normalized (see {@link DecimalText#normalize(BigDecimal)})
   */
  static BigDecimal sqrt(BigInteger p, BigInteger q, int digits) {
    if (p.signum() < 0 || q.signum() <= 0 || digits < 1) {
      throw new IllegalArgumentException("sqrt of " + p + "/" + q + " to " + digits);
    }
    if (p.signum() == 0) {
      return BigDecimal.ZERO;
    }
    // log10(p/q) estimated from bit lengths (off by at most a couple of units); k targets a
    // root with about digits + 3 integer digits, and the loop corrects any shortfall.
    long log10Estimate = Math.round((p.bitLength() - q.bitLength()) * 0.30102999566398120);
    long k = digits + 3 - Math.floorDiv(log10Estimate, 2);
    while (true) {
      BigInteger num = p;
      BigInteger den = q;
      if (k >= 0) {
        num = p.multiply(Pow10.big(Math.toIntExact(2 * k)));
      } else {
        den = q.multiply(Pow10.big(Math.toIntExact(-2 * k)));
      }
      BigInteger[] quotient = num.divideAndRemainder(den);
      BigInteger[] root = quotient[0].sqrtAndRemainder();
      BigInteger r = root[0];
      int rDigits = r.signum() == 0 ? 0 : new BigDecimal(r).precision();
      if (rDigits <= digits) {
        k += digits + 2 - rDigits;
        continue;
      }
      boolean sticky = quotient[1].signum() != 0 || root[1].signum() != 0;
      int drop = rDigits - digits;
      BigInteger unit = Pow10.big(drop);
      BigInteger[] kept = r.divideAndRemainder(unit);
      BigInteger result = kept[0];
      int half = kept[1].shiftLeft(1).compareTo(unit);
      if (half > 0 || (half == 0 && (sticky || result.testBit(0)))) {
        result = result.add(BigInteger.ONE);
      }
      // r ≈ root × 10^k and result ≈ r / 10^drop, so root ≈ result × 10^(drop - k).
      return DecimalText.normalize(new BigDecimal(result, Math.toIntExact(k - drop)));
    }
  }
}
