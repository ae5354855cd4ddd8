package io.squares.core;

import java.util.Arrays;

/**
 * A map task's values of many keys, held within a fixed memory budget and handed out as one
 * {@link SortedRun} per key: exact quantiles without Hadoop sorting a record per value.
 *
 * <p>Values whose unscaled value fits in a long with a scale of at most 18 (the common case) are
 * kept as (unscaled long, scale, key index): 13 bytes, plus 9 of scratch when sorting. Other
 * values are kept in their {@link OrderedDecimal} encoding. {@link #prepare} groups the values by
 * key (a counting sort); {@link #writeRun} then sorts one key's values: when they all fit in a long
 * at the key's largest scale, as primitive longs ({@link Arrays#sort(long[], int, int)}), otherwise
 * by their encodings. Equal values become one entry with their count. Not thread-safe.
 */
public final class ValueRunBuffer {
  /** Bytes per value in the long form: unscaled, scale, key; and the sorted copy's unscaled, scale. */
  public static final int LONG_FORM_BYTES = 8 + 1 + 4 + 8 + 1;
  /** Bytes per value in the encoded form beyond its encoding: key, offset, order. */
  private static final int ENCODED_FORM_BYTES = 4 + 4 + 4;
  private static final int MAX_LONG_SCALE = 18;
  private static final long[] POW10 = new long[MAX_LONG_SCALE + 1];
  /** The largest magnitude that can be multiplied by 10^d without overflow. */
  private static final long[] LIMIT = new long[MAX_LONG_SCALE + 1];

  static {
    long p = 1;
    for (int i = 0; i <= MAX_LONG_SCALE; i++) {
      POW10[i] = p;
      LIMIT[i] = Long.MAX_VALUE / p;
      p *= 10;
    }
  }

  /** Initial capacity of the long form's arrays (cut to the budget). */
  private static final int INITIAL_VALUES = 1024;

  private long budget;
  private long[] unscaled;
  private byte[] scales;
  private int[] keys;
  private int size;
  private byte[] encodedArena = new byte[0];
  private int encodedUsed;
  private int[] encodedKeys = new int[0];
  private int[] encodedOffsets = new int[0];
  private int encodedSize;

  // prepared state: per key, [start[k], start[k+1]) of the sorted copies; encoded order likewise
  private int[] start = new int[0];
  private int[] encodedStart = new int[0];
  private long[] sortedUnscaled = new long[0];
  private byte[] sortedScales = new byte[0];
  private int[] encodedOrder = new int[0];
  private int preparedKeys;

  // one run's scratch
  private final ParsedDecimal decimal = new ParsedDecimal();
  private byte[] run = new byte[1 << 12];
  private byte[] scratch = new byte[1 << 12];
  private int[] scratchOffsets = new int[0];

  /** @param budget the most bytes the held values may take (the table's arrays and encodings) */
  public ValueRunBuffer(long budget) {
    this.budget = budget;
    int n = (int) Math.max(1, Math.min(INITIAL_VALUES, budget / LONG_FORM_BYTES));
    unscaled = new long[n];
    scales = new byte[n];
    keys = new int[n];
  }

  /**
   * Changes the budget (a caller sharing one budget between this buffer and a key table gives it
   * what the table leaves). Values already held stay; the next {@link #add} that would take the
   * buffer past the new budget is refused, and arrays grow only within it.
   *
   * @param bytes the most bytes the held values may take from now on
   */
  public void budget(long bytes) {
    this.budget = bytes;
  }

  /**
   * @return the bytes of the arrays this buffer holds at their capacity (the long form's values,
   *     their sorted copies, and the encoded form's arrays), whatever is in them
   */
  public long allocatedBytes() {
    return (long) unscaled.length * LONG_FORM_BYTES + (long) encodedKeys.length * ENCODED_FORM_BYTES
        + encodedArena.length;
  }

  /** @return the number of values held */
  public int size() {
    return size + encodedSize;
  }

  /** @return the bytes the held values take by this buffer's accounting */
  public long bytes() {
    return (long) size * LONG_FORM_BYTES + (long) encodedSize * ENCODED_FORM_BYTES + encodedUsed;
  }

