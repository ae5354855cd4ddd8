package io.squares.core;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * Picks a group's quantiles ({@link Quantiles}) while the group's values stream past in ascending
 * order, holding only the values at the ranks that matter: at most two per probability, whatever
 * the group's size.
 *
 * <p>Use: {@link #start(long)} with the group's count, then for each run of equal values in order
 * (first rank, how many), {@link #wants} says whether its value is needed (decode it only then) and
 * {@link #accept} records it; {@link #done()} says when the rest can be skipped. Then
 * {@link #appendFields(StringBuilder)} writes one field per probability. Reusable for the next
 * group; not thread-safe.
 */
public final class QuantileSelection {
  private final BigDecimal[] ps;
  private final long[] lower;
  private final BigDecimal[] fractions;
  /** p's unscaled value when it fits in a long (p has scale >= 0: it is normalized), else -1. */
  private final long[] pUnscaled;
  /** The distinct ranks needed, ascending ({@code ranks[0, needed)}), and the value found at each. */
  private final long[] ranks;
  private final BigDecimal[] values;
  private int needed;
  private int found;
  private long count;

  /** @param ps the probabilities, each in [0, 1], in output order */
  public QuantileSelection(List<BigDecimal> ps) {
    this.ps = ps.toArray(new BigDecimal[0]);
    this.lower = new long[this.ps.length];
    this.fractions = new BigDecimal[this.ps.length];
    this.pUnscaled = new long[this.ps.length];
    for (int i = 0; i < this.ps.length; i++) {
      BigDecimal p = this.ps[i];
      pUnscaled[i] = p.scale() >= 0 && p.unscaledValue().bitLength() < 63 ? p.unscaledValue().longValue() : -1;
    }
    this.ranks = new long[2 * this.ps.length];
    this.values = new BigDecimal[2 * this.ps.length];
  }

  private static final long[] POW10 = new long[19];

  static {
    long v = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = v;
      v *= 10;
    }
  }

  /** @return the number of probabilities, hence of output fields */
  public int size() {
    return ps.length;
  }

  /**
   * Starts a group.
   *
   * @param n the number of values in the group (0 for an empty group: every field is undefined)
   */
  public void start(long n) {
    count = n;
    found = 0;
    needed = 0;
    if (n <= 0) {
      return;
    }
    for (int i = 0; i < ps.length; i++) {
      rank(i, n - 1);
      addNeeded(lower[i]);
      if (fractions[i].signum() != 0) {
        addNeeded(lower[i] + 1); // a fraction means (n-1)p is not an integer: lower < n-1
      }
    }
    Arrays.sort(ranks, 0, needed);
    int distinct = 0;
    for (int i = 0; i < needed; i++) {
      if (distinct == 0 || ranks[distinct - 1] != ranks[i]) {
        ranks[distinct++] = ranks[i];
      }
    }
    needed = distinct;
    Arrays.fill(values, null);
  }

  /** Sets lower[i] and fractions[i] for h = m·p: in long arithmetic when it fits, else BigDecimal. */
  private void rank(int i, long m) {
    long pu = pUnscaled[i];
    int scale = ps[i].scale();
    if (pu >= 0 && scale < 19) {
      long hi = Math.multiplyHigh(m, pu);
      long h = m * pu;
      if (hi == 0 && h >= 0) {
        long unit = POW10[scale];
        lower[i] = h / unit;
        long rem = h % unit;
        fractions[i] = rem == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(rem, scale);
        return;
      }
    }
    lower[i] = Quantiles.lowerRank(m + 1, ps[i]);
    fractions[i] = Quantiles.fraction(m + 1, ps[i]);
  }

  private void addNeeded(long rank) {
    ranks[needed++] = rank;
  }

  /**
   * @param first the rank of the first of a run of equal values
   * @param n the run's length, at least 1
   * @return whether the run holds a rank that is needed (and not yet found)
   */
  public boolean wants(long first, long n) {
    return found < needed && ranks[found] < first + n;
  }

  /**
   * Records a run of equal values, in ascending order after the previous runs.
   *
   * @param first the rank of the run's first value (the number of values before it)
   * @param n the run's length
   * @param value the run's value
   */
  public void accept(long first, long n, BigDecimal value) {
    while (found < needed && ranks[found] < first + n) {
      if (ranks[found] < first) {
        throw new IllegalStateException("rank " + ranks[found] + " was skipped (run at " + first + ")");
      }
      values[found++] = value;
    }
  }

  /** @return whether every needed value has been found (the remaining runs can be skipped) */
  public boolean done() {
    return found == needed;
  }

  /**
   * The quantile of the i-th probability.
   *
   * @param i the index of the probability
   * @return the exact quantile, normalized; null for an empty group
   * @throws IllegalStateException if the values it needs have not all been found
   */
  public BigDecimal quantile(int i) {
    if (count <= 0) {
      return null;
    }
    if (!done()) {
      throw new IllegalStateException("only " + found + " of " + needed + " ranks found");
    }
    BigDecimal lo = values[Arrays.binarySearch(ranks, 0, needed, lower[i])];
    BigDecimal hi = fractions[i].signum() == 0 ? null
        : values[Arrays.binarySearch(ranks, 0, needed, lower[i] + 1)];
    return Quantiles.interpolate(lo, hi, fractions[i]);
  }

  /**
   * Appends one field per probability, each preceded by a tab: the exact quantile in
   * {@link DecimalText#plain} form, or {@value ExactStats#NULL_TEXT} for an empty group.
   *
   * @param sb receives the text
   */
  public void appendFields(StringBuilder sb) {
    for (int i = 0; i < ps.length; i++) {
      BigDecimal q = quantile(i);
      sb.append('\t').append(q == null ? ExactStats.NULL_TEXT : DecimalText.plain(q));
    }
  }
}
