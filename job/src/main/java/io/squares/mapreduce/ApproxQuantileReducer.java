package io.squares.mapreduce;

import io.squares.SquaresException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Approximate quantiles' reduce: merges a key's exact aggregates and KLL sketches and writes
 * {@code key count sum sum_of_squares min max mean variance stddev q1 q2 ...}, the exact fields as
 * {@link StatsReducer} writes them, the quantiles as the sketch returns them.
 */
public class ApproxQuantileReducer extends Reducer<Text, ApproxStatsWritable, Text, Text> {
  private final ApproxStatsWritable merged = new ApproxStatsWritable();
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
    merged.reset();
    for (ApproxStatsWritable v : values) {
      merged.merge(v);
    }
    line.setLength(0);
    merged.appendFields(line);
    merged.appendQuantiles(probabilities, line);
    lines.write(context, key, line);
  }
}