  /**
   * Adds a value of a key.
   *
   * @param key the key's index, 0 or more (callers number their keys densely from 0)
   * @param v the value
   * @return false, adding nothing, when the value does not fit in the budget (an empty buffer
   *     always takes one value): emit the runs, {@link #clear()}, and add it again
   */
  public boolean add(int key, ParsedDecimal v) {
    if (v.fitsInLong() && v.scale() <= MAX_LONG_SCALE) {
      if (size() > 0 && bytes() + LONG_FORM_BYTES > budget) {
        return false;
      }
      if (size == unscaled.length) {
        // never past the budget by doubling
        long fits = Math.max(size + 1L, (budget - encodedBytes()) / LONG_FORM_BYTES);
        int n = (int) Math.min(Integer.MAX_VALUE - 8, Math.min(2L * size, fits));
        unscaled = Arrays.copyOf(unscaled, n);
        scales = Arrays.copyOf(scales, n);
        keys = Arrays.copyOf(keys, n);
      }
      unscaled[size] = v.unscaledLong();
      scales[size] = (byte) v.scale();
      keys[size++] = key;
      return true;
    }
    int need = OrderedDecimal.maxLength(v.unscaledBig().toString().length());
    if (size() > 0 && bytes() + ENCODED_FORM_BYTES + need > budget) {
      return false;
    }
    if (encodedSize == encodedKeys.length) {
      int n = Math.max(16, 2 * encodedSize);
      encodedKeys = Arrays.copyOf(encodedKeys, n);
      encodedOffsets = Arrays.copyOf(encodedOffsets, n);
    }
    if (encodedUsed + need > encodedArena.length) {
      encodedArena = Arrays.copyOf(encodedArena, Math.max(encodedUsed + need, 2 * encodedArena.length));
    }
    encodedKeys[encodedSize] = key;
    encodedOffsets[encodedSize++] = encodedUsed;
    encodedUsed += OrderedDecimal.encode(v, encodedArena, encodedUsed);
    return true;
  }

  /**
   * Groups the held values by key, before {@link #writeRun} is called for each key.
   *
   * @param keyCount the number of keys: every key index added is below it
   */
  public void prepare(int keyCount) {
    preparedKeys = keyCount;
    start = counted(keys, size, keyCount, start);
    if (sortedUnscaled.length < size) {
      sortedUnscaled = new long[unscaled.length];
      sortedScales = new byte[unscaled.length];
    }
    int[] next = Arrays.copyOf(start, keyCount);
    for (int i = 0; i < size; i++) {
      int p = next[keys[i]]++;
      sortedUnscaled[p] = unscaled[i];
      sortedScales[p] = scales[i];
    }
    encodedStart = counted(encodedKeys, encodedSize, keyCount, encodedStart);
    if (encodedOrder.length < encodedSize) {
      encodedOrder = new int[encodedKeys.length];
    }
    next = Arrays.copyOf(encodedStart, keyCount);
    for (int i = 0; i < encodedSize; i++) {
      encodedOrder[next[encodedKeys[i]]++] = i;
    }
  }

  /** @return per key k, where its entries start ({@code [k]}) and end ({@code [k+1]}) */
  private static int[] counted(int[] keyOf, int n, int keyCount, int[] reuse) {
    int[] s = reuse.length >= keyCount + 1 ? reuse : new int[keyCount + 1];
    Arrays.fill(s, 0, keyCount + 1, 0);
    for (int i = 0; i < n; i++) {
      int k = keyOf[i];
      if (k < 0 || k >= keyCount) {
        throw new IllegalArgumentException("key index " + k + " outside [0, " + keyCount + ")");
      }
      s[k + 1]++;
    }
    for (int k = 0; k < keyCount; k++) {
      s[k + 1] += s[k];
    }
    return s;
  }

  /**
   * Writes one key's sorted run into {@link #run()} (after {@link #prepare}).
   *
   * @param key the key's index
   * @return the run's length in bytes (0 when the key has no values)
   */
  public int writeRun(int key) {
    if (key < 0 || key >= preparedKeys) {
      throw new IllegalArgumentException("key index " + key + " outside [0, " + preparedKeys + ")");
    }
    int a = start[key];
    int b = start[key + 1];
    int c = encodedStart[key];
    int d = encodedStart[key + 1];
    if (c == d) {
      int scale = 0;
      for (int i = a; i < b; i++) {
        scale = Math.max(scale, sortedScales[i]);
      }
      if (rescale(a, b, scale)) {
        return longRun(a, b, scale);
      }
    }
    return encodedRun(a, b, c, d);
  }

