package io.squares.core;

/**
 * Looks ahead at the next records' keys so that an {@link AggregateTable} can fetch their entries
 * from memory together ({@link AggregateTable#prefetch}) before they are looked up one by one.
 *
 * <p>Why: once a map task's table outgrows the processor caches (a few MiB: hundreds of thousands of
 * keys), each lookup waits on three cache misses in a row (slot, record, key bytes), and on this
 * project's 2-core machine a dependent miss costs 200-500 ns while independent ones overlap. A
 * lookup that took ~700 ns then takes a fraction of it; a small table, which the caches hold, is
 * never prefetched, so its lookups cost nothing more.
 *
 * <p>It finds a line's key the cheap way: the field {@code keyIndex} of a plain delimited line,
 * trimmed of blanks as {@link DelimitedLineParser} trims an unquoted field. A line with a quote before
 * its key ends, or too few fields, is skipped. The result is only a hint: the table is never written,
 * the records are then parsed and looked up exactly as without it, so a wrong or skipped key costs a
 * few wasted reads, never a different result. Not thread-safe; one per task.
 */
public final class KeyPrefetcher {
  /** Records looked ahead at once: their reads (~4 cache lines each) fit the L1 data cache. */
  public static final int WINDOW = 64;
  /** A table smaller than this stays in the caches: looking ahead would only cost time. */
  public static final long MIN_TABLE_BYTES = 1L << 20;

  private final byte delimiter;
  private final boolean spaceIsBlank;
  private final boolean tabIsBlank;
  private final int keyIndex;
  private final int[] hashes = new int[WINDOW];
  private int count;

  /**
   * @param delimiter the field delimiter
   * @param keyIndex the key's field index (0-based)
   */
  public KeyPrefetcher(byte delimiter, int keyIndex) {
    if (keyIndex < 0) {
      throw new IllegalArgumentException("key index " + keyIndex);
    }
    this.delimiter = delimiter;
    this.spaceIsBlank = delimiter != ' ';
    this.tabIsBlank = delimiter != '\t';
    this.keyIndex = keyIndex;
  }

  /**
   * Notes the key of one line, when it can be found cheaply, for the next {@link #prefetch}; at most
   * {@link #WINDOW} lines between two calls of it are noted.
   *
   * @param b the line's bytes
   * @param start first byte
   * @param end end, exclusive
   * @return whether its key was noted
   */
  public boolean add(byte[] b, int start, int end) {
    if (count == WINDOW) {
      return false;
    }
    int fieldStart = start;
    int field = 0;
    int i = start;
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '"') {
        return false; // quoted: leave it to the parser
      }
      if (c == delimiter) {
        if (field == keyIndex) {
          break;
        }
        field++;
        fieldStart = i + 1;
      }
    }
    if (field != keyIndex) {
      return false;
    }
    int s = fieldStart;
    int e = i;
    while (s < e && isBlank(b[s])) {
      s++;
    }
    while (e > s && isBlank(b[e - 1])) {
      e--;
    }
    hashes[count++] = StatsTable.hash(b, s, e);
    return true;
  }

  private boolean isBlank(byte c) {
    return (c == ' ' && spaceIsBlank) || (c == '\t' && tabIsBlank);
  }

  /** @return how many keys are noted for the next {@link #prefetch} */
  public int pending() {
    return count;
  }

  /**
   * Hands the noted keys' hashes to the table and forgets them.
   *
   * @param table the table about to be looked up
   */
  public void prefetch(AggregateTable<?> table) {
    if (count > 0) {
      table.prefetch(hashes, count);
      count = 0;
    }
  }

  /** @return the hash noted at position {@code i} (for tests) */
  int hash(int i) {
    return hashes[i];
  }
}
