package io.squares.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Correctly rounded (HALF_EVEN) square roots of exact non-negative rationals. */
final class CorrectlyRounded {
  /** The most digits {@link #sqrtFromDouble} handles: its candidate must fit in a long. */
  private static final int MAX_FAST_DIGITS = 17;
  /** How many neighbours of the double's candidate are tried before giving up on it. */
  private static final int MAX_STEPS = 8;

  private CorrectlyRounded() {
  }

  /**
   * The same root by a faster route: a candidate from {@link Math#sqrt} of the double nearest
   * {@code p / q}, corrected by one Newton step on an integer quotient, then proven exactly, or
   * moved to its neighbour, with integer products only: {@code m·10^e} is the HALF_EVEN rounding of
   * {@code sqrt(p/q)} when {@code ((2m-1)·10^e)² ≤ 4p/q ≤ ((2m+1)·10^e)²}, a bound reached exactly
   * being a tie that goes to the even {@code m}. One division and no integer square root of big
   * numbers (BigInteger's square root made {@code stddev} 14% of a 1.25M-key job's CPU).
   *
   * @return the rounded root, or null when the double route does not apply (then the caller takes
   *     the exact route)
   */
  static BigDecimal sqrtFromDouble(BigInteger p, BigInteger q, int digits) {
    double d = Math.sqrt(p.doubleValue() / q.doubleValue());
    if (!(d >= Double.MIN_NORMAL) || Double.isInfinite(d)) {
      return null;
    }
    long low = Pow10.LONG[digits - 1];
    long high = Pow10.LONG[digits]; // m in [low, high): exactly `digits` digits
    int e = (int) Math.floor(Math.log10(d)) - (digits - 1);
    double scaled = e >= 0 ? d / Math.pow(10, e) : d * Math.pow(10, -e);
    long m = Math.round(scaled);
    while (m >= high) {
      m = (m + 5) / 10;
      e++;
    }
    while (m < low) {
      m *= 10;
      e--;
    }
    // A 17-digit candidate is past 2^53, so the double's can be some 20 units off: one Newton step
    // on t = floor(p·10^-2e / q) brings it within a unit or two of the answer.
    BigInteger t = e >= 0 ? p.divide(q.multiply(Pow10.big(2 * e))) : p.multiply(Pow10.big(-2 * e)).divide(q);
    BigInteger delta = t.subtract(BigInteger.valueOf(m).pow(2));
    if (delta.bitLength() < 62) {
      m += Math.round(delta.longValue() / (2.0 * m));
    }
    BigInteger fourP = p.shiftLeft(2);
    for (int step = 0; step < MAX_STEPS; step++) {
      if (m >= high) {
        m = (m + 5) / 10; // one more digit than wanted: the next decade
        e++;
        continue;
      }
      if (m < low) {
        m = m * 10; // one digit short: the previous decade
        e--;
        continue;
      }
      BigInteger lowerSq = BigInteger.valueOf(2 * m - 1).pow(2);
      BigInteger upperSq = BigInteger.valueOf(2 * m + 1).pow(2);
      BigInteger left = fourP;
      if (e >= 0) {
        BigInteger scale = Pow10.big(2 * e).multiply(q);
        lowerSq = lowerSq.multiply(scale);
        upperSq = upperSq.multiply(scale);
      } else {
        left = fourP.multiply(Pow10.big(-2 * e));
        lowerSq = lowerSq.multiply(q);
        upperSq = upperSq.multiply(q);
      }
      int below = left.compareTo(lowerSq);
      if (below < 0) {
        m--;
        continue;
      }
      int above = left.compareTo(upperSq);
      if (above > 0) {
        m++;
        continue;
      }
      m = evenAtTie(m, below, above);
      if (m < low || m >= high) {
        return null; // a tie at a decade's edge: leave it to the exact route
      }
      return DecimalText.normalize(new BigDecimal(BigInteger.valueOf(m), -e));
    }
    return null;
  }

  /**
   * The candidate after its proof: when the value lies exactly on one of its bounds (a tie:
   * {@code below} or {@code above} is 0), the even one of the two neighbours it lies between.
   *
   * @param m the candidate, within its bounds
   * @param below how the value compares with m's lower bound
   * @param above how the value compares with m's upper bound
   * @return m, or its even neighbour at a tie
   */
  static long evenAtTie(long m, int below, int above) {
    if ((below == 0 || above == 0) && (m & 1) != 0) {
      return m + (below == 0 ? -1 : 1); // the even neighbour, whose bound the value also is
    }
    return m;
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
    if (digits <= MAX_FAST_DIGITS) {
      BigDecimal fast = sqrtFromDouble(p, q, digits);
      if (fast != null) {
        return fast;
      }
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
