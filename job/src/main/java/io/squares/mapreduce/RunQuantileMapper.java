package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.core.ParsedDecimal;
import io.squares.core.StatsTable;
import io.squares.core.ValueRunBuffer;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.io.Text;

/**
 * {@code stats} map with exact quantiles by runs: per key, the exact aggregate (as
 * {@link StatsMapper} combines it in-mapper) and the key's values in a {@link ValueRunBuffer}
 * bounded by {@link SquaresConfig#QUANTILES_MAP_BUFFER_BYTES}. When the buffer or the table is
 * full, and when the task ends, it emits one record per key: the aggregate and the key's values
 * sorted in memory as a run ({@link QuantileRun}). Hadoop then sorts one record per key and
 * flush, not one per value. Memory depends on the settings, never on the data.
 */
public class RunQuantileMapper extends RecordMapper<Text, QuantileRun> {
  private static final byte[] ALL = SquaresConfig.ALL_KEY.getBytes(StandardCharsets.UTF_8);

  private final StatsTable<IndexedStats> aggregates = new StatsTable<>(IndexedStats::new);
  private final Text key = new Text();
  private final QuantileRun part = new QuantileRun();
  private ValueRunBuffer values;
  private int maxKeys;

  /** An aggregate that knows its entry's index in the table (its key's index in the buffer). */
  static final class IndexedStats extends StatsWritable {
    int index;
  }

  @Override
  protected boolean keyed() {
    return true;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    maxKeys = Math.max(1, context.getConfiguration().getInt(SquaresConfig.MAP_MAX_KEYS,
        SquaresConfig.MAP_MAX_KEYS_DEFAULT));
    values = new ValueRunBuffer(context.getConfiguration().getLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES,
        SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT));
  }

  @Override
  protected void good(RecordExtractor extractor, byte[] line, int start, int end, Context context)
      throws IOException, InterruptedException {
    ParsedDecimal v = extractor.value();
    IndexedStats stats = stats(extractor);
    if (!values.add(stats.index, v)) {
      flush(context);
      stats = stats(extractor);
      values.add(stats.index, v);
    }
    stats.add(v);
    if (aggregates.size() >= maxKeys) {
      flush(context);
    }
  }

  private IndexedStats stats(RecordExtractor extractor) {
    IndexedStats s = extractor.hasKey()
        ? aggregates.get(extractor.keyBuffer(), extractor.keyStart(), extractor.keyEnd())
        : aggregates.get(ALL, 0, ALL.length);
    if (s.count() == 0) {
      s.index = aggregates.size() - 1; // just added: entries are numbered in insertion order
    }
    return s;
  }

  private void flush(Context context) throws IOException, InterruptedException {
    int n = aggregates.size();
    if (n == 0) {
      return;
    }
    values.prepare(n);
    byte[] arena = aggregates.keyArena();
    for (int e = 0; e < n; e++) {
      if (aggregates.stats(e).count() == 0) {
        continue; // a key added just before the buffer was found full: its value comes after the flush
      }
      key.set(arena, aggregates.keyOffset(e), aggregates.keyLength(e));
      int len = values.writeRun(e);
      part.set(aggregates.stats(e), values.run(), len);
      context.write(key, part);
    }
    context.getCounter(SquaresCounter.MAP_TABLE_FLUSHES).increment(1);
    aggregates.clear();
    values.clear();
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context);
  }
}
