package io.squares.job;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.mapreduce.StatsCombiner;
import io.squares.mapreduce.StatsMapper;
import io.squares.mapreduce.StatsReducer;
import io.squares.mapreduce.StatsWritable;
import java.util.EnumSet;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * {@code squares stats}: per key, exact count, sum, sum of squares, min and max, and mean, sample
 * variance and stddev computed from the exact sums.
 */
public class StatsTool extends SquaresTool {
  @Override
  protected String name() {
    return "stats";
  }

  @Override
  protected String description() {
    return "Per key: count, sum, sum of squares, min, max, mean, variance and stddev (sample, n-1)."
        + " Writes part-r-* lines 'key count sum sum_of_squares min max mean variance stddev'"
        + " (tab-separated, keys sorted within each part, \\N where undefined), _SUMMARY.json,"
        + " _BAD_RECORDS.tsv when records were skipped, and _SUCCESS last.";
  }

  @Override
  protected EnumSet<JobOption> options() {
    return EnumSet.complementOf(EnumSet.of(JobOption.KEEP_RECORD));
  }

  @Override
  protected boolean keyed() {
    return true;
  }

  @Override
  protected void configure(Job job) throws SquaresException {
    String reducers = job.getConfiguration().getTrimmed("mapreduce.job.reduces", "1");
    int n;
    try {
      n = Integer.parseInt(reducers);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw SquaresException.usage("--reducers " + reducers + ": use a whole number of 1 or more");
    }
    job.setNumReduceTasks(n);
    job.setMapperClass(job.getConfiguration().getClass(SquaresConfig.STATS_MAPPER, StatsMapper.class,
        StatsMapper.class));
    if (job.getConfiguration().getBoolean(SquaresConfig.COMBINER, SquaresConfig.COMBINER_DEFAULT)) {
      job.setCombinerClass(StatsCombiner.class);
    }
    job.setReducerClass(StatsReducer.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(StatsWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(TextOutputFormat.class);
  }
}
