package io.squares.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Quantiles by linear interpolation between closest ranks (NumPy's default {@code linear}, pandas'
 * {@code quantile}, DuckDB's {@code quantile_cont}), computed exactly.
 *
 * <p>With a group's values sorted as {@code v[0..n-1]} and {@code h = (n-1)·p}, the quantile
 * {@code p} is {@code v[floor(h)] + (h - floor(h))·(v[floor(h)+1] - v[floor(h)])}. Because p is
 * a finite decimal and the values are finite decimals, the result is a finite decimal too, and it
 * is computed and printed exactly ({@link DecimalText#plain}), never rounded.
 *
 * <p>Only two values of the sorted group matter for each p, at the ranks {@link #lowerRank} and
 * {@code lowerRank + 1} (the second only when {@link #fraction} is not zero), so a caller that
 * streams a group's values in order needs to keep just those: see {@link QuantileSelection}.
 */
public final class Quantiles {
  /** The pandas {@code describe()} quartiles: 0.25, 0.5, 0.75. */
  public static final String DESCRIBE = "0.25,0.5,0.75";

  private Quantiles() {
  }

  /**
   * Parses a comma-separated list of probabilities, each a decimal number in [0, 1] parsed
   * exactly ({@code 0.1} is one tenth, not the nearest double).
   *
   * @param list e.g. {@code "0.25,0.5,0.75"}; items may be surrounded by spaces
   * @return the probabilities in the order given (duplicates kept), normalized
   * @throws IllegalArgumentException naming the first bad item, when an item is empty, not a
   *     number or outside [0, 1], or the list is empty
   */
  public static List<BigDecimal> parse(String list) {
    if (list == null || list.trim().isEmpty()) {
      throw new IllegalArgumentException("give one or more numbers in [0, 1], separated by commas");
    }
    List<BigDecimal> ps = new ArrayList<>();
    ParsedDecimal d = new ParsedDecimal();
    String[] items = list.split(",", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i].trim();
      if (item.isEmpty()) {
        throw new IllegalArgumentException("item " + (i + 1) + " is empty: give numbers in [0, 1],"
            + " separated by commas");
      }
      BadRecordReason bad = DecimalParser.parse(item, d);
      BigDecimal p = bad == null ? d.toBigDecimal() : null;
      if (p == null || p.signum() < 0 || p.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException("'" + shown(item) + "' is not a number in [0, 1]");
      }
      ps.add(DecimalText.normalize(p));
    }
    return Collections.unmodifiableList(ps);
  }

  /**
   * {@code floor((n-1)·p)}: the rank (0-based) of the lower of the two values the quantile
   * interpolates between.
   *
   * @param n the number of values, at least 1
   * @param p the probability, in [0, 1]
   * @return a rank in [0, n-1]
   */
  public static long lowerRank(long n, BigDecimal p) {
    return h(n, p).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  /**
   * {@code (n-1)·p - floor((n-1)·p)}: how far between the two ranks the quantile lies.
   *
   * @param n the number of values, at least 1
   * @param p the probability, in [0, 1]
   * @return a value in [0, 1), exact
   */
  public static BigDecimal fraction(long n, BigDecimal p) {
    BigDecimal h = h(n, p);
    return h.subtract(h.setScale(0, RoundingMode.FLOOR));
  }

  /**
   * {@code lower + fraction·(upper - lower)}, exactly.
   *
   * @param lower the value at {@link #lowerRank}
   * @param upper the value at {@code lowerRank + 1}; ignored (may be null) when fraction is 0
   * @param fraction see {@link #fraction}
   * @return the quantile, normalized ({@link DecimalText#normalize})
   */
  public static BigDecimal interpolate(BigDecimal lower, BigDecimal upper, BigDecimal fraction) {
    if (fraction.signum() == 0) {
      return DecimalText.normalize(lower);
    }
    return DecimalText.normalize(lower.add(fraction.multiply(upper.subtract(lower))));
  }

  /** An item as quoted in a message: at most 40 characters. */
  private static String shown(String item) {
    return item.length() <= 40 ? item : item.substring(0, 40) + "...";
  }

  private static BigDecimal h(long n, BigDecimal p) {
    if (n < 1) {
      throw new IllegalArgumentException("no values");
    }
    return new BigDecimal(BigInteger.valueOf(n - 1)).multiply(p);
  }
}
