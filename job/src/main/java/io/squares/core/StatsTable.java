package io.squares.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Per-key aggregates of one map task, for in-mapper combining: an open-addressing hash table from
 * a key's bytes to its {@link ExactStats}. Keys are copied once, into a byte arena, when first
 * seen; looking up an existing key allocates nothing. {@link #clear()} keeps the aggregate objects
 * and the arena for reuse, so a task that flushes repeatedly does not churn the heap.
 *
 * <p>Memory is bounded in bytes, not keys: a table made with a budget refuses a new key
 * ({@link #getOrNull} returns null) when taking it would make {@link #bytes()} exceed the budget.
 * {@link #bytes()} counts what the table holds: its arrays at their capacity, the key arena, and
 * {@value #AGGREGATE_BYTES} bytes per aggregate object (an {@link ExactStats} and its five exact
 * integers on a 64-bit JVM with compressed references, while their values fit in 128 bits).
 *
 * @param <S> the aggregate type (the Hadoop layer uses its Writable subclass)
 */
public final class StatsTable<S extends ExactStats> implements AggregateTable<S> {
  /** Estimated heap bytes of one {@link ExactStats} object with its five 128-bit fields. */
  public static final int AGGREGATE_BYTES = 48 + 5 * 32;
  /** Bytes of the per-entry arrays per entry: two slots, hash, key offset, key length, reference. */
  static final int ARRAY_BYTES = 2 * 4 + 4 + 4 + 4 + 4;
  private static final int EMPTY = -1;
  private static final int INITIAL_CAPACITY = 64;
  private static final int INITIAL_ARENA = 1 << 12;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Supplier<S> factory;
  private final long budget;
  private int[] slots; // index into the entry arrays, or EMPTY
  private int[] hashes;
  private int[] keyOffsets;
  private int[] keyLengths;
  private Object[] stats;
  private int pooled; // aggregate objects created so far (reused after clear)
  private int counted; // aggregates counted in bytes(): the most entries since made or restarted
  private byte[] arena;
  private int arenaUsed;
  private int size;

  /**
   * An unbounded table: {@link #get} always takes a new key; the caller bounds its size.
   *
   * @param factory creates an empty aggregate
   */
  public StatsTable(Supplier<S> factory) {
    this(factory, Long.MAX_VALUE);
  }

  /**
   * A table of at most {@code budget} bytes (as {@link #bytes()} counts them); an empty table takes
   * one key whatever its size.
   *
   * @param factory creates an empty aggregate
   * @param budget the most bytes the table may hold
   */
  public StatsTable(Supplier<S> factory, long budget) {
    this.factory = factory;
    this.budget = budget;
    stats = new Object[INITIAL_CAPACITY];
    initialArrays();
  }

  private void initialArrays() {
    slots = new int[INITIAL_CAPACITY * 2];
    Arrays.fill(slots, EMPTY);
    hashes = new int[INITIAL_CAPACITY];
    keyOffsets = new int[INITIAL_CAPACITY];
    keyLengths = new int[INITIAL_CAPACITY];
    arena = new byte[INITIAL_ARENA];
  }

  /**
   * Finds or creates the aggregate of a key.
   *
   * @param key the key's bytes
   * @param start first byte
   * @param end end, exclusive
   * @return the key's aggregate, to add values to
   */
  public S get(byte[] key, int start, int end) {
    S s = getOrNull(key, start, end);
    if (s == null) {
      throw new IllegalStateException("table full: " + bytes() + " of " + budget + " bytes");
    }
    return s;
  }

  /**
   * Finds the aggregate of a key, or creates it when it fits in the budget.
   *
   * @param key the key's bytes
   * @param start first byte
   * @param end end, exclusive
   * @return the key's aggregate, or null when the key is new and the table is full (unchanged)
   */
  @SuppressWarnings("unchecked")
  public S getOrNull(byte[] key, int start, int end) {
    int e = entryOrFull(key, start, end);
    return e < 0 ? null : (S) stats[e];
  }

  @Override
  public boolean add(int entry, ParsedDecimal value) {
    ((ExactStats) stats[entry]).add(value);
    return true;
  }

  @Override
  public int entryOrFull(byte[] key, int start, int end) {
    int h = hash(key, start, end);
    int mask = slots.length - 1;
    int len = end - start;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int e = slots[i];
      if (e == EMPTY) {
        if (size > 0 && !fits(len)) {
          return -1;
        }
        return insert(i, h, key, start, len);
      }
      if (hashes[e] == h && keyLengths[e] == len && sameKey(keyOffsets[e], key, start, len)) {
        return e;
      }
    }
  }

  private boolean sameKey(int offset, byte[] key, int start, int len) {
    return sameBytes(arena, offset, key, start, len);
  }

  /**
   * Compares a key with bytes held in an arena that has 8 spare bytes after its last key.
   *
   * @return whether {@code arena[offset, offset + len)} equals {@code key[start, start + len)}
   */
  static boolean sameBytes(byte[] arena, int offset, byte[] key, int start, int len) {
    if (len <= 8 && start + 8 <= key.length) { // the arena always has 8 bytes to spare
      return (((long) LONGS.get(arena, offset) ^ (long) LONGS.get(key, start)) & lowBytes(len)) == 0;
    }
    if (len > 16) {
      return Arrays.equals(arena, offset, offset + len, key, start, start + len);
    }
    for (int k = 0; k < len; k++) { // short keys: a plain loop beats the vectorized mismatch
      if (arena[offset + k] != key[start + k]) {
        return false;
      }
    }
    return true;
  }

  /** @return whether one more key of {@code len} bytes keeps the table within its budget */
  private boolean fits(int len) {
    if (budget == Long.MAX_VALUE) {
      return true;
    }
    long arrays = (long) (size == hashes.length ? 2 * hashes.length : hashes.length) * ARRAY_BYTES;
    long aggregates = (long) Math.max(counted, size + 1) * AGGREGATE_BYTES;
    long keys = arenaUsed + len + 8 > arena.length
        ? Math.max(2L * arena.length, arenaUsed + len + 8L) : arena.length;
    return arrays + aggregates + keys <= budget;
  }

  /**
   * @return the bytes the table holds: its arrays at their capacity, the key arena and
   *     {@value #AGGREGATE_BYTES} per aggregate object in use since it was made or {@linkplain
   *     #restart() restarted} (the most keys it held at once)
   */
  @Override
  public long bytes() {
    return (long) hashes.length * ARRAY_BYTES + (long) counted * AGGREGATE_BYTES + arena.length;
  }

  private int insert(int slot, int h, byte[] key, int start, int len) {
    if (size == hashes.length) {
      grow();
      int mask = slots.length - 1;
      slot = h & mask;
      while (slots[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
    }
    if (arenaUsed + len + 8 > arena.length) { // 8 spare bytes: sameKey reads whole words
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len + 8));
    }
    System.arraycopy(key, start, arena, arenaUsed, len);
    int e = size++;
    keyOffsets[e] = arenaUsed;
    keyLengths[e] = len;
    hashes[e] = h;
    arenaUsed += len;
    counted = Math.max(counted, size);
    if (e >= pooled) {
      stats[e] = factory.get();
      pooled++;
    } else {
      ((ExactStats) stats[e]).reset();
    }
    slots[slot] = e;
    return e;
  }

  private void grow() {
    int capacity = hashes.length * 2;
    hashes = Arrays.copyOf(hashes, capacity);
    keyOffsets = Arrays.copyOf(keyOffsets, capacity);
    keyLengths = Arrays.copyOf(keyLengths, capacity);
    if (stats.length < capacity) { // after a restart it may already hold more pooled objects
      stats = Arrays.copyOf(stats, capacity);
    }
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

  /**
   * Hashes a key eight bytes at a time (a multiply-xorshift mix per word), so short keys cost a
   * few instructions instead of a multiply chain per byte.
   */
  static int hash(byte[] b, int start, int end) {
    long h = 0x9E3779B97F4A7C15L ^ (end - start);
    int i = start;
    for (; i + 8 <= end; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * 0xFF51AFD7ED558CCDL;
      h ^= h >>> 29;
    }
    int rest = end - i;
    if (rest > 0) {
      long tail;
      if (i + 8 <= b.length) { // read the whole word, keep the key's bytes
        tail = (long) LONGS.get(b, i) & lowBytes(rest);
      } else {
        tail = 0;
        for (int k = end - 1; k >= i; k--) {
          tail = (tail << 8) | (b[k] & 0xFFL);
        }
      }
      h = (h ^ tail) * 0xC4CEB9FE1A85EC53L;
    }
    h ^= h >>> 32;
    h *= 0xFF51AFD7ED558CCDL;
    return (int) (h ^ (h >>> 32));
  }

  /** @return a mask of the first n bytes of a little-endian word, 0 <= n <= 8 */
  private static long lowBytes(int n) {
    return n == 0 ? 0 : -1L >>> (64 - 8 * n);
  }

  /** @return the number of keys held */
  @Override
  public int size() {
    return size;
  }

  /** @return the bytes of all keys held */
  @Override
  public int keyBytes() {
    return arenaUsed;
  }

  /** @return the arena holding every key's bytes (see {@link #keyOffset}, {@link #keyLength}) */
  @Override
  public byte[] keyArena() {
    return arena;
  }

  /**
   * @param entry an entry index, from 0 to {@link #size()} - 1, in insertion order
   * @return where the entry's key starts in {@link #keyArena()}
   */
  @Override
  public int keyOffset(int entry) {
    return keyOffsets[entry];
  }

  /**
   * @param entry an entry index
   * @return the length of the entry's key
   */
  @Override
  public int keyLength(int entry) {
    return keyLengths[entry];
  }

  /**
   * @param entry an entry index
   * @return the entry's aggregate
   */
  @SuppressWarnings("unchecked")
  @Override
  public S stats(int entry) {
    return (S) stats[entry];
  }

  /** Empties the table, keeping its aggregate objects and memory for reuse. */
  @Override
  public void clear() {
    Arrays.fill(slots, EMPTY);
    size = 0;
    arenaUsed = 0;
  }

  /**
   * Empties the table and returns its arrays and arena to their initial sizes; its aggregate
   * objects are kept for reuse but no longer counted, so from here it fills exactly as a new table.
   */
  @Override
  public void restart() {
    size = 0;
    arenaUsed = 0;
    counted = 0;
    initialArrays();
  }
}
