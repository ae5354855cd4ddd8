package io.squares.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Orders keys as a map task's output is sorted: by partition, then by the key's bytes as unsigned
 * values, a key before any longer key it begins (Hadoop's order of {@code Text} keys). Entries are
 * first grouped by partition (a counting sort), then each partition is merge-sorted on the first
 * eight bytes of its keys, held beside the entry numbers as one big-endian word each so that the
 * merges read memory in order; keys' further bytes are read only when those words are equal.
 * Stable: equal keys stay in entry order. Plain Java, no Hadoop.
 */
public final class KeyOrder {
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] arena;
  private final int[] offsets;
  private final int[] lengths;

  private KeyOrder(byte[] arena, int[] offsets, int[] lengths) {
    this.arena = arena;
    this.offsets = offsets;
    this.lengths = lengths;
  }

  /**
   * @param arena the keys' bytes
   * @param offsets entry e's key starts at {@code offsets[e]}
   * @param lengths and is {@code lengths[e]} bytes long
   * @param partitions entry e's partition, 0 or more
   * @return the entries 0 .. n-1 in order of (partition, key); equal ones in entry order
   */
  public static int[] sort(byte[] arena, int[] offsets, int[] lengths, int[] partitions) {
    int n = offsets.length;
    if (lengths.length != n || partitions.length != n) {
      throw new IllegalArgumentException("arrays of different lengths");
    }
    int max = 0;
    for (int p : partitions) {
      if (p < 0) {
        throw new IllegalArgumentException("partition " + p);
      }
      max = Math.max(max, p);
    }
    int[] starts = new int[max + 2];
    for (int p : partitions) {
      starts[p + 1]++;
    }
    for (int p = 0; p <= max; p++) {
      starts[p + 1] += starts[p];
    }
    int[] at = starts.clone();
    int[] entries = new int[n];
    long[] words = new long[n];
    for (int e = 0; e < n; e++) {
      int i = at[partitions[e]]++;
      entries[i] = e;
      words[i] = prefix(arena, offsets[e], lengths[e]);
    }
    KeyOrder order = new KeyOrder(arena, offsets, lengths);
    int[] entries2 = new int[n];
    long[] words2 = new long[n];
    for (int p = 0; p <= max; p++) {
      order.mergeSort(entries, words, entries2, words2, starts[p], starts[p + 1]);
    }
    return entries;
  }

  /** Sorts {@code [lo, hi)} of the entries and their words, using the second arrays as scratch. */
  private void mergeSort(int[] e, long[] w, int[] e2, long[] w2, int lo, int hi) {
    int[] fromE = e;
    long[] fromW = w;
    int[] toE = e2;
    long[] toW = w2;
    for (int width = 1; width < hi - lo; width *= 2) { // bottom-up: runs of width merged pairwise
      for (int a = lo; a < hi; a += 2 * width) {
        int mid = Math.min(a + width, hi);
        int b = Math.min(a + 2 * width, hi);
        merge(fromE, fromW, toE, toW, a, mid, b);
      }
      int[] te = fromE;
      fromE = toE;
      toE = te;
      long[] tw = fromW;
      fromW = toW;
      toW = tw;
    }
    if (fromE != e) {
      System.arraycopy(fromE, lo, e, lo, hi - lo);
      System.arraycopy(fromW, lo, w, lo, hi - lo);
    }
  }

  private void merge(int[] fromE, long[] fromW, int[] toE, long[] toW, int lo, int mid, int hi) {
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      boolean left;
      if (i >= mid) {
        left = false;
      } else if (j >= hi) {
        left = true;
      } else {
        int c = Long.compareUnsigned(fromW[i], fromW[j]);
        left = c < 0 || (c == 0 && compareRest(fromE[i], fromE[j]) <= 0);
      }
      if (left) {
        toE[k] = fromE[i];
        toW[k] = fromW[i++];
      } else {
        toE[k] = fromE[j];
        toW[k] = fromW[j++];
      }
    }
  }

  /**
   * Compares two keys whose first eight bytes (zero-padded) are equal.
   *
   * @return negative, zero or positive as entry x's key sorts before, with or after entry y's
   */
  private int compareRest(int x, int y) {
    int lx = lengths[x];
    int ly = lengths[y];
    int n = Math.min(lx, ly);
    int ox = offsets[x];
    int oy = offsets[y];
    for (int k = Long.BYTES; k < n; k++) {
      int d = (arena[ox + k] & 0xFF) - (arena[oy + k] & 0xFF);
      if (d != 0) {
        return d;
      }
    }
    return Integer.compare(lx, ly);
  }

  /** @return the key's first eight bytes, big-endian, zero-padded */
  private static long prefix(byte[] b, int offset, int length) {
    if (length >= Long.BYTES) {
      return (long) WORDS.get(b, offset);
    }
    long p = 0;
    for (int k = 0; k < Long.BYTES; k++) {
      p = p << 8 | (k < length ? b[offset + k] & 0xFFL : 0);
    }
    return p;
  }
}
