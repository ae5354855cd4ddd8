package io.squares.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Canonical decimal text: plain notation (never an exponent), no trailing fractional zeros, no
 * trailing decimal point, and zero written as {@code 0} (never {@code 0.0}, {@code -0} or
 * {@code 0E-10}).
 */
public final class DecimalText {
  /** Largest |unscaled| whose square fits in a long: floor(sqrt(Long.MAX_VALUE)). */
  static final long MAX_LONG_SQUARE_ROOT = 3037000499L;

  private DecimalText() {
  }

  /**
   * The canonical plain text of a value.
   *
   * @param v the value
   * @return e.g. {@code "12.25"}, {@code "100"}, {@code "-0.001"}, {@code "0"}
   */
  public static String plain(BigDecimal v) {
    if (v.signum() == 0) {
      return "0";
    }
    return v.stripTrailingZeros().toPlainString();
  }

  /**
   * Appends the exact square of {@code v} in canonical text. When the square of the unscaled
   * value fits in a long this allocates nothing (beyond growing {@code sb}).
   *
   * @param v the value to square
   * @param sb receives the text
   */
  public static void appendSquare(ParsedDecimal v, StringBuilder sb) {
    if (v.fitsInLong()) {
      long u = v.unscaledLong();
      if (u >= -MAX_LONG_SQUARE_ROOT && u <= MAX_LONG_SQUARE_ROOT) {
        appendPlain(u * u, 2 * v.scale(), sb);
        return;
      }
    }
    BigInteger u = v.unscaledBig();
    sb.append(plain(new BigDecimal(u.multiply(u), 2 * v.scale())));
  }

  /**
   * Appends {@code value × 10^-scale} (scale >= 0) in canonical text, as {@link #plain} writes it,
   * without making a BigDecimal.
   *
   * @return false, with nothing appended, for {@link Long#MIN_VALUE} (its magnitude is no long)
   */
  static boolean appendSigned(long value, int scale, StringBuilder sb) {
    if (value == Long.MIN_VALUE) {
      return false;
    }
    if (value < 0) {
      sb.append('-');
      value = -value;
    }
    appendPlain(value, scale, sb);
    return true;
  }

  /** Appends {@code value × 10^-scale} (value >= 0, scale >= 0) in canonical text. */
  private static void appendPlain(long value, int scale, StringBuilder sb) {
    if (value == 0) {
      sb.append('0');
      return;
    }
    while (scale > 0 && value % 10 == 0) {
      value /= 10;
      scale--;
    }
    if (scale == 0) {
      sb.append(value);
      return;
    }
    int digits = Pow10.digitCount(value);
    if (digits > scale) {
      long divisor = Pow10.LONG[scale]; // scale < digits <= 19, so scale <= 18
      sb.append(value / divisor).append('.');
      appendZeroPadded(value % divisor, scale, sb);
    } else {
      sb.append("0.");
      appendZeroPadded(value, scale, sb);
    }
  }

  /** Appends a non-negative value left-padded with zeros to {@code width} digits. */
  private static void appendZeroPadded(long value, int width, StringBuilder sb) {
    for (int pad = width - Pow10.digitCount(value); pad > 0; pad--) {
      sb.append('0');
    }
    sb.append(value);
  }

  /**
   * The normalized form of a value: trailing zeros stripped, scale at least 0, zero as
   * {@link BigDecimal#ZERO}. Two normalized values are {@code equals} exactly when numerically
   * equal.
   */
  static BigDecimal normalize(BigDecimal v) {
    if (v.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
