package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.core.StatsTable;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

/**
 * {@code stats} map with in-mapper combining: good records are merged into a bounded per-task
 * table of exact aggregates ({@link StatsTable}), emitted when the task ends or when the table holds
 * {@value SquaresConfig#MAP_MAX_KEYS_DEFAULT} keys (configurable), so memory depends on the number
 * of distinct keys, never on the number of records. With the limit set to 0 it emits one partial
 * aggregate per record and leaves merging to the combiner. Either way the result is identical.
 */
public class StatsMapper extends RecordMapper<Text, StatsWritable> {
  private static final byte[] ALL = SquaresConfig.ALL_KEY.getBytes(StandardCharsets.UTF_8);

  private final Text key = new Text(SquaresConfig.ALL_KEY);
  private final StatsTable<StatsWritable> table = new StatsTable<>(this::newStats);
  private StatsWritable single;
  private int maxKeys;

  @Override
  protected boolean keyed() {
    return true;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    maxKeys = maxKeys(context.getConfiguration());
    single = newStats();
  }

  /**
   * @param conf the job configuration
   * @return how many keys the in-mapper table holds before it is emitted (0: none)
   */
  protected int maxKeys(Configuration conf) {
    return conf.getInt(SquaresConfig.MAP_MAX_KEYS, SquaresConfig.MAP_MAX_KEYS_DEFAULT);
  }

  /** @return a new, empty aggregate (called after {@link #setup}, as keys are first seen) */
  protected StatsWritable newStats() {
    return new StatsWritable();
  }

  @Override
  protected void good(RecordExtractor extractor, byte[] line, int start, int end, Context context)
      throws IOException, InterruptedException {
    if (maxKeys <= 0) {
      if (extractor.hasKey()) {
        key.set(extractor.keyBuffer(), extractor.keyStart(), extractor.keyEnd() - extractor.keyStart());
      }
      single.reset();
      single.add(extractor.value());
      context.write(key, single);
      return;
    }
    StatsWritable stats = extractor.hasKey()
        ? table.get(extractor.keyBuffer(), extractor.keyStart(), extractor.keyEnd())
        : table.get(ALL, 0, ALL.length);
    stats.add(extractor.value());
    if (table.size() >= maxKeys) {
      flush(context);
    }
  }

  private void flush(Context context) throws IOException, InterruptedException {
    byte[] arena = table.keyArena();
    for (int e = 0; e < table.size(); e++) {
      key.set(arena, table.keyOffset(e), table.keyLength(e));
      context.write(key, table.stats(e));
    }
    if (table.size() > 0) {
      context.getCounter(SquaresCounter.MAP_TABLE_FLUSHES).increment(1);
    }
    table.clear();
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context);
  }
}
