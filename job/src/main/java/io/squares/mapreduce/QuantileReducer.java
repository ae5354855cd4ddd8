package io.squares.mapreduce;

import io.squares.SquaresException;
import io.squares.core.QuantileSelection;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Exact quantiles' reduce. Grouped by key ({@link QuantileKey.GroupComparator}) and sorted by
 * (key, value), each call sees the group's aggregate records first, which give its count, then its
 * distinct values in ascending order with their counts (Hadoop updates the key as the values are
 * iterated). A {@link QuantileSelection} keeps only the values at the ranks the quantiles need, at
 * most two per quantile, and the rest of the group is skipped once they are found. Writes
 * {@code key count sum sum_of_squares min max mean variance stddev q1 q2 ...}.
 */
public class QuantileReducer extends Reducer<QuantileKey, QuantilePart, Text, Text> {
  private final StatsWritable merged = new StatsWritable();
  private final StringBuilder line = new StringBuilder(256);
  private final Text groupKey = new Text();
  private final StatsLines lines = new StatsLines();
  private QuantileSelection selection;

  @Override
  protected void setup(Context context) throws IOException {
    try {
      selection = new QuantileSelection(QuantileOptions.from(context.getConfiguration()).probabilities());
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  protected void reduce(QuantileKey key, Iterable<QuantilePart> values, Context context)
      throws IOException, InterruptedException {
    key.getKey(groupKey); // before iterating: the key object then changes with each value
    merged.reset();
    boolean started = false;
    long seen = 0;
    for (QuantilePart v : values) {
      if (v.isAggregate()) {
        if (started) {
          throw new IOException("aggregate record after the values of " + groupKey);
        }
        merged.merge(v.stats());
        continue;
      }
      if (!started) {
        selection.start(merged.count());
        started = true;
      }
      long n = v.count();
      if (selection.wants(seen, n)) {
        selection.accept(seen, n, key.value());
      }
      seen += n;
      if (selection.done()) {
        break; // Hadoop skips the group's remaining values
      }
    }
    if (!started) {
      selection.start(merged.count());
    }
    if (!selection.done()) {
      throw new IOException("values of " + groupKey + " end at rank " + seen + " of " + merged.count());
    }
    line.setLength(0);
    merged.appendFields(line);
    selection.appendFields(line);
    lines.write(context, groupKey, line);
  }
}
