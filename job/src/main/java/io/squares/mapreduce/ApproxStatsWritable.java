package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.core.DecimalText;
import io.squares.core.ExactStats;
import io.squares.core.KllSketch;
import io.squares.core.ParsedDecimal;
import io.squares.core.Quantiles;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code stats} with approximate quantiles: the exact aggregate ({@link StatsWritable}) plus a KLL
 * sketch of the values as doubles ({@link KllSketch}, deterministic: its coins come from a seed),
 * updated in the mapper's table and merged in the reducer. The sketch answers any quantile within
 * its normalized rank error ({@link KllSketch#normalizedRankError(int)}, about 1.33% for k = 200,
 * with 99% confidence) of the true rank. Serialized as the exact aggregate, then the sketch
 * ({@link KllSketch#write}). Whoever creates an aggregate whose sketch may compact seeds it
 * ({@link #seed}) from the key and the aggregate's place in the job, so the same input, split layout
 * and settings give the same sketch on every run.
 *
 * <p>Values added are first collected in a small per-aggregate buffer ({@value #PENDING} doubles)
 * and given to the sketch as one batch ({@link KllSketch#update(double[], int, int)}, the same
 * sketch as one by one) when it fills or before the sketch is read, merged or written: a map task
 * touching a thousand sketches of a few KiB each in turn touches one small buffer per record and a
 * sketch once per batch.
 */
public class ApproxStatsWritable extends StatsWritable {
  /** Values buffered per aggregate before they go to the sketch as one batch. */
  static final int PENDING = 32;
  /** Heap bytes of the buffer of an aggregate that has had values added: the doubles and a header. */
  static final int PENDING_BYTES = 8 * PENDING + 16;

  private final int k;
  private long seed;
  private KllSketch sketch;
  private double[] held; // a whole group's values, sorted (scratch of appendQuantiles)
  /** Values added but not yet in the sketch (allocated on the first {@link #add}). */
  private double[] pending;
  private int pendingCount;

  /** An empty aggregate with the default k (for deserialization and merging). */
  public ApproxStatsWritable() {
    this(SquaresConfig.QUANTILES_APPROX_K_DEFAULT);
  }

  /** @param k the KLL sketch's k for the values added to this aggregate */
  public ApproxStatsWritable(int k) {
    this.k = k;
  }

  private KllSketch sketch(int withK) {
    if (sketch == null || sketch.k() != withK) {
      sketch = new KllSketch(withK, seed);
    }
    return sketch;
  }

  /**
   * Seeds the coins of this (empty) aggregate's sketch; {@link #reset} keeps the seed.
   *
   * @param newSeed the seed (see {@link io.squares.core.SeededCoins#seed(long, long, long)})
   */
  public void seed(long newSeed) {
    this.seed = newSeed;
    if (sketch != null) {
      sketch.reset(newSeed);
    }
  }

  @Override
  public void add(ParsedDecimal v) {
    super.add(v);
    if (pending == null) {
      pending = new double[PENDING];
    } else if (pendingCount == PENDING) {
      flushPending();
    }
    pending[pendingCount++] = toDouble(v);
  }

  /**
   * Makes this aggregate a view of a table entry's state: a copy of its exact fields and the
   * entry's sketch itself (not copied), for writing it out ({@link ApproxTable#stats}). Until the next
   * call it must only be read or written, not added to, merged into or reset.
   *
   * @param exactFields the entry's exact aggregate
   * @param entrySketch the entry's sketch, holding all its values
   */
  void hold(ExactStats exactFields, KllSketch entrySketch) {
    set(exactFields);
    sketch = entrySketch;
    pendingCount = 0;
  }

  /** Gives the buffered values to the sketch. */
  private void flushPending() {
    if (pendingCount > 0) {
      sketch(k).update(pending, 0, pendingCount);
      pendingCount = 0;
    }
  }

  /** The double nearest to a value (correctly rounded; infinite beyond the double range). */
  static double toDouble(ParsedDecimal v) {
    return v.doubleValue();
  }

  @Override
  public void merge(ExactStats other) {
    super.merge(other);
    if (other instanceof ApproxStatsWritable a) {
      a.flushPending();
      if (a.sketch != null && !a.sketch.isEmpty()) {
        flushPending();
        if (sketch == null || sketch.isEmpty()) {
          sketch(a.sketch.k());
        }
        sketch.merge(a.sketch);
      }
    }
  }

  @Override
  public void reset() {
    super.reset();
    pendingCount = 0;
    if (sketch != null) {
      sketch.reset(seed);
    }
  }

  /**
   * Appends one field per probability, each preceded by a tab, or {@value ExactStats#NULL_TEXT}
   * when empty. A group whose sketch still holds every value ({@link KllSketch#holdsAll}: at most
   * k values, never compacted anywhere) gets the exact definition, linear interpolation between
   * closest ranks over its values' shortest decimal forms, as {@code --quantiles} (and pandas)
   * give it. Otherwise the sketch's quantile (the smallest retained value whose estimated
   * normalized rank is at least p), written as the plain decimal form of Java's shortest text of
   * that double ({@code Infinity}/{@code -Infinity} for values beyond the double range).
   *
   * @param ps the probabilities
   * @param sb receives the text
   */
  public void appendQuantiles(List<BigDecimal> ps, StringBuilder sb) {
    flushPending();
    boolean whole = count() > 0 && sketch != null && !sketch.isEmpty() && sketch.holdsAll();
    if (whole) {
      held = sketch.sortedValues(held);
    }
    for (BigDecimal p : ps) {
      sb.append('\t');
      if (count() == 0 || sketch == null || sketch.isEmpty()) {
        sb.append(NULL_TEXT);
        continue;
      }
      if (whole && appendInterpolated(held, sketch.n(), p, sb)) {
        continue;
      }
      double q = sketch.quantile(p.doubleValue());
      if (Double.isInfinite(q)) {
        sb.append(q > 0 ? "Infinity" : "-Infinity");
      } else {
        sb.append(DecimalText.plain(BigDecimal.valueOf(q)));
      }
    }
  }

  /**
   * Appends the quantile of a group held whole as the exact definition gives it (linear
   * interpolation between closest ranks, as {@code --quantiles}, NumPy and pandas), over the
   * values' shortest decimal forms.
   *
   * @return false, appending nothing, when a value it needs is beyond the double range
   */
  private static boolean appendInterpolated(double[] sorted, long n, BigDecimal p, StringBuilder sb) {
    int lower = (int) Quantiles.lowerRank(n, p);
    BigDecimal fraction = Quantiles.fraction(n, p);
    double low = sorted[lower];
    double high = fraction.signum() == 0 ? low : sorted[lower + 1];
    if (Double.isInfinite(low) || Double.isInfinite(high)) {
      return false;
    }
    BigDecimal q = Quantiles.interpolate(BigDecimal.valueOf(low),
        fraction.signum() == 0 ? null : BigDecimal.valueOf(high), fraction);
    sb.append(DecimalText.plain(q));
    return true;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    flushPending();
    if (sketch == null) {
      sketch(k);
    }
    sketch.write(out);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    pendingCount = 0;
    sketch = sketch == null ? KllSketch.read(in) : sketch.readInto(in);
  }
}
