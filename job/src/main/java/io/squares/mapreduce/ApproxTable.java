package io.squares.mapreduce;

import io.squares.core.AggregateTable;
import io.squares.core.CompactStatsTable;
import io.squares.core.KllSketch;
import io.squares.core.ParsedDecimal;
import java.util.Arrays;

/**
 * The approximate-quantile map task's table: each key's exact aggregate in machine words (a
 * {@link CompactStatsTable}, as plain {@code stats} keeps them), and beside it, by entry, the key's
 * KLL sketch and a buffer of {@value ApproxStatsWritable#PENDING} values not yet in the sketch, all
 * keys' buffers in one array. A value touches the key's 64-byte record and one slot of its buffer;
 * the sketch takes the buffer as one batch when it fills ({@link KllSketch#update(double[], int,
 * int)}: the same sketch as value by value). {@link #stats(int)} hands out an
 * {@link ApproxStatsWritable} that holds the exact fields and the entry's sketch, the same state an
 * {@link ApproxStatsWritable} fed the same values one by one would hold.
 *
 * <p>Whoever adds a key seeds its sketch ({@link #seed}) before its first value. Sketches are kept
 * after {@link #clear()} and {@link #restart()} and reset when their entry is used again. Memory: the exact table's bytes
 * (bounded by its budget) plus the sketches, which the caller bounds by the number of keys.
 */
final class ApproxTable implements AggregateTable<StatsWritable> {
  private static final int PENDING = ApproxStatsWritable.PENDING;

  private final CompactStatsTable<StatsWritable> exact;
  private final int k;
  private final ApproxStatsWritable scratch;
  private KllSketch[] sketches = new KllSketch[0];
  private double[] pending = new double[0];
  private int[] pendingCount = new int[0];

  /**
   * @param k the sketches' k
   * @param budget the exact table's byte budget ({@link CompactStatsTable})
   */
  ApproxTable(int k, long budget) {
    this.k = k;
    this.exact = new CompactStatsTable<>(StatsWritable::new, budget);
    this.scratch = new ApproxStatsWritable(k);
  }

  @Override
  public int entryOrFull(byte[] key, int start, int end) {
    int entry = exact.entryOrFull(key, start, end);
    if (entry >= sketches.length) {
      int n = Math.max(64, Math.max(entry + 1, sketches.length * 2));
      sketches = Arrays.copyOf(sketches, n);
      pending = Arrays.copyOf(pending, n * PENDING);
      pendingCount = Arrays.copyOf(pendingCount, n);
    }
    return entry;
  }

  /**
   * Seeds a new entry's sketch (empty): call it when the key enters the table, before its first value.
   *
   * @param entry the entry
   * @param seed the seed of its sketch's coins
   */
  void seed(int entry, long seed) {
    KllSketch s = sketches[entry];
    if (s == null) {
      sketches[entry] = new KllSketch(k, seed);
    } else {
      s.reset(seed);
    }
    pendingCount[entry] = 0;
  }

  @Override
  public boolean add(int entry, ParsedDecimal value) {
    int c = pendingCount[entry];
    int base = entry * PENDING;
    if (c == PENDING) {
      sketches[entry].update(pending, base, PENDING);
      c = 0;
    }
    pending[base + c] = ApproxStatsWritable.toDouble(value);
    pendingCount[entry] = c + 1;
    return exact.add(entry, value);
  }

  /** The entry's aggregate: a scratch object holding its exact fields and its sketch, valid until the next call. */
  @Override
  public StatsWritable stats(int entry) {
    int c = pendingCount[entry];
    if (c > 0) {
      sketches[entry].update(pending, entry * PENDING, c);
      pendingCount[entry] = 0;
    }
    scratch.hold(exact.stats(entry), sketches[entry]);
    return scratch;
  }

  @Override
  public int size() {
    return exact.size();
  }

  @Override
  public int keyBytes() {
    return exact.keyBytes();
  }

  /** @return the exact table's bytes (the sketches are bounded by the caller's key limit) */
  @Override
  public long bytes() {
    return exact.bytes();
  }

  @Override
  public byte[] keyArena() {
    return exact.keyArena();
  }

  @Override
  public int keyOffset(int entry) {
    return exact.keyOffset(entry);
  }

  @Override
  public int keyLength(int entry) {
    return exact.keyLength(entry);
  }

  @Override
  public void clear() {
    exact.clear();
  }

  /**
   * Restarts the exact table ({@link CompactStatsTable#restart}); the sketches, which its budget
   * does not count, are kept for reuse (each is reset when its entry is seeded again).
   */
  @Override
  public void restart() {
    exact.restart();
  }
}