  /** @return whether every value in [a, b) was brought to {@code scale} without overflow (unchanged if not) */
  private boolean rescale(int a, int b, int scale) {
    for (int i = a; i < b; i++) {
      int up = scale - sortedScales[i];
      long u = sortedUnscaled[i];
      if (up > 0 && (u > LIMIT[up] || u < -LIMIT[up])) {
        return false;
      }
    }
    for (int i = a; i < b; i++) {
      int up = scale - sortedScales[i];
      if (up > 0) {
        sortedUnscaled[i] *= POW10[up];
        sortedScales[i] = (byte) scale;
      }
    }
    return true;
  }

  private int longRun(int a, int b, int scale) {
    if (a == b) {
      return 0;
    }
    Arrays.sort(sortedUnscaled, a, b);
    ensureRun(2 + (long) (b - a) * 2 * SortedRun.MAX_VARINT_BYTES);
    run[0] = SortedRun.LONG_FORM;
    run[1] = (byte) scale;
    int p = 2;
    long previous = 0;
    for (int i = a; i < b; ) {
      long u = sortedUnscaled[i];
      int j = i + 1;
      while (j < b && sortedUnscaled[j] == u) {
        j++;
      }
      p = SortedRun.writeCount(i == a ? SortedRun.zigzag(u) : u - previous, run, p); // ascending: the difference is positive as unsigned
      p = SortedRun.writeCount(j - i, run, p);
      previous = u;
      i = j;
    }
    return p;
  }

  /** The general case: every value of the key by its encoding, sorted as unsigned bytes. */
  private int encodedRun(int a, int b, int c, int d) {
    int n = (b - a) + (d - c);
    if (scratchOffsets.length < n + 1) {
      scratchOffsets = new int[Math.max(n + 1, 2 * scratchOffsets.length)];
    }
    int used = 0;
    int e = 0;
    for (int i = a; i < b; i++) {
      ensureScratch(used + OrderedDecimal.maxLength(19));
      decimal.set(sortedUnscaled[i], sortedScales[i]);
      scratchOffsets[e++] = used;
      used += OrderedDecimal.encode(decimal, scratch, used);
    }
    for (int i = c; i < d; i++) {
      int off = encodedOffsets[encodedOrder[i]];
      int len = OrderedDecimal.length(encodedArena, off, encodedUsed);
      ensureScratch(used + len);
      System.arraycopy(encodedArena, off, scratch, used, len);
      scratchOffsets[e++] = used;
      used += len;
    }
    final byte[] s = scratch;
    final int end = used;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = scratchOffsets[i];
    }
    Arrays.sort(order, (x, y) -> Arrays.compareUnsigned(s, x, x + OrderedDecimal.length(s, x, end),
        s, y, y + OrderedDecimal.length(s, y, end)));
    if (n == 0) {
      return 0;
    }
    ensureRun(1 + (long) used + (long) n * SortedRun.MAX_COUNT_BYTES);
    run[0] = SortedRun.ENCODED_FORM;
    int p = 1;
    for (int i = 0; i < n; ) {
      int off = order[i];
      int len = OrderedDecimal.length(s, off, end);
      int j = i + 1;
      while (j < n && Arrays.equals(s, off, off + len, s, order[j], order[j] + OrderedDecimal.length(s, order[j], end))) {
        j++;
      }
      System.arraycopy(s, off, run, p, len);
      p = SortedRun.writeCount(j - i, run, p + len);
      i = j;
    }
    return p;
  }

  private void ensureRun(long n) {
    if (run.length < n) {
      run = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(n, 2L * run.length))];
    }
  }

  private void ensureScratch(int n) {
    if (scratch.length < n) {
      scratch = Arrays.copyOf(scratch, Math.max(n, 2 * scratch.length));
    }
  }

  /** @return the bytes of the run last written by {@link #writeRun} */
  public byte[] run() {
    return run;
  }

  private long encodedBytes() {
    return (long) encodedSize * ENCODED_FORM_BYTES + encodedUsed;
  }

  /**
   * Empties the buffer, keeping its memory as far as the budget allows: arrays grown under a larger
   * budget than the present one are given back.
   */
  public void clear() {
    size = 0;
    encodedSize = 0;
    encodedUsed = 0;
    preparedKeys = 0;
    if (allocatedBytes() > budget) {
      int n = (int) Math.max(1, Math.min(unscaled.length, budget / LONG_FORM_BYTES));
      unscaled = new long[n];
      scales = new byte[n];
      keys = new int[n];
      sortedUnscaled = new long[0];
      sortedScales = new byte[0];
      encodedArena = new byte[0];
      encodedKeys = new int[0];
      encodedOffsets = new int[0];
      encodedOrder = new int[0];
    }
  }
}
