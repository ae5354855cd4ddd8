package io.squares.mapreduce;

import io.squares.SquaresException;
import io.squares.core.SeededCoins;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Approximate quantiles' reduce: merges a key's exact aggregates and KLL sketches and writes
 * {@code key count sum sum_of_squares min max mean variance stddev q1 q2 ...}, the exact fields as
 * {@link StatsReducer} writes them, the quantiles as the sketch returns them. Its input keys are
 * {@link SketchOrderKey}s grouped by the group key, so a key's partial sketches arrive sorted by
 * (file, sketch block, sequence in the block) and are merged in that order into a sketch seeded
 * from the key alone: the same output on every run, for any number of reducers and any split
 * layout (the map side's partial sketches depend on the input and settings only).
 */
public class ApproxQuantileReducer extends Reducer<Text, ApproxStatsWritable, Text, Text> {
  /** Mixed into the reducer's seeds so they differ from every map-side seed of the key. */
  private static final long REDUCE_SEED = -1L;
  private final ApproxStatsWritable merged = new ApproxStatsWritable();
  private final Text groupKey = new Text();
  private final StringBuilder line = new StringBuilder(256);
  private final StatsLines lines = new StatsLines();
  private List<BigDecimal> probabilities;

  @Override
  protected void setup(Context context) throws IOException {
    try {
      probabilities = QuantileOptions.from(context.getConfiguration()).probabilities();
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  protected void reduce(Text key, Iterable<ApproxStatsWritable> values, Context context)
      throws IOException, InterruptedException {
    SketchOrderKey.groupKey(key, groupKey); // before iterating: the key then changes with each value
    merged.reset();
    merged.seed(SeededCoins.seed(SeededCoins.hash(groupKey.getBytes(), 0, groupKey.getLength()), REDUCE_SEED, 0));
    for (ApproxStatsWritable v : values) {
      merged.merge(v);
    }
    line.setLength(0);
    merged.appendFields(line);
    merged.appendQuantiles(probabilities, line);
    lines.write(context, groupKey, line);
  }
}
