package io.squares.job;

import io.squares.mapreduce.SquareMapper;
import java.util.EnumSet;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * {@code squares square}: a map-only job writing the exact square of each record's value, in
 * input order: {@code cat output/part-m-*} gives one square per good input record.
 */
public class SquareTool extends SquaresTool {
  @Override
  protected String name() {
    return "square";
  }

  @Override
  protected String description() {
    return "Map-only: the exact square of each record's value, one per line, in input order"
        + " (cat <output>/part-m-*). Writes _SUMMARY.json, _BAD_RECORDS.tsv when records were"
        + " skipped, and _SUCCESS last.";
  }

  @Override
  protected EnumSet<JobOption> options() {
    return EnumSet.of(JobOption.DELIMITER, JobOption.HEADER, JobOption.MULTILINE, JobOption.VALUE_COLUMN,
        JobOption.KEEP_RECORD, JobOption.BAD_RECORDS, JobOption.MAX_BAD_FRACTION,
        JobOption.MAX_LINE_BYTES, JobOption.RECURSIVE, JobOption.OVERWRITE, JobOption.HELP);
  }

  @Override
  protected boolean keyed() {
    return false;
  }

  @Override
  protected void configure(Job job) {
    job.setNumReduceTasks(0);
    job.setMapperClass(SquareMapper.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(NullWritable.class);
    // The mapper writes its own ordered part file; no default part-m-NNNNN files are created.
    LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
  }
}
