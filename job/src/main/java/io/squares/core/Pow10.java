package io.squares.core;

import java.math.BigInteger;

/** Powers of ten as longs and (cached for small exponents) as BigIntegers. */
final class Pow10 {
  /** Number of powers of ten that fit in a long: 10^0 .. 10^18. */
  static final int LONG_POWERS = 19;
  /** {@code LONG[i] == 10^i} for {@code 0 <= i < LONG_POWERS}. */
  static final long[] LONG = new long[LONG_POWERS];

  /** {@code DOUBLE[i] == 10^i} exactly, for {@code 0 <= i <= 22} (10^22 is the largest power of ten a double holds exactly). */
  static final double[] DOUBLE = new double[23];

  private static final int CACHED_BIG = 64;
  private static final BigInteger[] BIG = new BigInteger[CACHED_BIG];

  static {
    long p = 1;
    for (int i = 0; i < LONG_POWERS; i++) {
      LONG[i] = p;
      p *= 10;
    }
    double d = 1;
    for (int i = 0; i < DOUBLE.length; i++) {
      DOUBLE[i] = d;
      d *= 10;
    }
    BigInteger b = BigInteger.ONE;
    for (int i = 0; i < CACHED_BIG; i++) {
      BIG[i] = b;
      b = b.multiply(BigInteger.TEN);
    }
  }

  private Pow10() {
  }

  /** {@code 10^n} as a BigInteger; {@code n >= 0}. */
  static BigInteger big(int n) {
    return n < CACHED_BIG ? BIG[n] : BigInteger.TEN.pow(n);
  }

  /** The number of decimal digits of a non-negative long (1 for 0). */
  static int digitCount(long v) {
    int n = 1;
    while (n < LONG_POWERS && v >= LONG[n]) {
      n++;
    }
    return n;
  }
}
