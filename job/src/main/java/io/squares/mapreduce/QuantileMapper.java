package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.core.CountTable;
import io.squares.core.OrderedDecimal;
import io.squares.core.ParsedDecimal;
import io.squares.core.StatsTable;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code stats} map with exact quantiles: besides the per-key exact aggregates (as
 * {@link StatsMapper} combines them in-mapper), it counts each distinct (key, value) pair in a
 * {@link CountTable} bounded by {@link SquaresConfig#QUANTILES_MAP_BUFFER_BYTES}, and emits both
 * when either table is full and when the task ends: one aggregate record per key and one
 * (key, value) record with its count per distinct pair ({@link QuantileKey}, {@link QuantilePart}).
 * Memory depends on the settings, never on the data; with
 * {@link SquaresConfig#MAP_MAX_KEYS} set to 0 every record is emitted at once.
 */
public class QuantileMapper extends RecordMapper<QuantileKey, QuantilePart> {

  private final StatsTable<StatsWritable> aggregates = new StatsTable<>(StatsWritable::new);
  private final QuantileKey key = new QuantileKey();
  private final QuantilePart part = new QuantilePart();
  private final byte[] encoded = new byte[OrderedDecimal.MAX_PARSED_LENGTH];
  private byte[] scratch = new byte[256];
  private CountTable runs;
  private int maxKeys;

  @Override
  protected boolean keyed() {
    return true;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    maxKeys = context.getConfiguration().getInt(SquaresConfig.MAP_MAX_KEYS, SquaresConfig.MAP_MAX_KEYS_DEFAULT);
    runs = new CountTable(context.getConfiguration().getLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES,
        SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT));
  }

  @Override
  protected void good(RecordExtractor extractor, byte[] line, int start, int end, Context context)
      throws IOException, InterruptedException {
    byte[] k = groupBytes(extractor);
    int ks = groupStart(extractor);
    int ke = groupEnd(extractor);
    ParsedDecimal v = extractor.value();
    aggregates.get(k, ks, ke).add(v);
    int vlen = OrderedDecimal.encode(v, encoded, 0);
    int need = QuantileKey.maxSerializedLength(ke - ks, vlen);
    if (scratch.length < need) {
      scratch = Arrays.copyOf(scratch, Math.max(need, 2 * scratch.length));
    }
    int n = QuantileKey.serialize(k, ks, ke - ks, encoded, 0, vlen, scratch, 0);
    if (!runs.increment(scratch, 0, n, 1)) {
      flush(context);
      runs.increment(scratch, 0, n, 1);
    }
    if (maxKeys <= 0 || aggregates.size() >= maxKeys) {
      flush(context);
    }
  }

  private void flush(Context context) throws IOException, InterruptedException {
    byte[] arena = aggregates.keyArena();
    for (int e = 0; e < aggregates.size(); e++) {
      key.setAggregate(arena, aggregates.keyOffset(e), aggregates.keyLength(e));
      part.setAggregate(aggregates.stats(e));
      context.write(key, part);
    }
    byte[] bytes = runs.arena();
    for (int e = 0; e < runs.size(); e++) {
      key.setSerialized(bytes, runs.offset(e), runs.length(e));
      part.setCount(runs.count(e));
      context.write(key, part);
    }
    if (aggregates.size() > 0 || runs.size() > 0) {
      context.getCounter(SquaresCounter.MAP_TABLE_FLUSHES).increment(1);
    }
    aggregates.clear();
    runs.clear();
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context);
  }
}
