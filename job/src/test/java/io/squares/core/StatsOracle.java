package io.squares.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * Naive, independent statistics over a list of BigDecimals: BigDecimal sums, two-pass variance.
 * Used as the test oracle for {@link ExactStats}.
 */
final class StatsOracle {
  static final MathContext MC17 = new MathContext(17, RoundingMode.HALF_EVEN);

  final int n;
  final BigDecimal sum;
  final BigDecimal sumOfSquares;
  final BigDecimal min;
  final BigDecimal max;
  /** Σ(n·x − Σx)², exact; the variance is this / (n²·(n−1)). */
  final BigDecimal twoPassNumerator;

  StatsOracle(List<BigDecimal> values) {
    n = values.size();
    BigDecimal s = BigDecimal.ZERO;
    BigDecimal sq = BigDecimal.ZERO;
    BigDecimal lo = null;
    BigDecimal hi = null;
    for (BigDecimal v : values) {
      s = s.add(v);
      sq = sq.add(v.multiply(v));
      if (lo == null || v.compareTo(lo) < 0) {
        lo = v;
      }
      if (hi == null || v.compareTo(hi) > 0) {
        hi = v;
      }
    }
    sum = s;
    sumOfSquares = sq;
    min = lo;
    max = hi;
    // Two-pass with the exact rational mean s/n: n·x − s = n·(x − mean) stays exact.
    BigDecimal nd = BigDecimal.valueOf(n);
    BigDecimal acc = BigDecimal.ZERO;
    for (BigDecimal v : values) {
      BigDecimal dev = nd.multiply(v).subtract(s);
      acc = acc.add(dev.multiply(dev));
    }
    twoPassNumerator = acc;
  }

  /** n²·(n−1). */
  BigInteger twoPassDenominator() {
    BigInteger bn = BigInteger.valueOf(n);
    return bn.multiply(bn).multiply(bn.subtract(BigInteger.ONE));
  }

  /** The variance, rounded to 17 digits by BigDecimal.divide on the two-pass rational. */
  BigDecimal variance17() {
    return twoPassNumerator.divide(new BigDecimal(twoPassDenominator()), MC17);
  }

  /** The mean rational as an integer pair. */
  BigInteger[] meanRational() {
    return CorrectRoundingOracle.rational(sum, BigInteger.valueOf(n));
  }

  /** The variance rational (two-pass form) as an integer pair. */
  BigInteger[] varianceRational() {
    return CorrectRoundingOracle.rational(twoPassNumerator, twoPassDenominator());
  }
}
