package io.squares.core;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Per-key exact aggregates of one map task in machine words: an open-addressing hash table from a
 * key's bytes to eight longs (one 64-byte record: key offset and length, hash and scale, count,
 * sum, min, max, and the 128-bit sum of squares), the keys in one byte arena. About
 * {@value #ENTRY_BYTES} + 8..16 (slots) bytes plus the key per key, against ~240 for
 * {@link StatsTable}'s object graph, and one record touched per value instead of six objects.
 *
 * <p>The state of a key is exactly {@link ExactStats}'s (count, common scale = the largest scale
 * seen, sum/min/max in units of {@code 10^-scale}, sum of squares in units of {@code 10^-2·scale})
 * while the sum, min and max fit in a long and the sum of squares in 128 signed bits. A value that
 * would leave that domain (a long overflow, a BigInteger value, a rescale that does not fit) moves
 * the key to an {@link ExactStats} object first, made by the factory, which then takes all its
 * values: results are identical to {@link ExactStats} for every value it accepts.
 *
 * <p>Memory is bounded in bytes as in {@link StatsTable}: {@link #bytes()} counts the arrays at
 * their capacity, the key arena and {@value StatsTable#AGGREGATE_BYTES} bytes per aggregate object
 * made for an overflowing key; a new key that would make it exceed the budget is refused
 * ({@link #entryOrFull} returns -1) and the table is unchanged. Arrays grow by doubling, the last
 * step cut to what the budget allows; records beyond the first {@value #PAGE_ENTRIES} live in 1 MiB
 * pages, so growing never copies (and briefly doubles) a large table. Not thread-safe.
 *
 * @param <S> the aggregate type handed out by {@link #stats(int)}
 */
public final class CompactStatsTable<S extends ExactStats> implements AggregateTable<S> {
  /** Bytes of one entry's record. */
  public static final int ENTRY_BYTES = 64;
  private static final int STRIDE = ENTRY_BYTES / Long.BYTES;
  // Words of an entry's record.
  private static final int KEY = 0; // key offset (low 32 bits) | key length (high 32)
  private static final int META = 1; // hash (high 32) | scale (low 32), OBJECT: in an object
  private static final int COUNT = 2;
  private static final int SUM = 3; // the object's index when the scale word is OBJECT
  private static final int MIN = 4;
  private static final int MAX = 5;
  private static final int SQUARES_HIGH = 6;
  private static final int SQUARES_LOW = 7;
  private static final int OBJECT = -1;
  private static final int EMPTY = -1;
  private static final int INITIAL_CAPACITY = 64;
  private static final int PAGE_SHIFT = 14;
  /** Entries per page of records (1 MiB). */
  static final int PAGE_ENTRIES = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_ENTRIES - 1;
  /** Bytes per reference in the object array (compressed references). */
  private static final int REFERENCE_BYTES = 4;

  private final Supplier<S> factory;
  private final long budget;
  /**
   * The records, in pages of {@link #PAGE_ENTRIES} entries: growing adds pages instead of copying
   * the whole table (only a first, smaller page is grown by copying).
   */
  private long[][] pages;
  private int capacity;
  private int[] slots; // entry index, or EMPTY; length a power of two, at least twice the capacity
  private int size;
  private byte[] arena = new byte[1 << 12];
  private int arenaUsed;
  private Object[] objects = new Object[0];
  private int objectsUsed;
  private int pooled; // objects made so far (reused after clear)
  private S scratch;
  private int[] prefetched = new int[0];
  private long prefetchSink;

  /**
   * A table of at most {@code budget} bytes (as {@link #bytes()} counts them); an empty table takes
   * one key whatever its size.
   *
   * @param factory creates an empty aggregate (for a key leaving the machine words, and as the
   *     scratch {@link #stats(int)} fills)
   * @param budget the most bytes the table may hold
   */
  public CompactStatsTable(Supplier<S> factory, long budget) {
    this.factory = factory;
    this.budget = budget;
    pages = new long[][] {new long[INITIAL_CAPACITY * STRIDE]};
    capacity = INITIAL_CAPACITY;
    slots = new int[slotsFor(INITIAL_CAPACITY)];
    Arrays.fill(slots, EMPTY);
  }

  /** @return the slot array length for a capacity: a power of two, at least twice it */
  private static int slotsFor(int capacity) {
    return Integer.highestOneBit(Math.max(1, 2 * capacity - 1)) << 1;
  }

  @Override
  public int entryOrFull(byte[] key, int start, int end) {
    int h = StatsTable.hash(key, start, end);
    int mask = slots.length - 1;
    int len = end - start;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int e = slots[i];
      if (e == EMPTY) {
        return insert(i, h, key, start, len);
      }
      long[] r = pages[e >>> PAGE_SHIFT];
      int b = (e & PAGE_MASK) * STRIDE;
      long k = r[b + KEY];
      if ((int) (r[b + META] >>> 32) == h && (int) (k >>> 32) == len
          && StatsTable.sameBytes(arena, (int) k, key, start, len)) {
        return e;
      }
    }
  }

  /**
   * Reads, for each hash, its first slot, then the record that slot names and the first bytes of
   * that record's key: three rounds of independent reads, so their cache misses overlap. A lookup
   * that finds its key in a table too large for the caches otherwise waits for three misses in a
   * row (slot, record, key), and this machine's memory answers one dependent miss in 200-500 ns
   * but independent ones 5-10 times faster. Writes nothing but what {@link #prefetchSink()} returns.
   */
  @Override
  public void prefetch(int[] hashes, int count) {
    if (prefetched.length < count) {
      prefetched = new int[count];
    }
    int[] found = prefetched;
    int[] table = slots;
    int mask = table.length - 1;
    for (int i = 0; i < count; i++) {
      found[i] = table[hashes[i] & mask];
    }
    long touched = 0;
    for (int i = 0; i < count; i++) {
      int e = found[i];
      if (e >= 0 && e < size) {
        long[] r = pages[e >>> PAGE_SHIFT];
        int b = (e & PAGE_MASK) * STRIDE;
        long k = r[b + KEY];
        touched += r[b + SQUARES_LOW]; // a record may straddle two cache lines: read both
        found[i] = (int) k;
      } else {
        found[i] = -1;
      }
    }
    byte[] keys = arena;
    for (int i = 0; i < count; i++) {
      int offset = found[i];
      if (offset >= 0 && offset < keys.length) {
        touched += keys[offset];
      }
    }
    prefetchSink = touched;
  }

  /** @return what the last {@link #prefetch} read, summed (kept so the reads are not optimized away) */
  long prefetchSink() {
    return prefetchSink;
  }

  /** Adds a new key at a free slot, growing within the budget; -1 when it does not fit. */
  private int insert(int slot, int h, byte[] key, int start, int len) {
    if (size > 0 && bytes() > budget) { // a budget below the initial arrays: one key only
      return -1;
    }
    int arenaNeed = arenaUsed + len + 8; // 8 spare bytes: sameBytes reads whole words
    int newArena = arenaNeed > arena.length ? (int) Math.min(Integer.MAX_VALUE - 8,
        Math.max(2L * arena.length, arenaNeed)) : arena.length;
    if (size == capacity) {
      int grown = grownCapacity(capacity, arenaNeed);
      if (grown <= capacity) {
        return -1;
      }
      grow(grown);
      int mask = slots.length - 1;
      slot = h & mask;
      while (slots[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
    }
    if (newArena > arena.length) {
      long others = arrayBytes(capacity) + objectBytes();
      if (size > 0 && others + newArena > budget) {
        newArena = (int) Math.min(newArena, budget - others); // the most the budget allows
        if (newArena < arenaNeed) {
          return -1;
        }
      }
      arena = Arrays.copyOf(arena, newArena);
    }
    System.arraycopy(key, start, arena, arenaUsed, len);
    int e = size++;
    long[] r = pages[e >>> PAGE_SHIFT];
    int b = (e & PAGE_MASK) * STRIDE;
    r[b + KEY] = ((long) len << 32) | arenaUsed;
    r[b + META] = (long) h << 32; // scale 0
    r[b + COUNT] = 0;
    r[b + SUM] = 0;
    r[b + MIN] = 0;
    r[b + MAX] = 0;
    r[b + SQUARES_HIGH] = 0;
    r[b + SQUARES_LOW] = 0;
    arenaUsed += len;
    slots[slot] = e;
    return e;
  }

  /**
   * @return the capacity to grow to: double, or less when the budget allows less (at most the
   *     current capacity: full)
   */
  private int grownCapacity(int current, int arenaNeed) {
    long fixed = objectBytes() + Math.max(arena.length, arenaNeed);
    int want = (int) Math.min(2L * current, 1 << 28);
    if (fixed + arrayBytes(want) <= budget) {
      return want;
    }
    int lo = current; // fits (current), or full
    int hi = want; // does not fit
    while (hi - lo > 1) {
      int mid = (int) (((long) lo + hi) >>> 1);
      if (fixed + arrayBytes(mid) <= budget) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return pageRounded(lo) <= current ? current : pageRounded(lo);
  }

  /**
   * @return the capacity actually made for a wanted one: itself within the first page, whole
   *     pages beyond it
   */
  private static int pageRounded(int wanted) {
    return wanted <= PAGE_ENTRIES ? wanted : wanted + PAGE_MASK & ~PAGE_MASK;
  }

  /** @return bytes of the record pages and slot array at a capacity */
  private static long arrayBytes(int wanted) {
    int c = pageRounded(wanted);
    return (long) c * ENTRY_BYTES + (long) slotsFor(c) * Integer.BYTES;
  }

  private long objectBytes() {
    return (long) pooled * StatsTable.AGGREGATE_BYTES + (long) objects.length * REFERENCE_BYTES;
  }

  private void grow(int newCapacity) {
    if (capacity < PAGE_ENTRIES) { // the first page grows by copying, up to a whole page
      pages[0] = Arrays.copyOf(pages[0], Math.min(newCapacity, PAGE_ENTRIES) * STRIDE);
    }
    int pageCount = (newCapacity + PAGE_MASK) >>> PAGE_SHIFT;
    if (pageCount > pages.length) {
      int old = pages.length;
      pages = Arrays.copyOf(pages, pageCount);
      for (int p = old; p < pageCount; p++) {
        pages[p] = new long[PAGE_ENTRIES * STRIDE];
      }
    }
    capacity = newCapacity;
    slots = new int[slotsFor(capacity)];
    Arrays.fill(slots, EMPTY);
    int mask = slots.length - 1;
    for (int e = 0; e < size; e++) {
      int i = (int) (pages[e >>> PAGE_SHIFT][(e & PAGE_MASK) * STRIDE + META] >>> 32) & mask;
      while (slots[i] != EMPTY) {
        i = (i + 1) & mask;
      }
      slots[i] = e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @return false when the key had to leave the machine words for an object and that took the table
   *     past its budget (by one aggregate): the caller should empty it
   */
  @Override
  public boolean add(int entry, ParsedDecimal value) {
    long[] r = pages[entry >>> PAGE_SHIFT];
    int b = (entry & PAGE_MASK) * STRIDE;
    long meta = r[b + META];
    int scale = (int) meta;
    if (scale == OBJECT) {
      object(r, b).add(value);
      return true;
    }
    if (value.fitsInLong() && addWords(r, b, meta, scale, value.unscaledLong(), value.scale())) {
      return true;
    }
    toObject(entry).add(value);
    return bytes() <= budget;
  }

  /**
   * Adds {@code u × 10^-vScale} to the words of the record at {@code b}.
   *
   * @return false, with the record unchanged, when the result would leave the machine words
   */
  private static boolean addWords(long[] records, int b, long meta, int scale, long u, int vScale) {
    long count = records[b + COUNT];
    long sum = records[b + SUM];
    long min = records[b + MIN];
    long max = records[b + MAX];
    long sqHigh = records[b + SQUARES_HIGH];
    long sqLow = records[b + SQUARES_LOW];
    if (vScale > scale) { // raise the common scale, as ExactStats.rescaleTo does
      if (count > 0) {
        int shift = vScale - scale;
        if (2 * shift >= Pow10.LONG_POWERS) {
          return false;
        }
        long p = Pow10.LONG[shift];
        long p2 = Pow10.LONG[2 * shift];
        long s = times(sum, p);
        long lo = times(min, p);
        long hi = times(max, p);
        if (s == NO_FIT || lo == NO_FIT || hi == NO_FIT) {
          return false;
        }
        // the non-negative 128-bit sum of squares times p2
        long lowHigh = Math.multiplyHigh(sqLow, p2) + ((sqLow >> 63) & p2); // unsigned high word
        long highLow = sqHigh * p2;
        long newHigh = highLow + lowHigh;
        if (Math.multiplyHigh(sqHigh, p2) != 0 || highLow < 0 || newHigh < 0) {
          return false;
        }
        sum = s;
        min = lo;
        max = hi;
        sqHigh = newHigh;
        sqLow = sqLow * p2;
      }
      scale = vScale;
    } else if (vScale < scale) {
      int shift = scale - vScale;
      if (shift >= Pow10.LONG_POWERS) {
        return false;
      }
      u = times(u, Pow10.LONG[shift]);
      if (u == NO_FIT) {
        return false;
      }
    }
    long newSum = sum + u;
    if (((sum ^ newSum) & (u ^ newSum)) < 0) {
      return false;
    }
    long squareLow = u * u;
    long newLow = sqLow + squareLow;
    long newHigh = sqHigh + Math.multiplyHigh(u, u) + (Long.compareUnsigned(newLow, sqLow) < 0 ? 1 : 0);
    if (newHigh < 0) { // past 2^127 - 1 (both parts are non-negative, so the sum wrapped)
      return false;
    }
    if (count == 0) {
      min = u;
      max = u;
    } else if (u < min) {
      min = u;
    } else if (u > max) {
      max = u;
    }
    records[b + META] = (meta & 0xFFFFFFFF00000000L) | (scale & 0xFFFFFFFFL);
    records[b + COUNT] = count + 1;
    records[b + SUM] = newSum;
    records[b + MIN] = min;
    records[b + MAX] = max;
    records[b + SQUARES_HIGH] = newHigh;
    records[b + SQUARES_LOW] = newLow;
    return true;
  }

  /** Marks a product that does not fit in a long (itself not a possible product of a power of ten). */
  private static final long NO_FIT = Long.MIN_VALUE;

  /** @return {@code x × p} for a power of ten p > 1, or {@link #NO_FIT} when it needs more than 63 bits */
  private static long times(long x, long p) {
    long low = x * p;
    if (Math.multiplyHigh(x, p) != (low >> 63) || low == NO_FIT) {
      return NO_FIT;
    }
    return low;
  }

  /** Moves an entry's words into an aggregate object, which holds the key from now on. */
  private S toObject(int entry) {
    long[] records = pages[entry >>> PAGE_SHIFT];
    int b = (entry & PAGE_MASK) * STRIDE;
    S s;
    if (objectsUsed < pooled) {
      @SuppressWarnings("unchecked")
      S reused = (S) objects[objectsUsed];
      s = reused;
    } else {
      if (objectsUsed == objects.length) {
        objects = Arrays.copyOf(objects, Math.max(8, 2 * objects.length));
      }
      s = factory.get();
      objects[objectsUsed] = s;
      pooled++;
    }
    copyWords(records, b, s);
    records[b + META] = (records[b + META] & 0xFFFFFFFF00000000L) | (OBJECT & 0xFFFFFFFFL);
    records[b + SUM] = objectsUsed++;
    return s;
  }

  private static void copyWords(long[] records, int b, ExactStats target) {
    target.setWords(records[b + COUNT], (int) records[b + META], records[b + SUM],
        records[b + SQUARES_HIGH], records[b + SQUARES_LOW], records[b + MIN], records[b + MAX]);
  }

  @SuppressWarnings("unchecked")
  private S object(long[] records, int b) {
    return (S) objects[(int) records[b + SUM]];
  }

  /**
   * The aggregate of an entry: its object when it left the machine words, otherwise a scratch object
   * filled from them, valid until the next call (do not keep it).
   */
  @Override
  public S stats(int entry) {
    long[] r = pages[entry >>> PAGE_SHIFT];
    int b = (entry & PAGE_MASK) * STRIDE;
    if ((int) r[b + META] == OBJECT) {
      return object(r, b);
    }
    if (scratch == null) {
      scratch = factory.get();
    }
    copyWords(r, b, scratch);
    return scratch;
  }

  /** @return the number of keys whose aggregate left the machine words for an object */
  public int objectCount() {
    return objectsUsed;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int keyBytes() {
    return arenaUsed;
  }

  /**
   * @return the bytes the table holds: its record and slot arrays at their capacity, the key arena,
   *     and {@value StatsTable#AGGREGATE_BYTES} per aggregate object made so far plus their array
   */
  @Override
  public long bytes() {
    return arrayBytes(capacity) + arena.length + objectBytes();
  }

  @Override
  public byte[] keyArena() {
    return arena;
  }

  @Override
  public int keyOffset(int entry) {
    return (int) pages[entry >>> PAGE_SHIFT][(entry & PAGE_MASK) * STRIDE + KEY];
  }

  @Override
  public int keyLength(int entry) {
    return (int) (pages[entry >>> PAGE_SHIFT][(entry & PAGE_MASK) * STRIDE + KEY] >>> 32);
  }

  /** Empties the table and drops what it grew: from here it is as a new table. */
  @Override
  public void restart() {
    pages = new long[][] {new long[INITIAL_CAPACITY * STRIDE]};
    capacity = INITIAL_CAPACITY;
    slots = new int[slotsFor(INITIAL_CAPACITY)];
    Arrays.fill(slots, EMPTY);
    size = 0;
    arena = new byte[1 << 12];
    arenaUsed = 0;
    objects = new Object[0];
    objectsUsed = 0;
    pooled = 0;
  }

  /** Empties the table, keeping its arrays, and as many aggregate objects as the budget allows. */
  @Override
  public void clear() {
    Arrays.fill(slots, EMPTY);
    size = 0;
    arenaUsed = 0;
    objectsUsed = 0;
    long room = budget - arrayBytes(capacity) - arena.length;
    int keep = (int) Math.max(0,
        Math.min(pooled, room / (StatsTable.AGGREGATE_BYTES + REFERENCE_BYTES)));
    if (keep < pooled) {
      objects = Arrays.copyOf(objects, keep);
      pooled = keep;
    }
  }
}
