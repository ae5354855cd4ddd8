package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.AggregateTable;
import io.squares.core.SeededCoins;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

/**
 * {@code stats} map with approximate quantiles: {@link StatsMapper}'s in-mapper combining, with a
 * KLL sketch beside each key's exact aggregate ({@link ApproxTable}, emitted as
 * {@link ApproxStatsWritable}s). A sketch is larger than an
 * exact aggregate (up to a few thousand doubles for k = 200), so the table holds at most as many
 * keys as {@link SquaresConfig#QUANTILES_MAP_BUFFER_BYTES} allows at about 24·k bytes a key (plus
 * its buffer of values not yet in the sketch, {@link ApproxStatsWritable#PENDING_BYTES}).
 *
 * <p>Deterministic: the table's byte budget is a setting ({@link SquaresConfig#MAP_TABLE_BYTES}
 * when set, else {@link SquaresConfig#QUANTILES_MAP_BUFFER_BYTES}), never a share of the heap, so
 * where the table is emitted depends on the split's records and the settings only, not on the JVM
 * or the number of map slots. Each key's sketch is seeded from the key's bytes, this task's index
 * and the table's flush number ({@link SeededCoins#seed}); each output record's key is a
 * {@link SketchOrderKey} carrying the task's index and the record's sequence number, so the
 * reducer merges a key's partial sketches in that fixed order.
 */
public class ApproxQuantileMapper extends StatsMapper {
  private final SketchOrderKey order = new SketchOrderKey();
  private final Text outKey = new Text();
  private int k;
  private int mapIndex;
  private long sequence;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    try {
      k = QuantileOptions.from(context.getConfiguration()).k();
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    mapIndex = context.getTaskAttemptID().getTaskID().getId();
    super.setup(context);
  }

  @Override
  protected int maxKeys(Configuration conf) {
    long budget = conf.getLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES,
        SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT);
    long bySketches = Math.max(1, budget / (24L * k + ApproxStatsWritable.PENDING_BYTES));
    return (int) Math.min(super.maxKeys(conf), bySketches);
  }

  @Override
  protected long tableBytes(Configuration conf) {
    long set = conf.getLong(SquaresConfig.MAP_TABLE_BYTES, 0);
    return set != 0 ? set : conf.getLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES,
        SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT);
  }

  @Override
  protected AggregateTable<StatsWritable> newTable(long bytes) {
    return new ApproxTable(k, bytes);
  }

  @Override
  protected void started(AggregateTable<StatsWritable> table, int entry, byte[] kb, int ks, int ke) {
    long h = SeededCoins.hash(kb, ks, ke - ks);
    ((ApproxTable) table).seed(entry, SeededCoins.seed(h, mapIndex, flushes()));
  }

  @Override
  protected void emit(Context context, Text groupKey, StatsWritable value) throws IOException, InterruptedException {
    order.set(groupKey.getBytes(), 0, groupKey.getLength(), mapIndex, sequence++, outKey);
    context.write(outKey, value);
  }

  @Override
  protected StatsWritable newStats() {
    return new ApproxStatsWritable(k);
  }
}
