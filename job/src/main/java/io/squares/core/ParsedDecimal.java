package io.squares.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A mutable, reusable holder of one exact decimal value: {@code unscaled × 10^-scale}.
 *
 * <p>The value is always kept normalized: {@code scale >= 0}, no trailing zeros in the fraction
 * ({@code 3.50} is held as 35 with scale 1, {@code 100} as 100 with scale 0, zero as 0 with scale 0),
 * and the unscaled value is held in a {@code long} whenever it fits, in which case no
 * {@link BigInteger} is referenced. Because of this, two holders hold the same number exactly when
 * their scale and unscaled value are equal.
 *
 * <p>Instances are not thread-safe; one is typically reused for every record of a task.
 */
public final class ParsedDecimal {
  private long unscaled;
  /** The unscaled value when it does not fit in a long; null otherwise. */
  private BigInteger big;
  private int scale;

  /** Creates a holder of zero. */
  public ParsedDecimal() {
  }

  /**
   * Whether the unscaled value fits in a {@code long} (then {@link #unscaledLong()} is valid).
   *
   * @return true for the long form
   */
  public boolean fitsInLong() {
    return big == null;
  }

  /**
   * The unscaled value in long form.
   *
   * @return the unscaled value
   * @throws IllegalStateException if the value does not fit in a long
   */
  public long unscaledLong() {
    if (big != null) {
      throw new IllegalStateException("unscaled value does not fit in a long");
    }
    return unscaled;
  }

  /**
   * The unscaled value as a {@link BigInteger}; always valid, allocates in the long form.
   *
   * @return the unscaled value
   */
  public BigInteger unscaledBig() {
    return big != null ? big : BigInteger.valueOf(unscaled);
  }

  /**
   * The number of digits after the decimal point, at least 0.
   *
   * @return the scale
   */
  public int scale() {
    return scale;
  }

  /**
   * The double nearest to the value (correctly rounded; infinite beyond the double range), without
   * a BigDecimal while the unscaled value has at most 53 bits and the scale is at most 22.
   *
   * @return the value as a double
   */
  public double doubleValue() {
    if (fitsInLong() && scale() < Pow10.DOUBLE.length) {
      long u = unscaledLong();
      if (u >= -(1L << 53) && u <= (1L << 53)) {
        return u / Pow10.DOUBLE[scale()]; // both exact: one correctly rounded division
      }
    }
    return toBigDecimal().doubleValue();
  }

  /**
   * The value as a {@link BigDecimal} with this holder's (normalized) scale; allocates.
   *
   * @return the exact value
   */
  public BigDecimal toBigDecimal() {
    return big != null ? new BigDecimal(big, scale) : BigDecimal.valueOf(unscaled, scale);
  }

  /**
   * The sign of the value.
   *
   * @return -1, 0 or 1
   */
  public int signum() {
    return big != null ? big.signum() : Long.signum(unscaled);
  }

  /** Sets the value to zero. */
  public void setZero() {
    unscaled = 0;
    big = null;
    scale = 0;
  }

  /**
   * Sets the value to {@code unscaled × 10^-scale}, normalizing it.
   *
   * @param unscaled the unscaled value
   * @param scale the scale; may be negative
   */
  public void set(long unscaled, int scale) {
    if (scale < 0) {
      set(BigDecimal.valueOf(unscaled, scale));
      return;
    }
    while (scale > 0 && unscaled % 10 == 0) {
      unscaled /= 10;
      scale--;
    }
    setNormalized(unscaled, scale);
  }

  /**
   * Sets the value to {@code unscaled × 10^-scale}, normalizing it.
   *
   * @param unscaled the unscaled value
   * @param scale the scale; may be negative
   */
  public void set(BigInteger unscaled, int scale) {
    set(new BigDecimal(unscaled, scale));
  }

  /**
   * Sets the value to that of {@code value}, normalizing it.
   *
   * @param value the value
   */
  public void set(BigDecimal value) {
    if (value.signum() == 0) {
      setZero();
      return;
    }
    BigDecimal v = value.stripTrailingZeros();
    if (v.scale() < 0) {
      v = v.setScale(0);
    }
    setNormalized(v.unscaledValue(), v.scale());
  }

  /**
   * Copies the value of another holder.
   *
   * @param other the holder to copy
   */
  public void set(ParsedDecimal other) {
    unscaled = other.unscaled;
    big = other.big;
    scale = other.scale;
  }

  /** Sets an already-normalized long-form value (no trailing fractional zeros, scale >= 0). */
  void setNormalized(long unscaledValue, int normalizedScale) {
    unscaled = unscaledValue;
    big = null;
    scale = normalizedScale;
  }

  /**
   * Sets an already-normalized value (no trailing fractional zeros, scale >= 0), choosing the long
   * form when it fits.
   */
  void setNormalized(BigInteger unscaledValue, int normalizedScale) {
    if (unscaledValue.bitLength() < Long.SIZE) {
      setNormalized(unscaledValue.longValue(), normalizedScale);
    } else {
      unscaled = 0;
      big = unscaledValue;
      scale = normalizedScale;
    }
  }

  /** Returns the value in canonical plain text, as {@link DecimalText#plain(BigDecimal)} does. */
  @Override
  public String toString() {
    return DecimalText.plain(toBigDecimal());
  }
}
