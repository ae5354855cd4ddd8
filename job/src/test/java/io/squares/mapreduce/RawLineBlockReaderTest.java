package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RawLineBlockReader} gives exactly the lines and offsets of Hadoop's LineRecordReader. */
class RawLineBlockReaderTest {
  @TempDir Path tmp;
  private final Configuration conf = new Configuration();
  private final TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());

  /** offset TAB line, for every line the reader yields over the split. */
  private List<String> hadoop(Path file, long start, long length) throws IOException {
    List<String> out = new ArrayList<>();
    try (LineRecordReader r = new LineRecordReader()) {
      r.initialize(new FileSplit(new org.apache.hadoop.fs.Path(file.toUri()), start, length, null), context);
      while (r.nextKeyValue()) {
        out.add(r.getCurrentKey().get() + "\t" + r.getCurrentValue().toString().replace("\r", "<CR>"));
      }
    }
    return out;
  }

  private List<String> raw(Path file, long start, long length) throws IOException, InterruptedException {
    List<String> out = new ArrayList<>();
    try (RecordReader<?, LineBlock> r = new RawLineBlockReader()) {
      r.initialize(new FileSplit(new org.apache.hadoop.fs.Path(file.toUri()), start, length, null), context);
      while (r.nextKeyValue()) {
        LineBlock b = r.getCurrentValue();
        for (int i = 0; i < b.size(); i++) {
          out.add(b.offset(i) + "\t" + new String(b.data(), b.start(i), b.end(i) - b.start(i), StandardCharsets.UTF_8).replace("\r", "<CR>"));
        }
      }
    }
    return out;
  }

  private static byte[] randomText(SplittableRandom random, int bytes) {
    byte[] b = new byte[bytes];
    String alphabet = "ab,1\n\n\r\r\n ";
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return b;
  }

  @Test
  void everySplitYieldsTheSameLinesAsLineRecordReader() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int size = random.nextInt(0, 200);
      Path file = tmp.resolve("f" + trial);
      Files.write(file, randomText(random, size));
      // One split over the whole file, and a random cut into 1..4 splits.
      assertEquals(hadoop(file, 0, size), raw(file, 0, size), "whole file " + trial);
      List<String> union = new ArrayList<>();
      long start = 0;
      int cuts = random.nextInt(1, 5);
      for (int c = 0; c < cuts && start < size; c++) {
        // FileInputFormat never makes an empty split of a non-empty file.
        long end = c == cuts - 1 ? size : start + random.nextLong(1, size - start + 1);
        List<String> expected = hadoop(file, start, end - start);
        assertEquals(expected, raw(file, start, end - start), "trial " + trial + " split " + start + "+" + (end - start));
        union.addAll(expected);
        start = end;
      }
      assertEquals(hadoop(file, 0, size), union, "splits cover every line once, trial " + trial);
    }
  }

  @Test
  void linesLongerThanTheBufferAndManyBlocks() throws Exception {
    StringBuilder sb = new StringBuilder();
    sb.append("x".repeat(3 << 20)).append("\r\n");
    for (int i = 0; i < 20000; i++) {
      sb.append("k").append(i % 7).append(',').append(i).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    sb.append("last-without-terminator");
    Path file = tmp.resolve("big");
    Files.writeString(file, sb);
    long size = Files.size(file);
    assertEquals(hadoop(file, 0, size), raw(file, 0, size));
    long cut = size / 2;
    assertEquals(hadoop(file, cut, size - cut), raw(file, cut, size - cut));
    assertEquals(hadoop(file, 0, cut), raw(file, 0, cut));
  }
}
