package io.squares.mapreduce;

import io.squares.SquaresConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Text input read as {@link LineBlock}s (uncompressed and gzip files by {@link RawLineBlockReader},
 * bzip2 files and custom record delimiters by {@link LineBlockRecordReader}; both bound the memory
 * a long line takes by {@code squares.max-line-bytes}), with splits that carry
 * their ordinal in input order ({@link OrderedFileSplit}). Splittability follows
 * {@code TextInputFormat}: plain and bzip2 files split, gzip files do not. The driver sets the input
 * paths to the expanded, ordered list of files.
 *
 * <p>With {@link SquaresConfig#MULTILINE} ({@code --multiline}) no file is split: each is read
 * whole, compressed or not, by a {@link MultilineBlockReader}, since a record's end can only be
 * found by reading the file from its start ({@code textinputformat.record.delimiter} is then not
 * used).
 */
public class LineBlockInputFormat extends FileInputFormat<LongWritable, LineBlock> {

  @Override
  public RecordReader<LongWritable, LineBlock> createRecordReader(InputSplit split,
      TaskAttemptContext context) {
    return new FailureNotingReader(reader(split, context));
  }

  private static RecordReader<LongWritable, LineBlock> reader(InputSplit split, TaskAttemptContext context) {
    if (multiline(context)) {
      return new MultilineBlockReader();
    }
    String delimiter = context.getConfiguration().get("textinputformat.record.delimiter");
    boolean splittableCodec = split instanceof FileSplit fs
        && new CompressionCodecFactory(context.getConfiguration()).getCodec(fs.getPath())
            instanceof SplittableCompressionCodec;
    if (delimiter == null && !splittableCodec) {
      return new RawLineBlockReader();
    }
    return new LineBlockRecordReader(delimiter == null ? null : delimiter.getBytes(StandardCharsets.UTF_8));
  }


  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    if (multiline(context)) {
      return false;
    }
    CompressionCodec codec = new CompressionCodecFactory(context.getConfiguration()).getCodec(file);
    return codec == null || codec instanceof SplittableCompressionCodec;
  }

  private static boolean multiline(JobContext context) {
    return context.getConfiguration().getBoolean(SquaresConfig.MULTILINE, SquaresConfig.MULTILINE_DEFAULT);
  }

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    List<InputSplit> splits = super.getSplits(job);
    Path[] inputs = FileInputFormat.getInputPaths(job);
    Map<String, Integer> fileOrder = new HashMap<>();
    for (int i = 0; i < inputs.length; i++) {
      fileOrder.putIfAbsent(inputs[i].toUri().getPath(), i);
    }
    List<FileSplit> files = new ArrayList<>(splits.size());
    for (InputSplit s : splits) {
      files.add((FileSplit) s);
    }
    files.sort(Comparator
        .comparingInt((FileSplit s) -> fileOrder.getOrDefault(s.getPath().toUri().getPath(), Integer.MAX_VALUE))
        .thenComparing(s -> s.getPath().toString())
        .thenComparingLong(FileSplit::getStart));
    List<InputSplit> ordered = new ArrayList<>(files.size());
    for (FileSplit s : files) {
      ordered.add(new OrderedFileSplit(s.getPath(), s.getStart(), s.getLength(), s.getLocations(),
          ordered.size()));
    }
    return ordered;
  }
}
