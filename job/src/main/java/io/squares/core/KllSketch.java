package io.squares.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A KLL quantile sketch of doubles (Karnin, Lang, Liberty 2016) whose compaction coins come from a
 * {@link SeededCoins} sequence instead of a shared random generator: the same seed and the same
 * updates and merges, in the same order, give the same sketch, bit for bit.
 *
 * <p>It is the algorithm of Apache DataSketches' {@code KllDoublesSketch} (6.x), level by level:
 * the same k semantics (level capacities {@code max(8, round(k·(2/3)^depth))}), the same
 * compaction schedule (when level 0 is full, compact the lowest level at or over its capacity,
 * adding a level on top when that is the top one; an odd level keeps its first item; level 0 is
 * sorted first; the kept half, odd or even positions by one coin flip, is merged into the level
 * above), the same merge (the other sketch's level 0 goes in as updates, its higher levels are
 * merged level by level, then compacted bottom-up while over capacity) and the same quantile
 * query, so DataSketches' published error bound applies: single-quantile normalized rank error
 * {@link #normalizedRankError(int)} = 2.296 / k^0.9723 with 99% confidence (their empirical fit;
 * about 1.33% for k = 200). Up to k values it holds every value and answers exactly.
 *
 * <p>Storage as in DataSketches: all levels in one {@code double[]}, level 0 lowest and growing
 * downward into the free space at the start, level i holding items of weight 2^i in
 * {@code items[levels[i], levels[i+1])}, sorted for i > 0. {@link #reset} keeps the arrays, so a
 * pooled sketch allocates nothing until it grows past what it had.
 */
public final class KllSketch {
  /** DataSketches' smallest level capacity (its m). */
  static final int MIN_LEVEL = 8;
  /** Largest k accepted (as DataSketches). */
  public static final int MAX_K = 65535;
  /** Most levels (as DataSketches: weights up to 2^60). */
  static final int MAX_LEVELS = 61;
  /** Default k. */
  public static final int DEFAULT_K = 200;
  /** 3^0 .. 3^30, for the exact level capacities. */
  private static final long[] POW3 = new long[31];

  static {
    POW3[0] = 1;
    for (int i = 1; i < POW3.length; i++) {
      POW3[i] = 3 * POW3[i - 1];
    }
  }

  private final int k;
  private final SeededCoins coins;
  /** Items of all levels within {@code [0, capacity)}; may be longer (kept across resets). */
  private double[] items;
  /** {@code levels[0..numLevels]}: level boundaries; {@code levels[numLevels] == capacity}. */
  private int[] levels;
  private int numLevels;
  private int capacity;
  private long n;
  private double min;
  private double max;
  // scratch of merge and query, reused
  private double[] work = new double[0];
  private int[] workLevels = new int[0];
  private int[] outLevels = new int[0];
  private double[] viewItems = new double[0];
  private long[] viewWeights = new long[0];
  private double[] tmpItems = new double[0];
  private long[] tmpWeights = new long[0];
  private int viewLength = -1;

  /**
   * An empty sketch.
   *
   * @param k the accuracy parameter, {@value #MIN_LEVEL}..{@value #MAX_K}
   * @param seed the seed of its coin flips
   */
  public KllSketch(int k, long seed) {
    this(k, new SeededCoins(seed));
  }

  /**
   * An empty sketch flipping the given coins.
   *
   * @param k the accuracy parameter
   * @param coins its coins
   */
  KllSketch(int k, SeededCoins coins) {
    if (k < MIN_LEVEL || k > MAX_K) {
      throw new IllegalArgumentException("KLL k must be " + MIN_LEVEL + ".." + MAX_K + ": " + k);
    }
    this.k = k;
    this.coins = coins;
    this.items = new double[k];
    this.levels = new int[4];
    clearLevels();
  }

  private void clearLevels() {
    numLevels = 1;
    capacity = k;
    levels[0] = k;
    levels[1] = k;
    n = 0;
    min = Double.NaN;
    max = Double.NaN;
    viewLength = -1;
  }

  /**
   * Empties the sketch and restarts its coins from a seed, keeping its memory.
   *
   * @param seed the seed of its coin flips
   */
  public void reset(long seed) {
    clearLevels();
    coins.reseed(seed);
  }

  /**
   * DataSketches' single-quantile normalized rank error of KLL at 99% confidence,
   * {@code 2.296 / k^0.9723} (KllSketch.getNormalizedRankError(k, false)).
   *
   * @param k the sketch's k
   * @return the bound, e.g. 0.01329 for k = 200
   */
  public static double normalizedRankError(int k) {
    return 2.296 / Math.pow(k, 0.9723);
  }

  /** @return k */
  public int k() {
    return k;
  }

  /** @return the values seen (added or merged in) */
  public long n() {
    return n;
  }

  /** @return whether no value was seen */
  public boolean isEmpty() {
    return n == 0;
  }

  /** @return the smallest value seen (NaN when empty) */
  public double min() {
    return min;
  }

  /** @return the largest value seen (NaN when empty) */
  public double max() {
    return max;
  }

  /** @return the values the sketch holds */
  public int retained() {
    return capacity - levels[0];
  }

  /**
   * Whether the sketch holds every value it has seen, each once: no compaction happened in it nor
   * in any sketch merged into it (a compaction leaves items of weight 2 or more, so fewer than n).
   * Its values then answer any quantile exactly ({@link #sortedValues}).
   *
   * @return true if it retains all n values
   */
  public boolean holdsAll() {
    return retained() == n;
  }

  /**
   * The values of a sketch that {@link #holdsAll}, sorted.
   *
   * @param dst receives them, or null; reused when long enough
   * @return dst, or a new array when it was null or too short; its first {@link #n()} entries
   * @throws IllegalStateException if the sketch does not hold all its values
   */
  public double[] sortedValues(double[] dst) {
    if (!holdsAll()) {
      throw new IllegalStateException("the sketch has compacted: " + retained() + " of " + n + " values held");
    }
    int len = (int) n; // all in level 0: nothing was ever compacted upwards
    double[] out = dst != null && dst.length >= len ? dst : new double[Math.max(len, 16)];
    System.arraycopy(items, levels[0], out, 0, len);
    Arrays.sort(out, 0, len);
    return out;
  }

  /** @return its levels */
  int numLevels() {
    return numLevels;
  }

  /** @return the coin flips taken since the seed was set */
  public long flips() {
    return coins.flips();
  }

  /**
   * Adds a value (NaN is ignored, as DataSketches does).
   *
   * @param v the value
   */
  public void update(double v) {
    if (Double.isNaN(v)) {
      return;
    }
    track(v);
    if (levels[0] == 0) {
      compressWhileUpdating();
    }
    items[--levels[0]] = v;
    n++;
    viewLength = -1;
  }

  /**
   * Adds values in order: the same sketch as {@link #update(double)} of each in turn.
   *
   * @param vs the values
   * @param off where they start
   * @param len how many
   */
  public void update(double[] vs, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      if (levels[0] == 0) {
        compressWhileUpdating();
      }
      int free = levels[0];
      int stop = Math.min(end, i + free);
      double[] it = items;
      for (; i < stop; i++) {
        double v = vs[i];
        if (Double.isNaN(v)) {
          continue;
        }
        track(v);
        it[--free] = v;
        n++;
      }
      levels[0] = free;
    }
    viewLength = -1;
  }

  private void track(double v) {
    if (n == 0) {
      min = v;
      max = v;
    } else {
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
  }

  /** @return the capacity of a level in a sketch of {@code levelCount} levels */
  static int levelCapacity(int k, int levelCount, int level) {
    return (int) Math.max(MIN_LEVEL, capAtDepth(k, levelCount - level - 1));
  }

  /** @return round(k·(2/3)^depth), computed exactly in integers (folded past depth 30) */
  private static long capAtDepth(long k, int depth) {
    if (depth <= 30) {
      return capAux(k, depth);
    }
    int half = depth / 2;
    return capAux(capAux(k, half), depth - half);
  }

  private static long capAux(long k, int depth) {
    long twiceK = k << 1;
    long tmp = (twiceK << depth) / POW3[depth];
    return (tmp + 1) >>> 1;
  }

  /** @return the total capacity of a sketch of {@code levelCount} levels */
  static int totalCapacity(int k, int levelCount) {
    long total = 0;
    for (int l = 0; l < levelCount; l++) {
      total += levelCapacity(k, levelCount, l);
    }
    return (int) total;
  }

  /** Level 0 is full: compacts the lowest level at or over its capacity (DataSketches' schedule). */
  private void compressWhileUpdating() {
    int level = 0;
    while (levels[level + 1] - levels[level] < levelCapacity(k, numLevels, level)) {
      level++;
    }
    if (level == numLevels - 1) {
      addEmptyTopLevel();
    }
    int rawBeg = levels[level];
    int rawEnd = levels[level + 1];
    int popAbove = levels[level + 2] - rawEnd;
    int rawPop = rawEnd - rawBeg;
    boolean odd = (rawPop & 1) != 0;
    int adjBeg = odd ? rawBeg + 1 : rawBeg;
    int adjPop = odd ? rawPop - 1 : rawPop;
    int half = adjPop / 2;
    if (level == 0) {
      Arrays.sort(items, adjBeg, adjBeg + adjPop);
    }
    if (popAbove == 0) {
      halveUp(items, adjBeg, adjPop, coins.next());
    } else {
      halveDown(items, adjBeg, adjPop, coins.next());
      mergeSorted(items, adjBeg, half, items, rawEnd, popAbove, items, adjBeg + half);
    }
    levels[level + 1] -= half;
    if (odd) {
      levels[level] = levels[level + 1] - 1;
      items[levels[level]] = items[rawBeg];
    } else {
      levels[level] = levels[level + 1];
    }
    if (level > 0) {
      System.arraycopy(items, levels[0], items, levels[0] + half, rawBeg - levels[0]);
    }
    for (int l = 0; l < level; l++) {
      levels[l] += half;
    }
  }

  /** The sketch is full (no free space): adds an empty level on top and room for it at the bottom. */
  private void addEmptyTopLevel() {
    int delta = levelCapacity(k, numLevels + 1, 0);
    int newCapacity = capacity + delta;
    if (numLevels + 2 > MAX_LEVELS + 1) {
      throw new IllegalStateException("KLL sketch past " + MAX_LEVELS + " levels");
    }
    double[] dst = items.length >= newCapacity ? items : new double[Math.max(newCapacity, items.length + items.length / 2)];
    System.arraycopy(items, 0, dst, delta, capacity);
    items = dst;
    ensureLevels(numLevels + 2);
    for (int l = 0; l <= numLevels; l++) {
      levels[l] += delta;
    }
    numLevels++;
    levels[numLevels] = newCapacity;
    capacity = newCapacity;
  }

  private void ensureLevels(int len) {
    if (levels.length < len) {
      levels = Arrays.copyOf(levels, Math.max(len, levels.length * 2));
    }
  }

  private static void halveUp(double[] buf, int start, int length, int offset) {
    int half = length / 2;
    int j = start + length - 1 - offset;
    for (int i = start + length - 1; i >= start + half; i--) {
      buf[i] = buf[j];
      j -= 2;
    }
  }

  private static void halveDown(double[] buf, int start, int length, int offset) {
    int half = length / 2;
    int j = start + offset;
    for (int i = start; i < start + half; i++) {
      buf[i] = buf[j];
      j += 2;
    }
  }

  /** Merges two sorted runs into c (c may end where b ends: it is written front to back). */
  private static void mergeSorted(double[] a, int startA, int lenA, double[] b, int startB, int lenB,
      double[] c, int startC) {
    int limA = startA + lenA;
    int limB = startB + lenB;
    int limC = startC + lenA + lenB;
    int x = startA;
    int y = startB;
    for (int z = startC; z < limC; z++) {
      if (x == limA) {
        c[z] = b[y++];
      } else if (y == limB) {
        c[z] = a[x++];
      } else if (a[x] < b[y]) {
        c[z] = a[x++];
      } else {
        c[z] = b[y++];
      }
    }
  }

  /**
   * Merges another sketch into this one (DataSketches' merge, with this sketch's coins). The other
   * sketch is not changed.
   *
   * @param other a sketch with the same k
   */
  public void merge(KllSketch other) {
    if (other.k != k) {
      throw new IllegalArgumentException("cannot merge KLL sketches of k " + other.k + " into k " + k);
    }
    if (other.n == 0) {
      return;
    }
    long finalN = n + other.n;
    double otherMin = other.min;
    double otherMax = other.max;
    double myMin = min;
    double myMax = max;
    boolean wasEmpty = n == 0;
    for (int i = other.levels[0]; i < other.levels[1]; i++) {
      update(other.items[i]);
    }
    if (other.numLevels > 1) {
      mergeHigherLevels(other, finalN);
    }
    n = finalN;
    min = wasEmpty || otherMin < myMin ? otherMin : myMin;
    max = wasEmpty || otherMax > myMax ? otherMax : myMax;
    viewLength = -1;
  }

  private void mergeHigherLevels(KllSketch other, long finalN) {
    int space = retained() + (other.levels[other.numLevels] - other.levels[1]);
    if (work.length < space) {
      work = new double[space];
    }
    int ub = 1 + 63 - Long.numberOfLeadingZeros(finalN); // 1 + floor(log2 n)
    if (workLevels.length < ub + 2) {
      workLevels = new int[ub + 2];
      outLevels = new int[ub + 2];
    }
    int provisional = Math.max(numLevels, other.numLevels);
    // level 0: ours (other's level 0 is already in it); higher levels: both, merged
    workLevels[0] = 0;
    int pop0 = levels[1] - levels[0];
    System.arraycopy(items, levels[0], work, 0, pop0);
    workLevels[1] = pop0;
    for (int l = 1; l < provisional; l++) {
      int selfPop = l < numLevels ? levels[l + 1] - levels[l] : 0;
      int otherPop = l < other.numLevels ? other.levels[l + 1] - other.levels[l] : 0;
      workLevels[l + 1] = workLevels[l] + selfPop + otherPop;
      if (selfPop > 0 && otherPop == 0) {
        System.arraycopy(items, levels[l], work, workLevels[l], selfPop);
      } else if (selfPop == 0 && otherPop > 0) {
        System.arraycopy(other.items, other.levels[l], work, workLevels[l], otherPop);
      } else if (selfPop > 0) {
        mergeSorted(items, levels[l], selfPop, other.items, other.levels[l], otherPop, work, workLevels[l]);
      }
    }
    int[] result = generalCompress(provisional);
    int newLevels = result[0];
    int target = result[1];
    int count = result[2];
    if (items.length < target) {
      items = new double[target];
    }
    int free = target - count;
    System.arraycopy(work, outLevels[0], items, free, count);
    int shift = free - outLevels[0];
    ensureLevels(newLevels + 1);
    for (int l = 0; l <= newLevels; l++) {
      levels[l] = outLevels[l] + shift;
    }
    numLevels = newLevels;
    capacity = target;
  }

  /**
   * DataSketches' general compression of the work buffer (in place): from level 0 up, a level is
   * compacted while the sketch is over its total capacity and the level at or over its own.
   *
   * @return {numLevels, total capacity, items}
   */
  private int[] generalCompress(int levelsIn) {
    double[] buf = work;
    int[] in = workLevels;
    int[] out = outLevels;
    int levelCount = levelsIn;
    int current = in[levelCount] - in[0];
    int target = totalCapacity(k, levelCount);
    out[0] = 0;
    int cur = -1;
    boolean done = false;
    while (!done) {
      cur++;
      if (cur == levelCount - 1) {
        in[cur + 2] = in[cur + 1];
      }
      int rawBeg = in[cur];
      int rawLim = in[cur + 1];
      int rawPop = rawLim - rawBeg;
      if (current < target || rawPop < levelCapacity(k, levelCount, cur)) {
        System.arraycopy(buf, rawBeg, buf, out[cur], rawPop);
        out[cur + 1] = out[cur] + rawPop;
      } else {
        int popAbove = in[cur + 2] - rawLim;
        boolean odd = (rawPop & 1) != 0;
        int adjBeg = odd ? rawBeg + 1 : rawBeg;
        int adjPop = odd ? rawPop - 1 : rawPop;
        int half = adjPop / 2;
        if (odd) {
          buf[out[cur]] = buf[rawBeg];
          out[cur + 1] = out[cur] + 1;
        } else {
          out[cur + 1] = out[cur];
        }
        if (cur == 0) {
          Arrays.sort(buf, adjBeg, adjBeg + adjPop);
        }
        if (popAbove == 0) {
          halveUp(buf, adjBeg, adjPop, coins.next());
        } else {
          halveDown(buf, adjBeg, adjPop, coins.next());
          mergeSorted(buf, adjBeg, half, buf, rawLim, popAbove, buf, adjBeg + half);
        }
        current -= half;
        in[cur + 1] = in[cur + 1] - half;
        if (cur == levelCount - 1) {
          levelCount++;
          target += levelCapacity(k, levelCount, 0);
        }
      }
      if (cur == levelCount - 1) {
        done = true;
      }
    }
    return new int[] {levelCount, target, current};
  }

  /**
   * The quantile of a normalized rank, as DataSketches' {@code getQuantile(p, INCLUSIVE)}: the
   * retained values sorted with their weights (2^level), the sketch's min and max added when not
   * retained, and the first value whose cumulative weight is at least {@code ceil(p·n)} (p·n
   * rounded to 7 decimals first when n ≤ 10^7).
   *
   * @param p the rank, 0..1
   * @return the value (NaN when the sketch is empty)
   */
  public double quantile(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("rank must be in [0, 1]: " + p);
    }
    if (n == 0) {
      return Double.NaN;
    }
    if (viewLength < 0) {
      buildView();
    }
    double natural = p * n;
    if (n <= 10_000_000L) {
      natural = Math.round(natural * 1e7) / 1e7;
    }
    natural = (double) (long) Math.ceil(natural);
    int len = viewLength;
    for (int i = 0; i < len; i++) { // first cumulative weight >= natural (small arrays)
      if (viewWeights[i] >= natural) {
        return viewItems[i];
      }
    }
    return viewItems[len - 1];
  }

  /** Sorted (value, cumulative weight) pairs of the retained items, with min and max included. */
  private void buildView() {
    int r = retained();
    int size = r + 2;
    if (viewItems.length < size) {
      viewItems = new double[size];
      viewWeights = new long[size];
      tmpItems = new double[size];
      tmpWeights = new long[size];
    }
    int len = levels[1] - levels[0];
    System.arraycopy(items, levels[0], viewItems, 0, len);
    Arrays.sort(viewItems, 0, len);
    Arrays.fill(viewWeights, 0, len, 1L);
    for (int l = 1; l < numLevels; l++) {
      int s = levels[l];
      int e = levels[l + 1];
      if (s == e) {
        continue;
      }
      long w = 1L << l;
      int x = 0;
      int y = s;
      int z = 0;
      while (x < len || y < e) {
        if (y == e || (x < len && viewItems[x] < items[y])) {
          tmpItems[z] = viewItems[x];
          tmpWeights[z++] = viewWeights[x++];
        } else {
          tmpItems[z] = items[y++];
          tmpWeights[z++] = w;
        }
      }
      double[] ti = viewItems;
      viewItems = tmpItems;
      tmpItems = ti;
      long[] tw = viewWeights;
      viewWeights = tmpWeights;
      tmpWeights = tw;
      len = z;
    }
    long sum = 0;
    for (int i = 0; i < len; i++) {
      sum += viewWeights[i];
      viewWeights[i] = sum;
    }
    // DataSketches' IncludeMinMax: min first with weight 1, max last with the total weight
    boolean addMin = viewItems[0] != min;
    boolean addMax = viewItems[len - 1] != max;
    if (addMin) {
      System.arraycopy(viewItems, 0, viewItems, 1, len);
      System.arraycopy(viewWeights, 0, viewWeights, 1, len);
      viewItems[0] = min;
      viewWeights[0] = 1;
      len++;
    }
    if (addMax) {
      long total = viewWeights[len - 1];
      viewItems[len] = max;
      viewWeights[len] = total;
      viewWeights[len - 1] = total - 1;
      len++;
    }
    viewLength = len;
  }

  /**
   * Writes the sketch: k, n, and when n > 1 min, max, the level sizes, the items level by level and
   * the coins' state; when n == 1 only the one value (such a sketch has never flipped a coin; it
   * is read back with seed 0). The same sketch always writes the same bytes.
   *
   * @param out where to write
   * @throws IOException when writing fails
   */
  public void write(DataOutput out) throws IOException {
    VarInts.writeUnsigned(out, k);
    VarInts.writeUnsigned(out, n);
    if (n == 0) {
      return;
    }
    if (n == 1) {
      out.writeDouble(items[levels[0]]);
      return;
    }
    out.writeDouble(min);
    out.writeDouble(max);
    out.writeByte(numLevels);
    for (int l = 0; l < numLevels; l++) {
      VarInts.writeUnsigned(out, levels[l + 1] - levels[l]);
    }
    for (int i = levels[0]; i < capacity; i++) {
      out.writeDouble(items[i]);
    }
    out.writeLong(coins.seed());
    VarInts.writeUnsigned(out, coins.flips());
  }

  /**
   * Reads a sketch written by {@link #write} into a new sketch.
   *
   * @param in where to read
   * @return the sketch
   * @throws IOException when reading fails or the bytes are not a valid sketch
   */
  public static KllSketch read(DataInput in) throws IOException {
    int k = readK(in);
    KllSketch s = new KllSketch(k, 0);
    s.readBody(in);
    return s;
  }

  /**
   * Reads a sketch written by {@link #write} into this one, when it has the same k.
   *
   * @param in where to read
   * @return this sketch, or a new one when the k read differs
   * @throws IOException when reading fails or the bytes are not a valid sketch
   */
  public KllSketch readInto(DataInput in) throws IOException {
    int readK = readK(in);
    KllSketch s = readK == k ? this : new KllSketch(readK, 0);
    s.readBody(in);
    return s;
  }

  private static int readK(DataInput in) throws IOException {
    long k = VarInts.readUnsigned(in);
    if (k < MIN_LEVEL || k > MAX_K) {
      throw new IOException("corrupt KLL sketch: k " + k);
    }
    return (int) k;
  }

  private void readBody(DataInput in) throws IOException {
    clearLevels();
    coins.reseed(0);
    long count = VarInts.readUnsigned(in);
    if (count < 0) {
      throw new IOException("corrupt KLL sketch: n " + count);
    }
    if (count == 0) {
      return;
    }
    if (count == 1) {
      update(in.readDouble());
      if (n != 1) {
        throw new IOException("corrupt KLL sketch: NaN item");
      }
      return;
    }
    double lo = in.readDouble();
    double hi = in.readDouble();
    int levelCount = in.readUnsignedByte();
    if (levelCount < 1 || levelCount > MAX_LEVELS) {
      throw new IOException("corrupt KLL sketch: " + levelCount + " levels");
    }
    int cap = totalCapacity(k, levelCount);
    int[] sizes = new int[levelCount];
    long total = 0;
    long weight = 0;
    for (int l = 0; l < levelCount; l++) {
      long size = VarInts.readUnsigned(in);
      if (size < 0 || size > cap) {
        throw new IOException("corrupt KLL sketch: level " + l + " of " + size + " items");
      }
      sizes[l] = (int) size;
      total += size;
      weight += size << l;
    }
    if (total > cap || weight != count) {
      throw new IOException("corrupt KLL sketch: " + total + " items of weight " + weight + " for n " + count);
    }
    if (items.length < cap) {
      items = new double[cap];
    }
    ensureLevels(levelCount + 1);
    capacity = cap;
    numLevels = levelCount;
    int at = cap - (int) total;
    for (int l = 0; l < levelCount; l++) {
      levels[l] = at;
      for (int i = 0; i < sizes[l]; i++) {
        items[at++] = in.readDouble();
      }
    }
    levels[levelCount] = cap;
    n = count;
    min = lo;
    max = hi;
    coins.restore(in.readLong(), VarInts.readUnsigned(in));
    viewLength = -1;
  }
}
