package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * {@code stats} reduce: merges all partial aggregates of a key and writes one line, {@code key
 * count sum sum_of_squares min max mean variance stddev}, tab-separated, the key escaped as
 * {@link StatsLines} writes every key.
 */
public class StatsReducer extends Reducer<Text, StatsWritable, Text, Text> {
  private final StatsWritable merged = new StatsWritable();
  private final StringBuilder line = new StringBuilder(256);
  private final StatsLines lines = new StatsLines();

  @Override
  protected void reduce(Text key, Iterable<StatsWritable> values, Context context)
      throws IOException, InterruptedException {
    merged.reset();
    for (StatsWritable v : values) {
      merged.merge(v);
    }
    line.setLength(0);
    merged.appendFields(line);
    lines.write(context, key, line);
  }
}
