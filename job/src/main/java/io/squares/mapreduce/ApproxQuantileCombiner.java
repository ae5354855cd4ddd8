package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Approximate quantiles' combiner: merges exact aggregates and KLL sketches of one key. */
public class ApproxQuantileCombiner extends Reducer<Text, ApproxStatsWritable, Text, ApproxStatsWritable> {
  private final ApproxStatsWritable merged = new ApproxStatsWritable();

  @Override
  protected void reduce(Text key, Iterable<ApproxStatsWritable> values, Context context)
      throws IOException, InterruptedException {
    merged.reset();
    for (ApproxStatsWritable v : values) {
      merged.merge(v);
    }
    context.write(key, merged);
  }
}
