package io.squares.core;

/**
 * Correctly rounded (HALF_EVEN) decimal text of {@code p / q} and of {@code sqrt(p / q)} for
 * rationals small enough for long arithmetic, without a BigInteger or BigDecimal: the usual case of
 * {@link ExactStats}' mean, variance and standard deviation (a few values a key, integers or
 * decimals of a few places). Each method either appends exactly what the exact route
 * ({@code BigDecimal.divide} with a {@code MathContext}, {@link CorrectlyRounded#sqrt}) followed by
 * {@link DecimalText#plain} would, or appends nothing and returns false, leaving the value to that
 * route. At 20M rows x 5M keys the exact route's mean, variance and standard deviation were 5 of the
 * 13 CPU seconds of the reducers.
 *
 * <p>Quotients are produced by long division in chunks of as many digits as the denominator leaves
 * room for, with the remainder deciding the rounding. Square roots start from {@link Math#sqrt},
 * are corrected by one Newton step on the exact residual, and are proven with exact 192-bit integer
 * products (below), as {@link CorrectlyRounded#sqrtFromDouble} does with BigIntegers.
 */
final class SmallRational {
  /** Largest denominator handled (exclusive): every remainder r < q then has r·10 < 2^63. */
  static final long MAX_DENOMINATOR = 1L << 59;
  /** Most significant digits handled: the result's digits must fit in a long. */
  static final int MAX_DIGITS = 17;
  /** Largest numerator of a square root (exclusive): 4p must fit in 64 unsigned bits. */
  static final long MAX_ROOT_NUMERATOR = 1L << 61;
  private static final double TWO_64 = 0x1p64;

  // Scratch of appendSqrt: unsigned 192-bit values, lowest word first.
  private final long[] left = new long[3];
  private final long[] right = new long[3];
  private final long[] difference = new long[3];

  /** A calculator for {@link #appendSqrt}, which keeps its 192-bit scratch (not thread-safe). */
  SmallRational() {
  }

  /**
   * Appends {@code p / q × 10^-scale} rounded HALF_EVEN to {@code digits} significant digits, in
   * {@link DecimalText#plain} form.
   *
   * @param p numerator, any long but {@link Long#MIN_VALUE}
   * @param q denominator, {@code 0 < q <} {@link #MAX_DENOMINATOR}
   * @param scale a power of ten dividing the quotient, {@code >= 0}
   * @param digits significant digits, 1 to {@link #MAX_DIGITS}
   * @param sb receives the text
   * @return false, with nothing appended, outside that domain or when the quotient's integer part has
   *     more than {@code digits} digits
   */
  static boolean appendQuotient(long p, long q, int scale, int digits, StringBuilder sb) {
    if (q <= 0 || q >= MAX_DENOMINATOR || p == Long.MIN_VALUE || scale < 0 || digits < 1
        || digits > MAX_DIGITS) {
      return false;
    }
    if (p == 0) {
      sb.append('0');
      return true;
    }
    long a = Math.abs(p);
    long m = a / q;
    long r = a % q;
    int produced = 0; // fractional digits in m
    int remaining; // digits still to produce
    if (m == 0) {
      while (r * 10 < q) { // leading zeros of the fraction are not significant
        r *= 10;
        produced++;
      }
      remaining = digits;
    } else {
      int wholeDigits = Pow10.digitCount(m);
      if (wholeDigits > digits) {
        return false;
      }
      remaining = digits - wholeDigits;
    }
    int chunk = chunkDigits(q);
    while (remaining > 0) {
      int k = Math.min(remaining, chunk);
      long t = r * Pow10.LONG[k]; // r < q, and q·10^k fits
      m = m * Pow10.LONG[k] + t / q;
      r = t % q;
      produced += k;
      remaining -= k;
    }
    long twice = r << 1; // r < q < 2^59
    if (twice > q || (twice == q && (m & 1) != 0)) {
      m++; // at most 10^digits: still a long, and the text drops its zeros
    }
    return DecimalText.appendSigned(p < 0 ? -m : m, produced + scale, sb);
  }

