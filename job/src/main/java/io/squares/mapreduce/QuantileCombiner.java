package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Exact quantiles' combiner. It runs with the full sort order as its grouping (Hadoop's default
 * for combiners, set explicitly by the driver), so each call sees equal {@link QuantileKey}s: a
 * group's aggregate records, merged exactly, or the records of one (key, value) pair, whose counts
 * are added. Whether and how often it runs never changes the result.
 */
public class QuantileCombiner extends Reducer<QuantileKey, QuantilePart, QuantileKey, QuantilePart> {
  private final StatsWritable merged = new StatsWritable();
  private final QuantilePart out = new QuantilePart();

  @Override
  protected void reduce(QuantileKey key, Iterable<QuantilePart> values, Context context)
      throws IOException, InterruptedException {
    if (key.isAggregate()) {
      merged.reset();
      for (QuantilePart v : values) {
        merged.merge(v.stats());
      }
      out.setAggregate(merged);
    } else {
      long n = 0;
      for (QuantilePart v : values) {
        n = Math.addExact(n, v.count());
      }
      out.setCount(n);
    }
    context.write(key, out);
  }
}
