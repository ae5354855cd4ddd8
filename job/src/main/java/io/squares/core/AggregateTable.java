package io.squares.core;

/**
 * A map task's per-key exact aggregates, bounded in bytes: what an in-mapper combiner needs. Entries
 * are numbered 0 .. {@link #size()} - 1 in insertion order; keys live in one byte arena.
 * Implemented by {@link StatsTable} (an aggregate object per key) and {@link CompactStatsTable}
 * (machine words per key, an object only for a key whose values leave them).
 *
 * @param <S> the aggregate type handed out by {@link #stats(int)}
 */
public interface AggregateTable<S extends ExactStats> {
  /**
   * Finds a key, or adds it (empty) when it fits in the budget.
   *
   * @param key the key's bytes
   * @param start first byte
   * @param end end, exclusive
   * @return the key's entry, or -1 when the key is new and the table is full (table unchanged)
   */
  int entryOrFull(byte[] key, int start, int end);

  /**
   * A hint that keys of these hashes ({@code StatsTable.hash}) are about to be looked up: a table
   * may read the memory their lookups will touch now, all at once, so the processor waits for those
   * reads together instead of one after another ({@link KeyPrefetcher}). Changes nothing; wrong
   * or stale hashes only waste the reads. Does nothing unless a table implements it.
   *
   * @param hashes the keys' hashes
   * @param count how many of them, from the first
   */
  default void prefetch(int[] hashes, int count) {
  }

  /**
   * Adds one value to an entry's aggregate.
   *
   * @param entry an entry from {@link #entryOrFull}
   * @param value the value
   * @return false when the table now holds more bytes than its budget (it made an object for the
   *     key): the caller should emit and empty it
   */
  boolean add(int entry, ParsedDecimal value);

  /**
   * @param entry an entry index
   * @return the entry's aggregate; may be a scratch object valid until the next call
   */
  S stats(int entry);

  /** @return the number of keys held */
  int size();

  /** @return the bytes of all keys held */
  int keyBytes();

  /** @return the bytes the table holds, as it counts them against its budget */
  long bytes();

  /** @return the arena holding every key's bytes */
  byte[] keyArena();

  /**
   * @param entry an entry index
   * @return where the entry's key starts in {@link #keyArena()}
   */
  int keyOffset(int entry);

  /**
   * @param entry an entry index
   * @return the length of the entry's key
   */
  int keyLength(int entry);

  /** Empties the table, keeping its memory for reuse. */
  void clear();

  /**
   * Empties the table and forgets how it grew: from here it refuses a new key exactly where a new
   * table would, whatever it held before (approximate quantiles restart it at each sketch block, so
   * that where a block's table fills depends on the block's records only).
   */
  void restart();
}
