package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RawLineBlockReader} gives exactly the lines and offsets of Hadoop's LineRecordReader, plain
 * and gzip; lines longer than squares.max-line-bytes come as one too-long record each, in bounded
 * memory.
 */
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

  private static final int BUFFER = 1 << 20;
  private static final int LIMIT = 1024;

  private Configuration limited(int limit) {
    Configuration c = new Configuration();
    c.setInt("squares.max-line-bytes", limit);
    return c;
  }

  /** A line of n bytes without CR or LF whose content varies, so prefixes are told apart. */
  private static void longLine(ByteArrayOutputStream out, SplittableRandom random, int n) {
    int shift = random.nextInt(26);
    for (int i = 0; i < n; i++) {
      out.write('a' + (i + shift) % 26);
    }
  }

  /** Short random text and lines around the limit and the buffer's size, each with a random terminator. */
  private static byte[] textWithLongLines(SplittableRandom random) {
    int[] lengths = {LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 2, 5000, BUFFER - 2, BUFFER - 1, BUFFER, BUFFER + 1,
        2 * BUFFER + 17};
    String[] terminators = {"\n", "\r", "\r\n", ""};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int s = random.nextInt(1, 7); s > 0; s--) {
      if (random.nextBoolean()) {
        out.writeBytes(randomText(random, random.nextInt(0, 300)));
      } else {
        longLine(out, random, lengths[random.nextInt(lengths.length)]);
        out.writeBytes(terminators[random.nextInt(terminators.length)].getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }

  private void assertSameAsHadoop(Path file, String what) throws Exception {
    Configuration c = limited(LIMIT);
    long size = Files.size(file);
    int[] largest = {0};
    assertEquals(LineReaders.hadoop(c, file, 0, size, LIMIT),
        LineReaders.ours(new RawLineBlockReader(), c, file, 0, size, r -> largest[0] = Math.max(largest[0], r.bufferSize())),
        what + " whole");
    assertTrue(largest[0] <= BUFFER + 2, what + ": buffer grew to " + largest[0]);
    if (file.toString().endsWith(".gz")) {
      return;
    }
    SplittableRandom random = new SplittableRandom(size);
    long start = 0;
    List<String> union = new ArrayList<>();
    for (int c2 = random.nextInt(1, 5); c2 > 0 && start < size; c2--) {
      long end = c2 == 1 ? size : start + random.nextLong(1, size - start + 1);
      List<String> expected = LineReaders.hadoop(c, file, start, end - start, LIMIT);
      assertEquals(expected, LineReaders.ours(new RawLineBlockReader(), c, file, start, end - start, null),
          what + " split " + start + "+" + (end - start));
      union.addAll(expected);
      start = end;
    }
    assertEquals(LineReaders.hadoop(c, file, 0, size, LIMIT), union, what + ": splits cover every line once");
  }

  @Test
  void linesLongerThanTheLimitAreOneTooLongRecordEachOnEverySplit() throws Exception {
    SplittableRandom random = new SplittableRandom(29);
    for (int trial = 0; trial < 25; trial++) {
      Path file = tmp.resolve("long" + trial);
      Files.write(file, textWithLongLines(random));
      assertSameAsHadoop(file, "trial " + trial);
    }
  }

  @Test
  void aCarriageReturnAtTheEndOfTheFullBufferEndsATooLongLine() throws Exception {
    String[] files = {"x".repeat(BUFFER - 1) + "\r\n5\n", "x".repeat(BUFFER - 1) + "\r5\n",
        "x".repeat(BUFFER - 1) + "\r", "x".repeat(BUFFER) + "\r\n5", "x".repeat(2 * BUFFER - 1) + "\r\n5\n",
        "x".repeat(2 * BUFFER - LIMIT - 1) + "\r\n5\n", "x".repeat(2 * BUFFER - LIMIT) + "\r\n5\n",
        "1\n" + "x".repeat(3 * BUFFER) + "\r\r\n\n2"};
    for (int i = 0; i < files.length; i++) {
      Path file = tmp.resolve("cr" + i);
      Files.writeString(file, files[i], StandardCharsets.US_ASCII);
      assertSameAsHadoop(file, "case " + i);
    }
  }

  @Test
  void gzipInputGivesTheSameLinesAsLineRecordReader() throws Exception {
    SplittableRandom random = new SplittableRandom(31);
    for (int trial = 0; trial < 30; trial++) {
      Path file = tmp.resolve("g" + trial);
      Files.write(file, trial % 2 == 0 ? randomText(random, random.nextInt(0, 300)) : textWithLongLines(random));
      assertSameAsHadoop(LineReaders.gzip(file, tmp.resolve("g" + trial + ".gz")), "gzip trial " + trial);
    }
  }

  /** 200 MB of NUL bytes without a line break (a sparse file: no disk), then "\n7\n". */
  private Path hugeLine(long n) throws IOException {
    Path file = tmp.resolve("huge");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(n);
      f.write("\n7\n".getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }

  @Test
  void aHugeLineIsSkippedWithTheBufferBounded() throws Exception {
    long n = 200L << 20;
    Path plain = hugeLine(n);
    Path gz = tmp.resolve("huge.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
      byte[] zeros = new byte[1 << 20];
      for (long i = 0; i < n; i += zeros.length) {
        o.write(zeros);
      }
      o.write("\n7\n".getBytes(StandardCharsets.US_ASCII));
    }
    int limit = 1 << 20;
    List<String> expected = List.of("0\tTOO_LONG " + n + "\t" + "\0".repeat(LineBlock.TOO_LONG_PREFIX), (n + 1) + "\t7");
    for (Path file : List.of(plain, gz)) {
      int[] largest = {0};
      assertEquals(expected, LineReaders.ours(new RawLineBlockReader(), limited(limit), file, 0, Files.size(file),
          r -> largest[0] = Math.max(largest[0], r.bufferSize())), file.toString());
      assertTrue(largest[0] <= limit + 2, file + ": the buffer grew to " + largest[0] + " bytes");
    }
  }

  @Test
  void aTruncatedGzipFileFailsNamingTheFile() throws Exception {
    Path plain = tmp.resolve("sales.csv");
    Files.write(plain, randomText(new SplittableRandom(5), 100_000));
    byte[] gz = Files.readAllBytes(LineReaders.gzip(plain, tmp.resolve("full.gz")));
    Path cut = tmp.resolve("sales.csv.gz");
    Files.write(cut, java.util.Arrays.copyOf(gz, gz.length / 2));
    IOException e = assertThrows(IOException.class,
        () -> LineReaders.ours(new RawLineBlockReader(), conf, cut, 0, Files.size(cut), null));
    assertTrue(e.getMessage().startsWith(new org.apache.hadoop.fs.Path(cut.toUri()) + ": truncated or corrupt compressed input ("),
        e.getMessage());
  }
}
