package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.core.CompactStatsTable;
import io.squares.core.KeyPrefetcher;
import io.squares.core.ValueRunBuffer;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * {@code stats} map with exact quantiles by runs: per key, the exact aggregate in machine words (a
 * {@link CompactStatsTable}, as plain {@code stats} keeps it) and the key's values in a
 * {@link ValueRunBuffer}, both within one byte budget ({@link #budget}). When the budget is spent,
 * and when the task ends, it emits one record per key: the aggregate and the key's values sorted
 * in memory as a run ({@link QuantileRun}). Hadoop then sorts one record per key and flush, not
 * one per value.
 *
 * <p>The table and the buffer share the budget: the buffer may take what the table's arrays leave,
 * so a split of many keys holds them all, with as many values as fit. Values are held only as far
 * as they pay: {@value #VALUES_PER_KEY} a key, or 32 MiB in all if more ({@link #room}), so a split
 * of a thousand keys takes 32 MiB, not the whole budget. After a flush a table that had grown past
 * half the budget starts small again ({@link CompactStatsTable#restart}), so the values always get
 * at least half of it. Memory depends on the settings and the heap, never on the data; the output
 * does not depend on where the task flushes (exact quantiles merge exactly).
 */
public class RunQuantileMapper extends RecordMapper<Text, QuantileRun> {
  /**
   * Values a flush holds per key at most, unless the floor allows more: beyond it a key's record
   * (its key and aggregate, some 40 bytes) is already shared by values of about a byte or two each.
   */
  static final int VALUES_PER_KEY = 64;
  /** The values' share that is always allowed (within the budget): the old fixed buffer, 32 MiB. */
  static final long VALUES_FLOOR_BYTES = SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT;

  private final Text key = new Text();
  private final QuantileRun part = new QuantileRun();
  private CompactStatsTable<StatsWritable> table;
  private ValueRunBuffer values;
  private long budget;
  private int maxKeys;
  /** Keys in the table at its last flush: the values' room does not shrink below what they needed. */
  private int lastKeys;
  /** The bytes of a new table: one that has not grown is never restarted. */
  private long newTableBytes;
  /** Whether the sort buffer's size is settled (set before the first output, or not ours to set). */
  private boolean sortBufferSized;
  /** Null when the table is not prefetched (no key column, or switched off). */
  private KeyPrefetcher prefetcher;

  @Override
  protected boolean keyed() {
    return true;
  }

  /**
   * The bytes a task's key table and values take together:
   * {@link SquaresConfig#QUANTILES_MAP_BUFFER_BYTES} when set, otherwise the in-mapper table's share
   * of the heap ({@link MapMemory#tableBytes}: {@link SquaresConfig#MAP_TABLE_BYTES} when set, else
   * {@link SquaresConfig#MAP_TABLE_FRACTION} of the heap per map slot), at least one value's worth.
   *
   * @param conf the task's configuration
   * @return the budget in bytes
   */
  static long budget(Configuration conf) {
    if (conf.get(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES) != null) {
      return Math.max(1, conf.getLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES,
          SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT));
    }
    long share = MapMemory.tableBytes(conf);
    // a negative table size turns plain stats' table off; runs need one: the old fixed default
    return share > 0 ? share : SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    Configuration conf = context.getConfiguration();
    budget = budget(conf);
    maxKeys = conf.get(SquaresConfig.MAP_MAX_KEYS) == null
        ? Integer.MAX_VALUE : Math.max(1, conf.getInt(SquaresConfig.MAP_MAX_KEYS, SquaresConfig.MAP_MAX_KEYS_DEFAULT));
    sortBufferSized = !conf.getBoolean(MapMemory.SIZE_SORT_BUFFER, false);
    table = new CompactStatsTable<>(StatsWritable::new, budget);
    newTableBytes = table.bytes();
    values = new ValueRunBuffer(Math.min(budget, VALUES_FLOOR_BYTES));
    values.budget(room());
    if (conf.getBoolean(SquaresConfig.MAP_PREFETCH, SquaresConfig.MAP_PREFETCH_DEFAULT)) {
      prefetcher = extractor().newKeyPrefetcher();
    }
  }

  /** Once the table outgrows the caches, has it fetch the next lines' entries together (as {@link StatsMapper}). */
  @Override
  protected void lookahead(LineBlock block, int from, int to) {
    if (prefetcher == null || table.bytes() < KeyPrefetcher.MIN_TABLE_BYTES) {
      return;
    }
    prefetch(prefetcher, block, from, to, table);
  }

  @Override
  protected void good(RecordExtractor extractor, byte[] line, int start, int end, Context context)
      throws IOException, InterruptedException {
    byte[] kb = groupBytes(extractor);
    int ks = groupStart(extractor);
    int ke = groupEnd(extractor);
    int entry = entry(kb, ks, ke, context);
    if (!values.add(entry, extractor.value())) {
      flush(context);
      entry = entry(kb, ks, ke, context);
      values.add(entry, extractor.value()); // an empty buffer takes any value
    }
    if (!table.add(entry, extractor.value()) || table.size() >= maxKeys) {
      flush(context);
    }
  }

  /** The key's entry, emptying the table first when it is full or a new key leaves no room for values. */
  private int entry(byte[] kb, int ks, int ke, Context context) throws IOException, InterruptedException {
    int before = table.size();
    int entry = table.entryOrFull(kb, ks, ke);
    if (entry < 0) {
      flush(context);
      before = 0;
      entry = table.entryOrFull(kb, ks, ke);
      if (entry < 0) {
        throw new IOException("a key of " + (ke - ks) + " bytes does not fit in an empty table of "
            + budget + " bytes (" + SquaresConfig.QUANTILES_MAP_BUFFER_BYTES + ")");
      }
    }
    if (table.size() != before) { // a new key: the table may have grown, leaving the values less
      long room = room();
      values.budget(room);
      if (values.size() > 0 && values.bytes() > room) {
        flush(context);
        entry = table.entryOrFull(kb, ks, ke);
      }
    }
    return entry;
  }

  /**
   * The values' room: what the table leaves of the budget, but no more than
   * {@value #VALUES_PER_KEY} values a key (of the table's keys, or of the last flush's if more),
   * unless within {@link #VALUES_FLOOR_BYTES}. A few keys need no large buffer: a thousand keys
   * flush 32 MiB of values as a thousand records.
   */
  private long room() {
    return room(budget, table.bytes(), Math.max(table.size(), lastKeys));
  }

  /**
   * @param budget the task's budget
   * @param tableBytes what the table takes of it
   * @param keys the keys the values are for
   * @return the bytes the values may take
   */
  static long room(long budget, long tableBytes, int keys) {
    long byKeys = (long) keys * VALUES_PER_KEY * ValueRunBuffer.LONG_FORM_BYTES;
    return Math.min(budget - tableBytes, Math.max(VALUES_FLOOR_BYTES, byKeys));
  }

  private void flush(Context context) throws IOException, InterruptedException {
    flush(context, true);
  }

  /**
   * Emits the table's keys with their runs and empties it.
   *
   * @param more whether more records may follow (the budget is spent), or this is the task's end
   */
  private void flush(Context context, boolean more) throws IOException, InterruptedException {
    int n = table.size();
    if (n == 0) {
      return;
    }
    if (!sortBufferSized) {
      sizeSortBuffer(context, more, n);
    }
    values.prepare(n);
    byte[] arena = table.keyArena();
    for (int e = 0; e < n; e++) {
      StatsWritable stats = table.stats(e);
      if (stats.count() == 0) {
        continue; // a key added just before the buffer was found full: its value comes after the flush
      }
      key.set(arena, table.keyOffset(e), table.keyLength(e));
      int len = values.writeRun(e);
      part.set(stats, values.run(), len);
      context.write(key, part);
    }
    context.getCounter(SquaresCounter.MAP_TABLE_FLUSHES).increment(1);
    if (table.bytes() > Math.max(budget / 2, newTableBytes)) {
      table.restart(); // the values get at least half the budget after a flush
    } else {
      table.clear();
    }
    lastKeys = n;
    values.budget(room());
    values.clear();
  }

  /**
   * Sets the sort buffer before the task's first output record ({@link DeferredSortBuffer}): when
   * more flushes will follow, the small buffer of a task whose keys overflow its table
   * ({@link MapMemory#spillSortMb}: sorting small spills is cheaper than one large, cache-missing
   * sort, and they merge in one pass); when this flush is the task's whole output, a buffer that
   * holds it ({@link MapMemory#sortMb}), estimated from the keys and values (runs take about 2-4
   * bytes a value; an estimate short of it only spills).
   */
  private void sizeSortBuffer(Context context, boolean more, int keys) {
    sortBufferSized = true;
    Configuration conf = context.getConfiguration();
    long expected = MapMemory.tableOutputBytes(keys, table.keyBytes()) + 4L * values.size();
    conf.setInt(MRJobConfig.IO_SORT_MB, more ? MapMemory.spillSortMb(conf) : MapMemory.sortMb(conf, expected));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context, false);
  }
}
