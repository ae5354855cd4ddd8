package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * {@code stats} combiner: merges partial aggregates of one key exactly, so whether and how often
 * Hadoop runs it never changes the result.
 */
public class StatsCombiner extends Reducer<Text, StatsWritable, Text, StatsWritable> {
  private final StatsWritable merged = new StatsWritable();

  @Override
  protected void reduce(Text key, Iterable<StatsWritable> values, Context context)
      throws IOException, InterruptedException {
    merged.reset();
    for (StatsWritable v : values) {
      merged.merge(v);
    }
    context.write(key, merged);
  }
}
