package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
 * their ordinal in input order and their file's ({@link OrderedFileSplit}). Splittability follows
 * {@code TextInputFormat}: plain and bzip2 files split, gzip files do not. The driver sets the input
 * paths to the expanded, ordered list of files.
 *
 * <p>With approximate quantiles ({@link SquaresConfig#QUANTILES_APPROX}) split sizes are multiples
 * of the sketch block size, so every split starts at a block boundary, and bzip2 files are not
 * split (see {@link SketchBlocks}).
 *
 * <p>With {@link SquaresConfig#MULTILINE} ({@code --multiline}) no file is split: each is read
 * whole, compressed or not, by a {@link MultilineBlockReader}, since a record's end can only be
 * found by reading the file from its start ({@code textinputformat.record.delimiter} is then not
 * used).
 */
public class LineBlockInputFormat extends FileInputFormat<LongWritable, LineBlock> {
  /** Approximate quantiles' sketch block size while {@link #getSplits} runs, else 0. */
  private long blockBytes;

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
    // bzip2's split reader reports offsets that depend on where its split starts (a compressed
    // block's position plus decompressed bytes), so sketch blocks could not follow them: whole.
    return codec == null
        || codec instanceof SplittableCompressionCodec && !SketchBlocks.enabled(context.getConfiguration());
  }

  private static boolean multiline(JobContext context) {
    return context.getConfiguration().getBoolean(SquaresConfig.MULTILINE, SquaresConfig.MULTILINE_DEFAULT);
  }

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    blockBytes = 0;
    if (SketchBlocks.enabled(job.getConfiguration())) {
      try {
        blockBytes = SketchBlocks.blockBytes(job.getConfiguration());
      } catch (SquaresException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    List<InputSplit> splits = super.getSplits(job);
    Path[] inputs = FileInputFormat.getInputPaths(job);
    // Keyed by the qualified path (filesystem and path), as the splits' paths are: the same path on
    // two filesystems (file: and hdfs:) is two files, with two places in the merge order and seeds.
    Map<String, Integer> fileOrder = new HashMap<>();
    for (int i = 0; i < inputs.length; i++) {
      fileOrder.putIfAbsent(qualified(inputs[i], job.getConfiguration()), i);
    }
    List<FileSplit> files = new ArrayList<>(splits.size());
    for (InputSplit s : splits) {
      files.add((FileSplit) s);
    }
    files.sort(Comparator
        .comparingInt((FileSplit s) -> fileOrder.getOrDefault(s.getPath().toString(), Integer.MAX_VALUE))
        .thenComparing(s -> s.getPath().toString())
        .thenComparingLong(FileSplit::getStart));
    List<InputSplit> ordered = new ArrayList<>(files.size());
    Map<String, Integer> unlisted = new HashMap<>(); // not in the list as given (never from the driver)
    for (FileSplit s : files) {
      String path = s.getPath().toString();
      Integer file = fileOrder.get(path);
      if (file == null) {
        file = unlisted.computeIfAbsent(path, p -> inputs.length + unlisted.size());
      }
      ordered.add(new OrderedFileSplit(s.getPath(), s.getStart(), s.getLength(), s.getLocations(),
          ordered.size(), file));
    }
    return ordered;
  }

  /** @return the path qualified by its filesystem, as {@link FileInputFormat} names its splits' files */
  private static String qualified(Path p, Configuration conf) throws IOException {
    return p.getFileSystem(conf).makeQualified(p).toString();
  }

  /**
   * Approximate quantiles: Hadoop's split size rounded to the nearest multiple of the sketch block
   * size (at least one block), so that splits start at multiples of it ({@link SketchBlocks}); the
   * last split of a file still takes a tail of up to 10% of a split. Otherwise Hadoop's.
   */
  @Override
  protected long computeSplitSize(long blockSize, long minSize, long maxSize) {
    long size = super.computeSplitSize(blockSize, minSize, maxSize);
    return blockBytes > 0 ? SketchBlocks.splitSize(size, blockBytes) : size;
  }
}
