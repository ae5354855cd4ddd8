package io.squares.core;

import java.util.Arrays;

/**
 * Counts of distinct byte strings, within a fixed memory budget: an open-addressing hash table
 * whose keys are copied once into a byte arena. {@link #increment} returns false instead of
 * growing past the budget; the caller then emits the entries and {@link #clear()}s the table,
 * which keeps its memory for reuse. Looking up an existing key allocates nothing.
 *
 * <p>{@code stats} uses it for in-mapper combining of (key, value) pairs when quantiles are asked:
 * equal values of a key travel once, with their count.
 */
public final class CountTable {
  private static final int EMPTY = -1;
  /** Bytes per entry: slot (2 ints per entry), hash, offset, length, count. */
  private static final int ENTRY_BYTES = 2 * 4 + 4 + 4 + 4 + 8;

  private final long budget;
  private int[] slots;
  private int[] hashes;
  private int[] offsets;
  private int[] lengths;
  private long[] counts;
  private byte[] arena;
  private int arenaUsed;
  private int size;

  /**
   * @param budget the most bytes the table's arrays may take (at least 64 KiB is sensible); the
   *     table starts small and doubles up to it
   */
  public CountTable(long budget) {
    this.budget = budget;
    allocate(1024);
    arena = new byte[1 << 14];
  }

  private void allocate(int capacity) {
    slots = new int[capacity * 2];
    Arrays.fill(slots, EMPTY);
    hashes = new int[capacity];
    offsets = new int[capacity];
    lengths = new int[capacity];
    counts = new long[capacity];
  }

  /** @return the bytes held by the table's arrays now */
  public long bytes() {
    return (long) hashes.length * ENTRY_BYTES + arena.length;
  }

  /**
   * Adds {@code n} to the count of a byte string, adding it when new.
   *
   * @param key the bytes
   * @param start first byte
   * @param end end, exclusive
   * @param n how much to add
   * @return false, changing nothing, when a new string does not fit in the budget (the table is
   *     then full: emit and clear it); an empty table always takes one string
   */
  public boolean increment(byte[] key, int start, int end, long n) {
    int h = StatsTable.hash(key, start, end);
    int len = end - start;
    int mask = slots.length - 1;
    int i = h & mask;
    for (int e = slots[i]; e != EMPTY; e = slots[i]) {
      if (hashes[e] == h && lengths[e] == len
          && Arrays.equals(arena, offsets[e], offsets[e] + len, key, start, end)) {
        counts[e] += n;
        return true;
      }
      i = (i + 1) & mask;
    }
    if (size == hashes.length) {
      long grown = (long) hashes.length * 2 * ENTRY_BYTES + arena.length;
      if (grown > budget && size > 0) {
        return false;
      }
      grow();
      mask = slots.length - 1;
      i = h & mask;
      while (slots[i] != EMPTY) {
        i = (i + 1) & mask;
      }
    }
    if (arenaUsed + len > arena.length) {
      int newLength = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * arena.length, (long) arenaUsed + len));
      if ((long) hashes.length * ENTRY_BYTES + newLength > budget && size > 0) {
        return false;
      }
      arena = Arrays.copyOf(arena, newLength);
    }
    System.arraycopy(key, start, arena, arenaUsed, len);
    int e = size++;
    offsets[e] = arenaUsed;
    lengths[e] = len;
    hashes[e] = h;
    counts[e] = n;
    arenaUsed += len;
    slots[i] = e;
    return true;
  }

  private void grow() {
    int capacity = hashes.length * 2;
    hashes = Arrays.copyOf(hashes, capacity);
    offsets = Arrays.copyOf(offsets, capacity);
    lengths = Arrays.copyOf(lengths, capacity);
    counts = Arrays.copyOf(counts, capacity);
    slots = new int[capacity * 2];
    Arrays.fill(slots, EMPTY);
    int mask = slots.length - 1;
    for (int e = 0; e < size; e++) {
      int i = hashes[e] & mask;
      while (slots[i] != EMPTY) {
        i = (i + 1) & mask;
      }
      slots[i] = e;
    }
  }

  /** @return the number of distinct strings held */
  public int size() {
    return size;
  }

  /** @return the arena holding every string's bytes */
  public byte[] arena() {
    return arena;
  }

  /**
   * @param entry an entry index, 0 to {@link #size()} - 1, in insertion order
   * @return where its bytes start in {@link #arena()}
   */
  public int offset(int entry) {
    return offsets[entry];
  }

  /**
   * @param entry an entry index
   * @return its length in bytes
   */
  public int length(int entry) {
    return lengths[entry];
  }

  /**
   * @param entry an entry index
   * @return its count
   */
  public long count(int entry) {
    return counts[entry];
  }

  /** Empties the table, keeping its memory. */
  public void clear() {
    Arrays.fill(slots, EMPTY);
    size = 0;
    arenaUsed = 0;
  }
}