  /**
   * Appends {@code sqrt(p / q) × 10^-scale} rounded HALF_EVEN to {@code digits} significant digits,
   * in {@link DecimalText#plain} form.
   *
   * @param p numerator, {@code 0 <= p <} {@link #MAX_ROOT_NUMERATOR}
   * @param q denominator, {@code 0 < q <} {@link #MAX_DENOMINATOR}
   * @param scale a power of ten dividing the root, {@code >= 0}
   * @param digits significant digits, 1 to {@link #MAX_DIGITS}
   * @param sb receives the text
   * @return false, with nothing appended, outside that domain or when the proof needs more than 192
   *     bits or more than a few steps
   */
  boolean appendSqrt(long p, long q, int scale, int digits, StringBuilder sb) {
    if (p < 0 || p >= MAX_ROOT_NUMERATOR || q <= 0 || q >= MAX_DENOMINATOR || scale < 0 || digits < 1
        || digits > MAX_DIGITS) {
      return false;
    }
    if (p == 0) {
      sb.append('0');
      return true;
    }
    double d = Math.sqrt((double) p / (double) q);
    // The root has at most 10 integer digits (p < 2^61) and is at least 2^-30 (q < 2^59): f, the
    // fractional digits of a `digits`-digit m, is between 0 and digits + 9.
    int f = digits - 1 - (int) Math.floor(Math.log10(d));
    if (f < 0) {
      return false;
    }
    long low = Pow10.LONG[digits - 1];
    long high = Pow10.LONG[digits];
    long m = Math.round(f <= 22 ? d * Pow10.DOUBLE[f] : d * 1e22 * Pow10.DOUBLE[f - 22]);
    // left = 4p·10^(2f), exactly
    left[0] = p << 2;
    left[1] = 0;
    left[2] = 0;
    if (!multiplyByPow10(left, 2 * f)) {
      return false;
    }
    // One Newton step on the exact residual 4p·10^(2f) − (2m)²·q, whose derivative in m is 8mq:
    // the double's m can be some 20 units off (17 digits are past 2^53); this leaves it within one.
    if (m > 0 && m < high * 2) {
      if (!squareTimes(2 * m, q, right)) {
        return false;
      }
      double residual = toDouble(subtract(left, right, difference));
      m += Math.round(residual / (8.0 * m * q));
    }
    for (int step = 0; step < 4; step++) {
      if (m < low || m >= high) {
        return false; // a decade's edge: the exact route decides
      }
      if (!squareTimes(2 * m - 1, q, right)) {
        return false;
      }
      int below = compare(left, right);
      if (below < 0) {
        m--;
        continue;
      }
      if (!squareTimes(2 * m + 1, q, right)) {
        return false;
      }
      int above = compare(left, right);
      if (above > 0) {
        m++;
        continue;
      }
      m = CorrectlyRounded.evenAtTie(m, below, above);
      if (m < low || m >= high) {
        return false; // a tie at a decade's edge: the exact route decides
      }
      return DecimalText.appendSigned(m, f + scale, sb);
    }
    return false;
  }

  /** The most digits k with {@code q·10^k <= Long.MAX_VALUE} (at least 1 for q < 2^59). */
  private static int chunkDigits(long q) {
    int k = Pow10.LONG_POWERS - 1;
    while (k > 1 && q > Long.MAX_VALUE / Pow10.LONG[k]) {
      k--;
    }
    return k;
  }

  /**
   * {@code x = x·10^n} for an unsigned 192-bit x ({@code x[0]} lowest word).
   *
   * @return false when the product needs more than 192 bits (x is then undefined)
   */
  private static boolean multiplyByPow10(long[] x, int n) {
    while (n > 0) {
      int k = Math.min(n, Pow10.LONG_POWERS - 1);
      if (!multiply(x, Pow10.LONG[k])) {
        return false;
      }
      n -= k;
    }
    return true;
  }

  /** {@code x = x·b}, unsigned, b > 0; false on overflow of 192 bits. */
  private static boolean multiply(long[] x, long b) {
    long carry = 0;
    for (int i = 0; i < 3; i++) {
      long lo = x[i] * b;
      long hi = unsignedMultiplyHigh(x[i], b);
      long sum = lo + carry;
      if (Long.compareUnsigned(sum, lo) < 0) {
        hi++;
      }
      x[i] = sum;
      carry = hi;
    }
    return carry == 0;
  }

  /** {@code out = v²·q} for {@code 0 < v < 2^62}; false on overflow of 192 bits. */
  private static boolean squareTimes(long v, long q, long[] out) {
    out[0] = v * v;
    out[1] = unsignedMultiplyHigh(v, v);
    out[2] = 0;
    return multiply(out, q);
  }

  /** {@code out = a − b} in two's complement over 192 bits; returns out. */
  private static long[] subtract(long[] a, long[] b, long[] out) {
    long borrow = 0;
    for (int i = 0; i < 3; i++) {
      long d = a[i] - b[i] - borrow;
      borrow = (Long.compareUnsigned(a[i], b[i]) < 0 || (a[i] == b[i] && borrow != 0)) ? 1 : 0;
      out[i] = d;
    }
    return out;
  }

  /**
   * A 192-bit two's-complement value as a double (about: it only sizes a Newton step). A negative
   * value is negated in place first: its high words are all ones, which doubles cannot cancel.
   */
  private static double toDouble(long[] x) {
    boolean negative = x[2] < 0;
    if (negative) {
      x[0] = -x[0];
      long borrow = x[0] != 0 ? 1 : 0;
      x[1] = -x[1] - borrow;
      borrow = (x[1] != 0 || borrow != 0) ? 1 : 0;
      x[2] = -x[2] - borrow;
    }
    double magnitude = ((double) x[2] * TWO_64 + unsignedToDouble(x[1])) * TWO_64 + unsignedToDouble(x[0]);
    return negative ? -magnitude : magnitude;
  }

  private static double unsignedToDouble(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return d + (v & 1);
  }

  /** Unsigned comparison of two 192-bit values. */
  private static int compare(long[] a, long[] b) {
    for (int i = 2; i >= 0; i--) {
      if (a[i] != b[i]) {
        return Long.compareUnsigned(a[i], b[i]);
      }
    }
    return 0;
  }

  /** The high 64 bits of the unsigned 128-bit product (Java 18's Math.unsignedMultiplyHigh). */
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }
}
