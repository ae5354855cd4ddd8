package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code stats} map with approximate quantiles: {@link StatsMapper}'s in-mapper combining, with a
 * KLL sketch in each key's aggregate ({@link ApproxStatsWritable}). A sketch is larger than an
 * exact aggregate (up to a few thousand doubles for k = 200), so the table holds at most as many
 * keys as {@link SquaresConfig#QUANTILES_MAP_BUFFER_BYTES} allows at about 24·k bytes a key (plus
 * its buffer of values not yet in the sketch, {@link ApproxStatsWritable#PENDING_BYTES}).
 */
public class ApproxQuantileMapper extends StatsMapper {
  private int k;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    try {
      k = QuantileOptions.from(context.getConfiguration()).k();
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
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
  protected StatsWritable newStats() {
    return new ApproxStatsWritable(k);
  }
}
