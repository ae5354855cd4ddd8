package io.squares.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Exact per-key aggregate of decimal values: count, sum, sum of squares, min and max, from which
 * the mean, sample variance and sample standard deviation are derived and correctly rounded.
 *
 * <p>All stored fields share one scale, the largest scale of any value seen: the sum, min and max
 * are integers in units of {@code 10^-scale}, the sum of squares in units of {@code 10^-2·scale}.
 * When a value with a larger scale arrives, the stored fields are rescaled exactly. Each field is
 * an {@link ExactInteger}: plain 64/128-bit arithmetic with overflow checks while it fits, a
 * {@link BigInteger} beyond that. {@link #add(ParsedDecimal)} allocates nothing while the value and
 * the fields fit in machine words.
 *
 * <p>The state depends only on the multiset of values added, not on the order of
 * {@link #add}/{@link #merge} calls, so {@link #write(DataOutput)} and {@link #appendFields} give
 * identical output for any grouping of the same values.
 *
 * <p>Not final: the Hadoop layer extends it as a {@code Writable}. Not thread-safe.
 */
public class ExactStats {
  /** Significant digits of {@link #mean()}, {@link #variance()} and {@link #stddev()}. */
  public static final int SIGNIFICANT_DIGITS = 17;
  /** The text written for an undefined value, as Hive writes NULL. */
  public static final String NULL_TEXT = "\\N";

  private static final MathContext ROUNDING =
      new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

  private long count;
  /** The common scale of the fields; 0 when empty. */
  private int scale;
  private final ExactInteger sum = new ExactInteger();
  private final ExactInteger sumOfSquares = new ExactInteger();
  private final ExactInteger min = new ExactInteger();
  private final ExactInteger max = new ExactInteger();
  /** Scratch for merging another aggregate at a smaller scale; made when first needed. */
  private ExactInteger scratch;
  /** The long-arithmetic route of {@link #appendFields}' standard deviation; made when first needed. */
  private SmallRational fast;

  /** Creates an empty aggregate. */
  public ExactStats() {
  }

  /**
   * Adds one value.
   *
   * @param v the value (normalized, as every {@link ParsedDecimal} is)
   */
  public void add(ParsedDecimal v) {
    int vScale = v.scale();
    if (vScale > scale) {
      rescaleTo(vScale);
    }
    int shift = scale - vScale;
    if (v.fitsInLong()) {
      long u = v.unscaledLong();
      if (shift == 0) {
        addUnscaled(u);
        return;
      }
      if (shift < Pow10.LONG_POWERS) {
        long p = Pow10.LONG[shift];
        long high = Math.multiplyHigh(u, p);
        long low = u * p;
        if (high == (low >> 63)) {
          addUnscaled(low);
          return;
        }
      }
    }
    BigInteger u = v.unscaledBig();
    addUnscaled(shift == 0 ? u : u.multiply(Pow10.big(shift)));
  }

  /**
   * Adds all values of another aggregate; exact, and commutative and associative in result.
   *
   * @param other the aggregate to fold in (unchanged, unless it is this one)
   */
  public void merge(ExactStats other) {
    if (other.count == 0) {
      return;
    }
    if (count == 0) {
      set(other);
      return;
    }
    long newCount = Math.addExact(count, other.count);
    if (other.scale > scale) {
      rescaleTo(other.scale);
    }
    int shift = scale - other.scale;
    sum.add(rescaled(other.sum, shift));
    sumOfSquares.add(rescaled(other.sumOfSquares, 2 * shift));
    ExactInteger otherMin = rescaled(other.min, shift);
    if (min.compareTo(otherMin) > 0) {
      min.set(otherMin);
    }
    ExactInteger otherMax = rescaled(other.max, shift);
    if (max.compareTo(otherMax) < 0) {
      max.set(otherMax);
    }
    count = newCount;
  }

  /** Empties the aggregate. */
  public void reset() {
    count = 0;
    scale = 0;
    sum.setZero();
    sumOfSquares.setZero();
    min.setZero();
    max.setZero();
  }

  /**
   * Makes this aggregate a copy of another.
   *
   * @param other the aggregate to copy
   */
  public void set(ExactStats other) {
    count = other.count;
    scale = other.scale;
    sum.set(other.sum);
    sumOfSquares.set(other.sumOfSquares);
    min.set(other.min);
    max.set(other.max);
  }

  /**
   * Replaces the whole state with one held in machine words (by {@link CompactStatsTable}): every
   * field at the common scale, the sum of squares as a non-negative 128-bit pair.
   *
   * @param n the count (0: empty, and then every other argument is 0)
   * @param commonScale the scale of sum, min and max (twice it for the sum of squares)
   * @param sumValue the sum
   * @param squaresHigh the high word of the sum of squares
   * @param squaresLow the low word of the sum of squares
   * @param minValue the minimum
   * @param maxValue the maximum
   */
  void setWords(long n, int commonScale, long sumValue, long squaresHigh, long squaresLow,
      long minValue, long maxValue) {
    count = n;
    scale = commonScale;
    sum.set(sumValue);
    sumOfSquares.set128(squaresHigh, squaresLow);
    min.set(minValue);
    max.set(maxValue);
  }

  /**
   * The number of values.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * The exact sum (0 when empty).
   *
   * @return the sum, normalized
   */
  public BigDecimal sum() {
    return exact(sum, scale);
  }

  /**
   * The exact sum of squares (0 when empty).
   *
   * @return the sum of squares, normalized
   */
  public BigDecimal sumOfSquares() {
    return exact(sumOfSquares, 2 * scale);
  }

  /**
   * The smallest value.
   *
   * @return the exact minimum, normalized; null when empty
   */
  public BigDecimal min() {
    return count == 0 ? null : exact(min, scale);
  }

  /**
   * The largest value.
   *
   * @return the exact maximum, normalized; null when empty
   */
  public BigDecimal max() {
    return count == 0 ? null : exact(max, scale);
  }

  /**
   * The mean, {@code sum / count}, correctly rounded to {@value #SIGNIFICANT_DIGITS} significant
   * digits (HALF_EVEN).
   *
   * @return the mean, normalized; null when empty
   */
  public BigDecimal mean() {
    if (count == 0) {
      return null;
    }
    BigDecimal exactSum = new BigDecimal(sum.toBigInteger(), scale);
    return DecimalText.normalize(exactSum.divide(BigDecimal.valueOf(count), ROUNDING));
  }

  /**
   * The sample variance {@code (n·Σx² − (Σx)²) / (n·(n−1))}, evaluated as an exact rational and
   * correctly rounded to {@value #SIGNIFICANT_DIGITS} significant digits (HALF_EVEN).
   *
   * @return the variance, normalized; null when fewer than two values
   */
  public BigDecimal variance() {
    if (count < 2) {
      return null;
    }
    return variance(varianceNumerator(), varianceDenominator());
  }

  private BigDecimal variance(BigInteger numerator, BigInteger denominator) {
    return DecimalText.normalize(
        new BigDecimal(numerator, 2 * scale).divide(new BigDecimal(denominator), ROUNDING));
  }

  /**
   * The sample standard deviation: the square root of the exact variance, correctly rounded to
   * {@value #SIGNIFICANT_DIGITS} significant digits (HALF_EVEN) — not the root of a rounded
   * variance.
   *
   * @return the standard deviation, normalized; null when fewer than two values
   */
  public BigDecimal stddev() {
    if (count < 2) {
      return null;
    }
    return stddev(varianceNumerator(), varianceDenominator());
  }

  private BigDecimal stddev(BigInteger numerator, BigInteger denominator) {
    return CorrectlyRounded.sqrt(numerator, denominator.multiply(Pow10.big(2 * scale)),
        SIGNIFICANT_DIGITS);
  }

  /**
   * Appends the 8 tab-separated output fields {@code count sum sum_of_squares min max mean
   * variance stddev}, without a leading or trailing tab. Numbers are in
   * {@link DecimalText#plain(BigDecimal)} form; undefined values are {@value #NULL_TEXT}.
   *
   * @param sb receives the text
   */
  public void appendFields(StringBuilder sb) {
    sb.append(count);
    appendExact(sb, sum, scale);
    appendExact(sb, sumOfSquares, 2 * scale);
    if (count == 0) {
      appendField(sb, null);
      appendField(sb, null);
    } else {
      appendExact(sb, min, scale);
      appendExact(sb, max, scale);
    }
    sb.append('\t');
    if (count == 0) {
      sb.append(NULL_TEXT);
    } else if (!sum.fitsInLong()
        || !SmallRational.appendQuotient(sum.longValue(), count, scale, SIGNIFICANT_DIGITS, sb)) {
      sb.append(DecimalText.plain(mean()));
    }
    if (count < 2) {
      appendField(sb, null);
      appendField(sb, null);
      return;
    }
    long numerator = smallVarianceNumerator();
    if (numerator >= 0 && count < SmallRational.MAX_DENOMINATOR / count) {
      // the exact rational in longs: both columns without a BigInteger when they fit (the usual case)
      long denominator = count * (count - 1);
      int length = sb.length();
      sb.append('\t');
      if (SmallRational.appendQuotient(numerator, denominator, 2 * scale, SIGNIFICANT_DIGITS, sb)) {
        sb.append('\t');
        if (fast == null) {
          fast = new SmallRational();
        }
        if (fast.appendSqrt(numerator, denominator, scale, SIGNIFICANT_DIGITS, sb)) {
          return;
        }
      }
      sb.setLength(length);
    }
    BigInteger numeratorBig = varianceNumerator(); // made once for both columns
    BigInteger denominatorBig = varianceDenominator();
    appendField(sb, variance(numeratorBig, denominatorBig));
    appendField(sb, stddev(numeratorBig, denominatorBig));
  }

  /**
   * {@code n·Σx² − (Σx)²} (see {@link #varianceNumerator}) when every step of it fits in a long,
   * else -1.
   */
  private long smallVarianceNumerator() {
    if (!sum.fitsInLong() || !sumOfSquares.fitsInLong()) {
      return -1;
    }
    long s = sum.longValue();
    long q = sumOfSquares.longValue();
    if (s < -DecimalText.MAX_LONG_SQUARE_ROOT || s > DecimalText.MAX_LONG_SQUARE_ROOT) {
      return -1;
    }
    long high = Math.multiplyHigh(q, count);
    long product = q * count;
    if (high != (product >> 63)) {
      return -1;
    }
    long numerator = product - s * s;
    return numerator >= 0 && product >= 0 ? numerator : -1; // product >= s², both non-negative
  }

  /** Appends a TAB and an exact field, straight from its long when it fits in one. */
  private static void appendExact(StringBuilder sb, ExactInteger value, int scale) {
    sb.append('\t');
    if (!value.fitsInLong() || !DecimalText.appendSigned(value.longValue(), scale, sb)) {
      sb.append(DecimalText.plain(exact(value, scale)));
    }
  }

  /**
   * Serializes the state compactly and deterministically: the count as a varint, then (when not
   * empty) the scale and the four fields, each a tag byte followed by a varint, two words, or
   * BigInteger bytes. A single value (count 1, the common case of map output at high key
   * cardinality) writes only the sum: its min and max equal it and its sum of squares is its square
   * (4 bytes for a small integer instead of 10).
   *
   * @param out the sink
   * @throws IOException if writing fails
   */
  public void write(DataOutput out) throws IOException {
    VarInts.writeUnsigned(out, count);
    if (count == 0) {
      return;
    }
    VarInts.writeUnsigned(out, scale);
    sum.write(out);
    if (count == 1) { // one value: min = max = sum, sum of squares = sum², so the sum alone says it all
      return;
    }
    sumOfSquares.write(out);
    min.write(out);
    max.write(out);
  }

  /**
   * Replaces the whole state with one written by {@link #write(DataOutput)}.
   *
   * @param in the source
   * @throws IOException if reading fails or the data is corrupt
   */
  public void readFields(DataInput in) throws IOException {
    reset();
    long n = VarInts.readUnsigned(in);
    if (n < 0) {
      throw new IOException("corrupt stats: count " + n);
    }
    if (n == 0) {
      return;
    }
    long s = VarInts.readUnsigned(in);
    if (s < 0 || s > Integer.MAX_VALUE / 2) {
      throw new IOException("corrupt stats: scale " + s);
    }
    sum.readFields(in);
    if (n == 1) {
      sumOfSquares.setSquareOf(sum);
      min.set(sum);
      max.set(sum);
    } else {
      sumOfSquares.readFields(in);
      min.readFields(in);
      max.readFields(in);
    }
    count = n;
    scale = (int) s;
  }

  /**
   * Equal when the count, the common scale and every exact field are equal; aggregates of the
   * same multiset of values are always equal.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExactStats)) {
      return false;
    }
    ExactStats other = (ExactStats) o;
    return count == other.count && scale == other.scale && sum.equals(other.sum)
        && sumOfSquares.equals(other.sumOfSquares) && min.equals(other.min)
        && max.equals(other.max);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(count);
    h = 31 * h + scale;
    h = 31 * h + sum.hashCode();
    h = 31 * h + sumOfSquares.hashCode();
    h = 31 * h + min.hashCode();
    return 31 * h + max.hashCode();
  }

  /** Returns the {@link #appendFields(StringBuilder)} text. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    appendFields(sb);
    return sb.toString();
  }

  private void addUnscaled(long x) {
    sum.add(x);
    sumOfSquares.addSquare(x);
    if (count == 0) {
      min.set(x);
      max.set(x);
    } else if (min.compareTo(x) > 0) {
      min.set(x);
    } else if (max.compareTo(x) < 0) {
      max.set(x);
    }
    count++;
  }

  private void addUnscaled(BigInteger x) {
    sum.add(x);
    sumOfSquares.add(x.multiply(x));
    if (count == 0) {
      min.set(x);
      max.set(x);
    } else if (min.compareTo(x) > 0) {
      min.set(x);
    } else if (max.compareTo(x) < 0) {
      max.set(x);
    }
    count++;
  }

  /** Raises the common scale; the stored values are multiplied by the matching power of ten. */
  private void rescaleTo(int newScale) {
    if (count > 0) {
      int shift = newScale - scale;
      sum.multiplyByPow10(shift);
      min.multiplyByPow10(shift);
      max.multiplyByPow10(shift);
      sumOfSquares.multiplyByPow10(Math.multiplyExact(2, shift));
    }
    scale = newScale;
  }

  /** {@code value × 10^shift}: the value itself when shift is 0, else a copy in the scratch. */
  private ExactInteger rescaled(ExactInteger value, int shift) {
    if (shift == 0) {
      return value;
    }
    if (scratch == null) {
      scratch = new ExactInteger();
    }
    scratch.set(value);
    scratch.multiplyByPow10(shift);
    return scratch;
  }

  /** {@code n·Σx² − (Σx)²} in units of {@code 10^-2·scale}; never negative. */
  private BigInteger varianceNumerator() {
    BigInteger s = sum.toBigInteger();
    return sumOfSquares.toBigInteger().multiply(BigInteger.valueOf(count))
        .subtract(s.multiply(s));
  }

  /** {@code n·(n−1)}. */
  private BigInteger varianceDenominator() {
    return BigInteger.valueOf(count).multiply(BigInteger.valueOf(count - 1));
  }

  private static BigDecimal exact(ExactInteger value, int scale) {
    return DecimalText.normalize(new BigDecimal(value.toBigInteger(), scale));
  }

  private static void appendField(StringBuilder sb, BigDecimal value) {
    sb.append('\t');
    if (value == null) {
      sb.append(NULL_TEXT);
    } else {
      sb.append(DecimalText.plain(value));
    }
  }
}
