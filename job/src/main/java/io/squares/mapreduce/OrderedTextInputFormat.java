package io.squares.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * {@link TextInputFormat} whose splits carry their ordinal in input order ({@link
 * OrderedFileSplit}). The driver sets the input paths to the expanded, ordered list of files.
 * Compression handling (gzip whole, bzip2 split) is {@link TextInputFormat}'s.
 */
public class OrderedTextInputFormat extends TextInputFormat {

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
