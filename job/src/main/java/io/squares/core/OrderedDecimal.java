package io.squares.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An order-preserving binary encoding of exact decimals: comparing two encodings as unsigned bytes
 * (lexicographically, a proper prefix first) orders them exactly as {@link BigDecimal#compareTo}
 * orders the numbers, and equal numbers ({@code 1.50} and {@code 1.5}) encode identically. This
 * lets a Hadoop raw comparator sort values without decoding them.
 *
 * <p>Layout: a sign byte ({@code 0x00} negative, {@code 0x01} zero, {@code 0x02} positive); zero
 * ends there. Otherwise, with the magnitude written as significand digits {@code d1 d2 ... dm}
 * (no trailing zeros, {@code d1 != 0}) times {@code 10^(E-m+1)}, so that {@code E} is the
 * decimal exponent of the leading digit: two bytes, {@code E + 32768} big-endian; then the digits
 * in pairs, one byte {@code 1 + 10·a + b} per pair (an odd last digit is paired with 0); then a
 * terminator byte 0. For a negative number every byte after the sign byte is inverted
 * ({@code 255 - b}), which reverses the order of magnitudes. Larger exponents sort later, then
 * digit strings sort as numbers of the same exponent; the terminator (0) sorts before every digit
 * pair (1..100), so {@code 1.5} sorts before {@code 1.55}.
 *
 * <p>{@link #encode} allocates nothing for values whose unscaled value fits in a long.
 */
public final class OrderedDecimal {
  /** Sign byte of a negative value (whose encoding then ends with 0xFF). */
  public static final int NEGATIVE_BYTE = 0x00;
  /** Sign byte (and whole encoding) of zero. */
  public static final int ZERO_BYTE = 0x01;
  /** Sign byte of a positive value (whose encoding then ends with 0x00). */
  public static final int POSITIVE_BYTE = 0x02;
  private static final int NEGATIVE = NEGATIVE_BYTE;
  private static final int ZERO = ZERO_BYTE;
  private static final int POSITIVE = POSITIVE_BYTE;
  private static final int EXPONENT_BIAS = 32768;

  private OrderedDecimal() {
  }

  /**
   * The most bytes {@link #encode} writes for a value with at most this many significant digits.
   *
   * @param digits significant digits
   * @return 1 + 2 + ceil(digits / 2) + 1
   */
  public static int maxLength(int digits) {
    return 4 + (digits + 1) / 2;
  }

  /**
   * The most bytes {@link #encode} needs for a value that {@link DecimalParser} accepts (at most
   * {@value DecimalParser#MAX_INTEGER_DIGITS} digits before the point and
   * {@value DecimalParser#MAX_SCALE} after it).
   */
  public static final int MAX_PARSED_LENGTH =
      maxLength(DecimalParser.MAX_INTEGER_DIGITS + DecimalParser.MAX_SCALE);

  /**
   * Encodes a value.
   *
   * @param v the value
   * @param buf receives the encoding at {@code off}; must have room for it (see
   *     {@link #maxLength}, {@link #MAX_PARSED_LENGTH})
   * @param off where to start
   * @return the number of bytes written
   */
  public static int encode(ParsedDecimal v, byte[] buf, int off) {
    int sign = v.signum();
    if (sign == 0) {
      buf[off] = ZERO;
      return 1;
    }
    if (v.fitsInLong() && v.unscaledLong() != Long.MIN_VALUE) {
      long u = Math.abs(v.unscaledLong());
      int scale = v.scale();
      while (u % 10 == 0) {
        u /= 10;
        scale--;
      }
      int digits = Pow10.digitCount(u);
      int exponent = digits - 1 - scale;
      int pos = off;
      buf[pos++] = (byte) (sign < 0 ? NEGATIVE : POSITIVE);
      int e = exponent + EXPONENT_BIAS;
      buf[pos++] = (byte) (e >>> 8);
      buf[pos++] = (byte) e;
      int pairs = (digits + 1) / 2;
      int j = pos + pairs - 1;
      if ((digits & 1) == 1) {
        buf[j--] = (byte) (1 + 10 * (int) (u % 10));
        u /= 10;
      }
      for (; j >= pos; j--) {
        buf[j] = (byte) (1 + (int) (u % 100));
        u /= 100;
      }
      pos += pairs;
      buf[pos++] = 0;
      if (sign < 0) {
        invert(buf, off + 1, pos);
      }
      return pos - off;
    }
    return encode(v.toBigDecimal(), buf, off);
  }

  /**
   * Encodes a value (any {@link BigDecimal}, allocating).
   *
   * @param value the value
   * @param buf receives the encoding at {@code off}
   * @param off where to start
   * @return the number of bytes written
   */
  public static int encode(BigDecimal value, byte[] buf, int off) {
    int sign = value.signum();
    if (sign == 0) {
      buf[off] = ZERO;
      return 1;
    }
    BigDecimal s = value.abs().stripTrailingZeros();
    String digits = s.unscaledValue().toString();
    int exponent = digits.length() - 1 - s.scale();
    int e = exponent + EXPONENT_BIAS;
    if (e < 0 || e > 0xFFFF) {
      throw new IllegalArgumentException("exponent out of range: " + exponent);
    }
    int pos = off;
    buf[pos++] = (byte) (sign < 0 ? NEGATIVE : POSITIVE);
    buf[pos++] = (byte) (e >>> 8);
    buf[pos++] = (byte) e;
    for (int i = 0; i < digits.length(); i += 2) {
      int a = digits.charAt(i) - '0';
      int b = i + 1 < digits.length() ? digits.charAt(i + 1) - '0' : 0;
      buf[pos++] = (byte) (1 + 10 * a + b);
    }
    buf[pos++] = 0;
    if (sign < 0) {
      invert(buf, off + 1, pos);
    }
    return pos - off;
  }

  /**
   * The length of the encoding that starts at {@code off} (encodings are self-delimiting: zero is
   * one byte; any other value ends with its terminator, 0x00 for a positive value, 0xFF for a
   * negative one, which no digit pair byte equals).
   *
   * @param buf the bytes
   * @param off where the encoding starts
   * @param end where the readable bytes end
   * @return the encoding's length, or -1 when it does not end before {@code end}
   */
  public static int length(byte[] buf, int off, int end) {
    if (off >= end) {
      return -1;
    }
    int sign = buf[off] & 0xFF;
    if (sign == ZERO) {
      return 1;
    }
    byte terminator = sign == NEGATIVE ? (byte) 0xFF : 0;
    for (int i = off + 3; i < end; i++) {
      if (buf[i] == terminator) {
        return i + 1 - off;
      }
    }
    return -1;
  }

  /**
   * Decodes an encoding written by {@link #encode}.
   *
   * @param buf the bytes
   * @param off where the encoding starts
   * @param len its length
   * @return the value, normalized ({@link DecimalText#normalize})
   * @throws IllegalArgumentException if the bytes are not an encoding
   */
  public static BigDecimal decode(byte[] buf, int off, int len) {
    if (len < 1) {
      throw new IllegalArgumentException("empty encoding");
    }
    int sign = buf[off] & 0xFF;
    if (sign == ZERO) {
      return BigDecimal.ZERO;
    }
    if ((sign != POSITIVE && sign != NEGATIVE) || len < 5) {
      throw new IllegalArgumentException("not an encoded decimal");
    }
    int flip = sign == NEGATIVE ? 0xFF : 0;
    int e = (((buf[off + 1] & 0xFF) ^ flip) << 8) | ((buf[off + 2] & 0xFF) ^ flip);
    int exponent = e - EXPONENT_BIAS;
    int end = off + len - 1; // the terminator
    if (((buf[end] & 0xFF) ^ flip) != 0) {
      throw new IllegalArgumentException("not an encoded decimal: no terminator");
    }
    int pairs = end - (off + 3);
    BigInteger unscaled;
    int digits = 2 * pairs;
    if (pairs <= 9) {
      long u = 0;
      for (int i = off + 3; i < end; i++) {
        u = u * 100 + (((buf[i] & 0xFF) ^ flip) - 1);
      }
      unscaled = BigInteger.valueOf(u);
    } else {
      StringBuilder sb = new StringBuilder(digits);
      for (int i = off + 3; i < end; i++) {
        int pair = ((buf[i] & 0xFF) ^ flip) - 1;
        sb.append((char) ('0' + pair / 10)).append((char) ('0' + pair % 10));
      }
      unscaled = new BigInteger(sb.toString());
    }
    // value = 0.d1d2...dm × 10^(exponent + 1) = unscaled × 10^(exponent + 1 - digits)
    BigDecimal v = new BigDecimal(unscaled, digits - 1 - exponent);
    return DecimalText.normalize(sign == NEGATIVE ? v.negate() : v);
  }

  private static void invert(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      buf[i] = (byte) ~buf[i];
    }
  }
}
