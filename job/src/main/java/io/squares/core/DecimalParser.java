package io.squares.core;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Parses decimal text exactly into a {@link ParsedDecimal}.
 *
 * <p>Accepted, after trimming surrounding ASCII spaces and tabs:
 * {@code [+-]? ( digits ( '.' digits? )? | '.' digits ) ( [eE] [+-]? digits )?}. Results:
 * <ul>
 *   <li>nothing left after trimming: {@link BadRecordReason#EMPTY_VALUE};</li>
 *   <li>{@code NaN}, {@code Infinity} or {@code Inf} in any case with an optional sign:
 *       {@link BadRecordReason#NOT_FINITE};</li>
 *   <li>anything else outside the grammar (hex, {@code 1,5}, {@code 1e}, {@code --1}, non-ASCII):
 *       {@link BadRecordReason#NOT_A_NUMBER};</li>
 *   <li>a non-zero value whose normalized form has a scale above {@link #MAX_SCALE} or more than
 *       {@link #MAX_INTEGER_DIGITS} digits before the decimal point:
 *       {@link BadRecordReason#OUT_OF_RANGE}. Zero is never out of range, whatever its exponent.</li>
 * </ul>
 *
 * <p>Values with at most 18 significant digits (and any value whose unscaled form fits in a long)
 * are parsed without allocating; longer ones go through {@link BigInteger}, still exactly.
 */
public final class DecimalParser {
  /** The largest accepted number of digits after the decimal point, after normalization. */
  public static final int MAX_SCALE = 1000;
  /** The largest accepted number of digits before the decimal point, after normalization. */
  public static final int MAX_INTEGER_DIGITS = 1000;

  /** Exponent digits beyond this magnitude cannot change the outcome: saturate. */
  private static final long EXPONENT_CAP = 1_000_000_000_000_000L;

  private DecimalParser() {
  }

  /**
   * Parses {@code buf[start, end)} into {@code out}.
   *
   * @param buf the bytes (ASCII digits and signs; anything else is rejected)
   * @param start the first byte
   * @param end one past the last byte
   * @param out receives the value on success; unspecified content on failure
   * @return null on success, otherwise why the text was rejected
   */
  public static BadRecordReason parse(byte[] buf, int start, int end, ParsedDecimal out) {
    Objects.checkFromToIndex(start, end, buf.length);
    if (parseShort(buf, start, end, out)) {
      return null;
    }
    while (start < end && isBlank(buf[start])) {
      start++;
    }
    while (end > start && isBlank(buf[end - 1])) {
      end--;
    }
    if (start == end) {
      return BadRecordReason.EMPTY_VALUE;
    }

    int i = start;
    boolean negative = false;
    if (buf[i] == '+' || buf[i] == '-') {
      negative = buf[i] == '-';
      i++;
    }
    final int intStart = i;
    while (i < end && isDigit(buf[i])) {
      i++;
    }
    final int intEnd = i;
    int fracStart = i;
    int fracEnd = i;
    if (i < end && buf[i] == '.') {
      i++;
      fracStart = i;
      while (i < end && isDigit(buf[i])) {
        i++;
      }
      fracEnd = i;
    }
    if (intEnd == intStart && fracEnd == fracStart) {
      return isNonFiniteWord(buf, intStart, end)
          ? BadRecordReason.NOT_FINITE : BadRecordReason.NOT_A_NUMBER;
    }
    long exponent = 0;
    if (i < end && (buf[i] == 'e' || buf[i] == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < end && (buf[i] == '+' || buf[i] == '-')) {
        expNegative = buf[i] == '-';
        i++;
      }
      final int expStart = i;
      while (i < end && isDigit(buf[i])) {
        if (exponent < EXPONENT_CAP) {
          exponent = exponent * 10 + (buf[i] - '0');
        }
        i++;
      }
      if (i == expStart) {
        return BadRecordReason.NOT_A_NUMBER;
      }
      if (expNegative) {
        exponent = -exponent;
      }
    }
    if (i != end) {
      return BadRecordReason.NOT_A_NUMBER;
    }
    return convert(buf, intStart, intEnd, fracStart, fracEnd, negative, exponent, out);
  }

  /**
   * The hot path: {@code [+-]?digits(.digits)?} with at most 18 digits and nothing else (no
   * blanks, no exponent), which fits a long whatever the digits are. Anything else returns false
   * and is left to the general parser.
   */
  private static boolean parseShort(byte[] buf, int start, int end, ParsedDecimal out) {
    int i = start;
    boolean negative = false;
    if (i < end && (buf[i] == '-' || buf[i] == '+')) {
      negative = buf[i] == '-';
      i++;
    }
    int digitsStart = i;
    int dot = -1;
    long acc = 0;
    for (; i < end; i++) {
      int d = buf[i] - '0';
      if (d >= 0 && d <= 9) {
        acc = acc * 10 + d;
      } else if (buf[i] == '.' && dot < 0) {
        dot = i;
      } else {
        return false;
      }
    }
    int digits = end - digitsStart - (dot >= 0 ? 1 : 0);
    if (digits == 0 || digits > 18) {
      return false;
    }
    int scale = dot < 0 ? 0 : end - dot - 1;
    while (scale > 0 && acc % 10 == 0) {
      acc /= 10;
      scale--;
    }
    out.setNormalized(negative ? -acc : acc, scale);
    return true;
  }

  /**
   * Parses a character sequence; a convenience that allocates a byte copy.
   *
   * @param s the text
   * @param out receives the value on success
   * @return null on success, otherwise why the text was rejected
   */
  public static BadRecordReason parse(CharSequence s, ParsedDecimal out) {
    int n = s.length();
    byte[] bytes = new byte[n];
    for (int k = 0; k < n; k++) {
      char c = s.charAt(k);
      // Any non-ASCII char maps to a non-ASCII byte, which the grammar rejects.
      bytes[k] = c < 0x80 ? (byte) c : (byte) 0x80;
    }
    return parse(bytes, 0, n, out);
  }

  /**
   * Turns validated digit runs into a normalized value. The digits are {@code buf[intStart,
   * intEnd)} and {@code buf[fracStart, fracEnd)}; when both are non-empty a single '.' separates
   * them.
   */
  private static BadRecordReason convert(byte[] buf, int intStart, int intEnd, int fracStart,
      int fracEnd, boolean negative, long exponent, ParsedDecimal out) {
    int first = -1;
    for (int j = intStart; j < intEnd && first < 0; j++) {
      if (buf[j] != '0') {
        first = j;
      }
    }
    for (int j = fracStart; j < fracEnd && first < 0; j++) {
      if (buf[j] != '0') {
        first = j;
      }
    }
    if (first < 0) {
      out.setZero();
      return null;
    }
    int last = -1;
    for (int j = fracEnd - 1; j >= fracStart && last < 0; j--) {
      if (buf[j] != '0') {
        last = j;
      }
    }
    for (int j = intEnd - 1; j >= intStart && last < 0; j--) {
      if (buf[j] != '0') {
        last = j;
      }
    }
    // Place values (powers of ten, before the exponent) of the first and last significant digit.
    long leadPlace = first < intEnd ? intEnd - 1 - first : -(first - fracStart + 1);
    long lastPlace = last < intEnd ? intEnd - 1 - last : -(last - fracStart + 1);
    long integerDigits = leadPlace + exponent + 1;
    long lastPower = lastPlace + exponent;
    if (-lastPower > MAX_SCALE || integerDigits > MAX_INTEGER_DIGITS) {
      return BadRecordReason.OUT_OF_RANGE;
    }
    int scale = lastPower < 0 ? (int) -lastPower : 0;
    int multiplierPower = lastPower > 0 ? (int) lastPower : 0;

    // Accumulate negatively, as Long.parseLong does, so that Long.MIN_VALUE is reachable.
    final long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    final long multMin = limit / 10;
    long acc = 0;
    boolean overflow = false;
    for (int j = first; j <= last; j++) {
      int d = buf[j] - '0';
      if (d < 0) {
        continue; // the decimal point
      }
      if (acc < multMin) {
        overflow = true;
        break;
      }
      acc *= 10;
      if (acc < limit + d) {
        overflow = true;
        break;
      }
      acc -= d;
    }
    if (!overflow && multiplierPower > 0) {
      if (multiplierPower >= Pow10.LONG_POWERS) {
        overflow = true;
      } else {
        long p = Pow10.LONG[multiplierPower];
        long high = Math.multiplyHigh(acc, p);
        long low = acc * p;
        if (high != (low >> 63) || low < limit) {
          overflow = true;
        } else {
          acc = low;
        }
      }
    }
    if (!overflow) {
      out.setNormalized(negative ? acc : -acc, scale);
      return null;
    }
    BigInteger unscaled = bigDigits(buf, first, last);
    if (multiplierPower > 0) {
      unscaled = unscaled.multiply(Pow10.big(multiplierPower));
    }
    out.setNormalized(negative ? unscaled.negate() : unscaled, scale);
    return null;
  }

  /** The digits of {@code buf[first, last]} (skipping a '.') as a non-negative integer. */
  private static BigInteger bigDigits(byte[] buf, int first, int last) {
    char[] digits = new char[last - first + 1];
    int n = 0;
    for (int j = first; j <= last; j++) {
      if (buf[j] != '.') {
        digits[n++] = (char) buf[j];
      }
    }
    return new BigInteger(new String(digits, 0, n));
  }

  private static boolean isNonFiniteWord(byte[] buf, int start, int end) {
    return equalsIgnoreCase(buf, start, end, "nan")
        || equalsIgnoreCase(buf, start, end, "inf")
        || equalsIgnoreCase(buf, start, end, "infinity");
  }

  /** ASCII case-insensitive comparison with a lower-case word. */
  private static boolean equalsIgnoreCase(byte[] buf, int start, int end, String lowerWord) {
    if (end - start != lowerWord.length()) {
      return false;
    }
    for (int k = 0; k < lowerWord.length(); k++) {
      int b = buf[start + k];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }
}
