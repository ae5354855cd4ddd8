package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.core.AggregateTable;
import io.squares.core.CompactStatsTable;
import io.squares.core.KeyOrder;
import io.squares.core.KeyPrefetcher;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.lib.partition.HashPartitioner;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * {@code stats} map with in-mapper combining: good records are merged into a per-task table of
 * exact aggregates bounded in bytes ({@link MapMemory#tableBytes}), emitted when the task ends or
 * when the table is full, so memory depends on settings, never on the data. Plain exact aggregates
 * live in a {@link CompactStatsTable} (machine words per key, ~4x the keys of an object per key);
 * a subclass whose aggregate carries more than the exact fields (e.g. a sketch) supplies its own
 * table ({@link #newTable}).
 *
 * <p>When the table fills, the task looks at how many of the records since it was last emptied
 * found their key already in it. At or above {@link SquaresConfig#MAP_BYPASS_BELOW_HIT_RATE} keys
 * repeat: the table is emitted and combining goes on. Below it distinct keys dominate and combining
 * saves little output for its cost: the table is emitted and the next records (a multiple of those
 * that filled it) go straight to the map output as one-value aggregates, then the table is tried
 * again, so a change in the data (sorted or clustered keys) is noticed.
 *
 * <p>With {@code squares.stats.map.max-keys} 0 or a negative table size it emits one partial
 * aggregate per record and leaves merging to the combiner. Whatever happens, the result is
 * identical: aggregates merge exactly.
 *
 * <p>With {@link DeferredSortBuffer} as the map output collector, the task also sizes its sort
 * buffer before its first output record ({@link MapMemory#sortMb}). With {@link PresortedSorter} as
 * the job's sort ({@code map.sort.class}), a table that held all the task's keys leaves in the sort's
 * order (partition, then key bytes: {@link KeyOrder}), so that its spill is not sorted again.
 */
public class StatsMapper extends RecordMapper<Text, StatsWritable> {
  /** A table of fewer keys leaves in table order: its sort costs next to nothing. */
  static final int PRESORT_MIN_KEYS = 4096;

  private final Text key = new Text(SquaresConfig.ALL_KEY);
  private AggregateTable<StatsWritable> table;
  private StatsWritable single;
  private int maxKeys;
  private double bypassBelow;
  private int bypassFactor;
  /** Records merged into the table since it was last emptied, and how many found their key. */
  private long tableRecords;
  private long tableHits;
  /** Records still to stream straight to the output before trying the table again. */
  private long bypassLeft;
  private boolean sortBufferSized;
  private Counter bypassed;
  /** Times the table was emitted (non-empty) so far. */
  private long flushes;
  /** Null when the table is not prefetched (no key column, no table, or switched off). */
  private KeyPrefetcher prefetcher;
  private long prefetched;
  /** Whether the job sorts with {@link PresortedSorter}: a task's only table then leaves in its order. */
  private boolean presort;
  /** The job's partitioner, when tables leave in the sort's order to several reducers; else null. */
  private Partitioner<Text, StatsWritable> partitioner;
  private int reduces;

  @Override
  protected boolean keyed() {
    return true;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    Configuration conf = context.getConfiguration();
    maxKeys = maxKeys(conf);
    long bytes = tableBytes(conf);
    if (bytes < 0) {
      maxKeys = 0;
    }
    table = newTable(Math.max(bytes, 0));
    bypassBelow = conf.getFloat(SquaresConfig.MAP_BYPASS_BELOW_HIT_RATE,
        SquaresConfig.MAP_BYPASS_BELOW_HIT_RATE_DEFAULT);
    bypassFactor = Math.max(0, conf.getInt(SquaresConfig.MAP_BYPASS_RECORDS_FACTOR,
        SquaresConfig.MAP_BYPASS_RECORDS_FACTOR_DEFAULT));
    single = newStats();
    bypassed = context.getCounter(SquaresCounter.MAP_BYPASSED_RECORDS);
    sortBufferSized = !conf.getBoolean(MapMemory.SIZE_SORT_BUFFER, false);
    // Only the compact table prefetches: the approximate table's bytes are mostly sketches, so its
    // size says nothing of whether its index has outgrown the caches, and it ignores the hint.
    if (maxKeys > 0 && table instanceof CompactStatsTable
        && conf.getBoolean(SquaresConfig.MAP_PREFETCH, SquaresConfig.MAP_PREFETCH_DEFAULT)) {
      prefetcher = extractor().newKeyPrefetcher();
    }
    reduces = context.getNumReduceTasks();
    if (PresortedSorter.class.getName().equals(conf.get(MRJobConfig.MAP_SORT_CLASS)) && reduces > 0) {
      partitioner = reduces == 1 ? null : partitioner(conf);
      presort = true;
    }
  }

  /** @return the job's partitioner, as the map task makes it (the job's class, else HashPartitioner) */
  @SuppressWarnings("unchecked")
  private static Partitioner<Text, StatsWritable> partitioner(Configuration conf) {
    return ReflectionUtils.newInstance(conf.getClass(MRJobConfig.PARTITIONER_CLASS_ATTR, HashPartitioner.class,
        Partitioner.class), conf);
  }

  /**
   * Once the table outgrows the caches ({@link KeyPrefetcher#MIN_TABLE_BYTES}), and while records go
   * to it (not bypassing it), has it fetch the next lines' entries together.
   */
  @Override
  protected void lookahead(LineBlock block, int from, int to) {
    if (prefetcher == null || bypassLeft > 0 || table.bytes() < KeyPrefetcher.MIN_TABLE_BYTES) {
      return;
    }
    prefetched += prefetch(prefetcher, block, from, to, table);
  }

  /** @return how many keys this task handed its table to prefetch (for tests) */
  long prefetched() {
    return prefetched;
  }

  /**
   * @param conf the job configuration
   * @return the table's byte budget ({@link MapMemory#tableBytes}: a share of the heap unless set)
   */
  protected long tableBytes(Configuration conf) {
    return MapMemory.tableBytes(conf);
  }

  /**
   * @param bytes the table's byte budget
   * @return the task's table: machine words per key ({@link CompactStatsTable}), which hold plain
   *     aggregates only; a subclass whose {@link #newStats()} carries more overrides this too
   *     ({@link ApproxQuantileMapper}: {@link ApproxTable})
   */
  protected AggregateTable<StatsWritable> newTable(long bytes) {
    return new CompactStatsTable<>(this::newStats, bytes);
  }

  /**
   * @param conf the job configuration
   * @return how many keys the in-mapper table holds before it is emitted (0: none), from the
   *     deprecated {@code squares.stats.map.max-keys}; unset, no key limit (the byte budget bounds it)
   */
  protected int maxKeys(Configuration conf) {
    return conf.get(SquaresConfig.MAP_MAX_KEYS) == null
        ? Integer.MAX_VALUE : conf.getInt(SquaresConfig.MAP_MAX_KEYS, SquaresConfig.MAP_MAX_KEYS_DEFAULT);
  }

  /**
   * Called when a key enters the table, before its first value is added (its aggregate is empty).
   * Does nothing here, at no cost per key; a subclass reads the aggregate with
   * {@code table.stats(entry)}: the table's own object for a subclass of {@link StatsWritable} (an
   * object per key), a scratch copy for plain aggregates (machine words per key).
   *
   * @param table the table
   * @param entry the key's entry in it
   * @param kb the key's bytes
   * @param ks where they start
   * @param ke where they end
   */
  protected void started(AggregateTable<StatsWritable> table, int entry, byte[] kb, int ks, int ke) {
  }

  /** @return how many times the table was emitted since the task or the last {@link #restart} began */
  protected final long flushes() {
    return flushes;
  }

  /**
   * Emits and empties the table and starts over as if the task began here: the table's grown
   * memory, the hit rate, any bypass and {@link #flushes()} are reset, so what follows is combined
   * exactly as in a task whose split starts here.
   *
   * @param context the task context
   * @throws IOException when output fails
   * @throws InterruptedException when interrupted
   */
  protected final void restart(Context context) throws IOException, InterruptedException {
    flush(context, true);
    table.restart();
    bypassLeft = 0;
    flushes = 0;
  }

  /**
   * Writes one map output record; subclasses may write another key for it.
   *
   * @param context the task context
   * @param groupKey the group key
   * @param value the aggregate
   * @throws IOException when output fails
   * @throws InterruptedException when interrupted
   */
  protected void emit(Context context, Text groupKey, StatsWritable value) throws IOException, InterruptedException {
    context.write(groupKey, value);
  }

  /** @return a new, empty aggregate (called after {@link #setup}, as keys are first seen) */
  protected StatsWritable newStats() {
    return new StatsWritable();
  }

  @Override
  protected void good(RecordExtractor extractor, byte[] line, int start, int end, Context context)
      throws IOException, InterruptedException {
    byte[] kb = groupBytes(extractor);
    int ks = groupStart(extractor);
    int ke = groupEnd(extractor);
    if (maxKeys <= 0 || bypassLeft > 0) {
      if (bypassLeft > 0) {
        bypassLeft--;
        bypassed.increment(1);
      }
      key.set(kb, ks, ke - ks);
      single.reset();
      single.add(extractor.value());
      write(context, single);
      return;
    }
    int before = table.size();
    int entry = table.entryOrFull(kb, ks, ke);
    if (entry < 0) { // full: emit, and stop combining for a while unless keys repeat
      boolean repeating = tableHits >= bypassBelow * tableRecords;
      long filledBy = tableRecords;
      flush(context, true);
      if (!repeating) {
        bypassLeft = filledBy * bypassFactor;
      }
      good(extractor, line, start, end, context);
      return;
    }
    tableRecords++;
    if (table.size() == before) {
      tableHits++;
    } else {
      started(table, entry, kb, ks, ke);
    }
    if (!table.add(entry, extractor.value()) || table.size() >= maxKeys) {
      flush(context, true);
    }
  }

  private void write(Context context, StatsWritable value) throws IOException, InterruptedException {
    if (!sortBufferSized) {
      sizeSortBuffer(context, true);
    }
    emit(context, key, value);
  }

  /**
   * Sets this task's sort buffer size before its first output record (read by
   * {@link DeferredSortBuffer} when it allocates the buffer).
   *
   * @param overflowed whether the records do not all fit in the table (output about as large as
   *     the split), or the output is just the table's contents
   */
  private void sizeSortBuffer(Context context, boolean overflowed) {
    sortBufferSized = true;
    Configuration conf = context.getConfiguration();
    conf.setInt(MRJobConfig.IO_SORT_MB, sortBufferMb(conf, overflowed, table));
  }

  /**
   * The sort buffer of this task (with {@link DeferredSortBuffer}), chosen before its first output
   * record: the small overflow buffer when its keys overflow the table ({@link MapMemory#spillSortMb}),
   * else one that holds the table's contents ({@link MapMemory#sortMb}).
   *
   * @param conf the task's configuration
   * @param overflowed whether the records do not all fit in the table (output about as large as
   *     the split), or the output is just the table's contents
   * @param table the table about to be emitted
   * @return the buffer in MiB
   */
  protected int sortBufferMb(Configuration conf, boolean overflowed, AggregateTable<StatsWritable> table) {
    return overflowed ? MapMemory.spillSortMb(conf)
        : MapMemory.sortMb(conf, MapMemory.tableOutputBytes(table.size(), table.keyBytes()));
  }

  /** Emits the table and empties it; {@code overflowed}: more records may follow (not the end). */
  private void flush(Context context, boolean overflowed) throws IOException, InterruptedException {
    if (!sortBufferSized) {
      sizeSortBuffer(context, overflowed);
    }
    if (presort && !overflowed && flushes == 0 && table.size() >= PRESORT_MIN_KEYS) {
      emitInSortOrder(context);
    } else {
      byte[] arena = table.keyArena();
      for (int e = 0; e < table.size(); e++) {
        key.set(arena, table.keyOffset(e), table.keyLength(e));
        write(context, table.stats(e));
      }
    }
    if (table.size() > 0) {
      context.getCounter(SquaresCounter.MAP_TABLE_FLUSHES).increment(1);
      flushes++;
    }
    table.clear();
    tableRecords = 0;
    tableHits = 0;
  }

  /**
   * Writes the table's keys in the order the map-side sort puts them (partition, then key bytes),
   * so that {@link PresortedSorter} finds the spill in order and skips its quicksort. Used for the
   * task's only table, which its sort buffer was sized to hold ({@link #sortBufferMb}).
   */
  private void emitInSortOrder(Context context) throws IOException, InterruptedException {
    int n = table.size();
    byte[] arena = table.keyArena();
    int[] offsets = new int[n];
    int[] lengths = new int[n];
    int[] partitions = new int[n];
    for (int e = 0; e < n; e++) {
      offsets[e] = table.keyOffset(e);
      lengths[e] = table.keyLength(e);
      if (partitioner != null) {
        key.set(arena, offsets[e], lengths[e]);
        partitions[e] = partitioner.getPartition(key, table.stats(e), reduces);
      }
    }
    for (int e : KeyOrder.sort(arena, offsets, lengths, partitions)) {
      key.set(arena, offsets[e], lengths[e]);
      write(context, table.stats(e));
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context, false);
  }
}
