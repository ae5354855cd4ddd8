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
  /** The distinct ranks needed, ascending, and the value found at each. */
  private long[] ranks = new long[0];
  private BigDecimal[] values = new BigDecimal[0];
  private int found;
  private long count;

  /** @param ps the probabilities, each in [0, 1], in output order */
  public QuantileSelection(List<BigDecimal> ps) {
    this.ps = ps.toArray(new BigDecimal[0]);
    this.lower = new long[this.ps.length];
    this.fractions = new BigDecimal[this.ps.length];
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
    if (n <= 0) {
      ranks = new long[0];
      values = new BigDecimal[0];
      return;
    }
    long[] needed = new long[2 * ps.length];
    int k = 0;
    for (int i = 0; i < ps.length; i++) {
      lower[i] = Quantiles.lowerRank(n, ps[i]);
      fractions[i] = Quantiles.fraction(n, ps[i]);
      needed[k++] = lower[i];
      if (fractions[i].signum() != 0) {
        needed[k++] = lower[i] + 1; // fraction > 0 means (n-1)p is not an integer: lower < n-1
      }
    }
    long[] sorted = Arrays.copyOf(needed, k);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < k; i++) {
      if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
        sorted[distinct++] = sorted[i];
      }
    }
    ranks = Arrays.copyOf(sorted, distinct);
    values = new BigDecimal[distinct];
  }

  /**
   * @param first the rank of the first of a run of equal values
   * @param n the run's length, at least 1
   * @return whether the run holds a rank that is needed (and not yet found)
   */
  public boolean wants(long first, long n) {
    return found < ranks.length && ranks[found] < first + n;
  }

  /**
   * Records a run of equal values, in ascending order after the previous runs.
   *
   * @param first the rank of the run's first value (the number of values before it)
   * @param n the run's length
   * @param value the run's value
   */
  public void accept(long first, long n, BigDecimal value) {
    while (found < ranks.length && ranks[found] < first + n) {
      if (ranks[found] < first) {
        throw new IllegalStateException("rank " + ranks[found] + " was skipped (run at " + first + ")");
      }
      values[found++] = value;
    }
  }

  /** @return whether every needed value has been found (the remaining runs can be skipped) */
  public boolean done() {
    return found == ranks.length;
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
      throw new IllegalStateException("only " + found + " of " + ranks.length + " ranks found");
    }
    BigDecimal lo = values[Arrays.binarySearch(ranks, lower[i])];
    BigDecimal hi = fractions[i].signum() == 0 ? null : values[Arrays.binarySearch(ranks, lower[i] + 1)];
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
