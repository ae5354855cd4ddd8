package io.squares.bench;

import java.io.IOException;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DoubleWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.util.Tool;

/**
 * The benchmark's baseline: the same aggregation written the way a textbook MapReduce job is —
 * {@code String.split}, one record emitted per value, no combiner, doubles in the reducer (so its
 * variance is E[x²]−mean² in floating point). Kept only to be measured against; never use it.
 */
public class TextbookStats extends Configured implements Tool {

  /** Emits (key, value) for every line. */
  public static class TextbookMapper extends Mapper<LongWritable, Text, Text, DoubleWritable> {
    @Override
    protected void map(LongWritable offset, Text line, Context context)
        throws IOException, InterruptedException {
      String[] fields = line.toString().split(",");
      context.write(new Text(fields[0]), new DoubleWritable(Double.parseDouble(fields[1])));
    }
  }

  /** Count, sum, sum of squares, min, max, mean, variance, stddev in doubles. */
  public static class TextbookReducer extends Reducer<Text, DoubleWritable, Text, Text> {
    @Override
    protected void reduce(Text key, Iterable<DoubleWritable> values, Context context)
        throws IOException, InterruptedException {
      long n = 0;
      double sum = 0;
      double sumSq = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (DoubleWritable v : values) {
        double x = v.get();
        n++;
        sum += x;
        sumSq += x * x;
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      double mean = sum / n;
      double variance = (sumSq / n - mean * mean) * n / (n - 1);
      context.write(key, new Text(n + "\t" + sum + "\t" + sumSq + "\t" + min + "\t" + max + "\t" + mean
          + "\t" + variance + "\t" + Math.sqrt(variance)));
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: squares bench-textbook <input> <output>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "textbook stats");
    job.setJarByClass(TextbookStats.class);
    job.setMapperClass(TextbookMapper.class);
    job.setReducerClass(TextbookReducer.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(DoubleWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(job, new Path(args[0]));
    FileOutputFormat.setOutputPath(job, new Path(args[1]));
    return job.waitForCompletion(false) ? 0 : 6;
  }
}
