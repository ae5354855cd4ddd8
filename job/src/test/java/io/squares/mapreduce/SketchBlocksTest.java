package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SketchBlocks}: when splits start at multiples of B, every record a split's reader gives it
 * (ours, and Hadoop's {@code LineRecordReader} as the oracle) lies in one of the split's own
 * blocks, for LF, CR and CR LF lines and for custom multi-byte delimiters; split sizes round to the
 * nearest multiple of B; {@link LineBlockInputFormat} in approximate mode makes splits at block
 * boundaries, numbers files in input order and keeps bzip2 whole, whose split reader reports
 * offsets that depend on where the split starts.
 */
class SketchBlocksTest {
  private static final Configuration CONF = new Configuration();
  @TempDir Path tmp;

  /** Random lines of 0 to 12 bytes with LF, CR or CR LF terminators, the last one perhaps unterminated. */
  private static byte[] lines(SplittableRandom r, int bytes) {
    StringBuilder b = new StringBuilder();
    while (b.length() < bytes) {
      for (int n = r.nextInt(13); n > 0; n--) {
        b.append((char) ('a' + r.nextInt(26)));
      }
      if (b.length() < bytes || r.nextBoolean()) {
        b.append(switch (r.nextInt(3)) {
          case 0 -> "\n";
          case 1 -> "\r";
          default -> "\r\n";
        });
      }
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Records of 0 to 12 letters and the delimiter's own bytes out of order, separated by the delimiter. */
  private static byte[] delimited(SplittableRandom r, int bytes, String delimiter) {
    StringBuilder b = new StringBuilder();
    String alphabet = "abc" + delimiter.substring(1); // bytes of the delimiter, never all of it in order
    while (b.length() < bytes) {
      for (int n = r.nextInt(13); n > 0; n--) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      b.append(delimiter);
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The offsets of the records a reader gives the split {@code [start, end)}. */
  private static List<Long> offsets(RecordReader<?, LineBlock> reader, Path file, long start, long end)
      throws IOException, InterruptedException {
    List<Long> out = new ArrayList<>();
    try (reader) {
      reader.initialize(LineReaders.split(file, start, end - start), LineReaders.context(CONF));
      while (reader.nextKeyValue()) {
        LineBlock b = reader.getCurrentValue();
        for (int i = 0; i < b.size(); i++) {
          out.add(b.offset(i));
        }
      }
    }
    return out;
  }

  /** The oracle's offsets: Hadoop's LineRecordReader, with the delimiter or without. */
  private static List<Long> hadoopOffsets(byte[] delimiter, Path file, long start, long end) throws IOException {
    List<Long> out = new ArrayList<>();
    try (LineRecordReader r = delimiter == null ? new LineRecordReader() : new LineRecordReader(delimiter)) {
      r.initialize(LineReaders.split(file, start, end - start), LineReaders.context(CONF));
      while (r.nextKeyValue()) {
        out.add(r.getCurrentKey().get());
      }
    }
    return out;
  }

  /**
   * Cuts the file into splits of random multiples of B and checks that each split's records (by
   * ours and by Hadoop's reader) lie in its blocks and that the splits cover the whole file's.
   *
   * @return how many records a rule with L = 1 would have put in another split's block
   */
  private static int assertBlocksStayInSplits(Path file, SplittableRandom r, long b, String delimiter)
      throws Exception {
    byte[] d = delimiter == null ? null : delimiter.getBytes(StandardCharsets.US_ASCII);
    int l = d == null ? 1 : d.length;
    long size = Files.size(file);
    List<Long> whole = hadoopOffsets(d, file, 0, size);
    List<Long> union = new ArrayList<>();
    int wrongWithL1 = 0;
    for (long start = 0; start < size; ) {
      long end = Math.min(size, start + b * r.nextInt(1, 4));
      RecordReader<?, LineBlock> ours = d == null ? new RawLineBlockReader() : new LineBlockRecordReader(d);
      List<Long> got = offsets(ours, file, start, end);
      assertEquals(hadoopOffsets(d, file, start, end), got, "split " + start + "-" + end);
      for (long p : got) {
        long block = SketchBlocks.block(p, l, b);
        String what = "record at " + p + " in split [" + start + ", " + end + ") of " + size + ", B " + b;
        assertTrue(block >= start / b && (end == size || block < end / b), what + ": block " + block);
        long naive = SketchBlocks.block(p, 1, b);
        if (naive < start / b || end < size && naive >= end / b) {
          wrongWithL1++;
        }
      }
      union.addAll(got);
      start = end;
    }
    assertEquals(whole, union, "the splits' records are the file's, once each");
    return wrongWithL1;
  }

  @Test
  void splitsAtBlockBoundariesHoldWholeBlocksOfLines() throws Exception {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 150; trial++) {
      Path file = tmp.resolve("lines" + trial);
      Files.write(file, lines(r, r.nextInt(1, 400)));
      assertEquals(0, assertBlocksStayInSplits(file, r, r.nextInt(1, 40), null));
    }
  }

  @Test
  void splitsAtBlockBoundariesHoldWholeBlocksOfCustomDelimitedRecords() throws Exception {
    SplittableRandom r = new SplittableRandom(6);
    int straddling = 0;
    for (int trial = 0; trial < 150; trial++) {
      String delimiter = List.of("#;", "<|>", "\r\n", "ab;;").get(trial % 4);
      Path file = tmp.resolve("delimited" + trial);
      Files.write(file, delimited(r, r.nextInt(1, 400), delimiter));
      straddling += assertBlocksStayInSplits(file, r, r.nextInt(1, 40), delimiter);
    }
    // A record after a delimiter that straddles a split's end is the earlier split's: L matters.
    assertTrue(straddling > 0, "no delimiter straddled a block boundary: the check above proved little");
  }

  @Test
  void splitSizesRoundToTheNearestMultipleOfTheBlock() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long b = r.nextLong(1, 1L << r.nextInt(1, 40));
      long size = r.nextLong(1, 1L << r.nextInt(1, 50));
      long nearest = BigDecimal.valueOf(size).divide(BigDecimal.valueOf(b), 0, RoundingMode.HALF_UP)
          .max(BigDecimal.ONE).longValueExact() * b;
      assertEquals(nearest, SketchBlocks.splitSize(size, b), size + " by " + b);
    }
    assertEquals(24L << 20, SketchBlocks.splitSize(20L << 20, 8L << 20));
    assertEquals(16L << 20, SketchBlocks.splitSize(19L << 20, 8L << 20));
    assertEquals(8L << 20, SketchBlocks.splitSize(1, 8L << 20));
  }

  private static List<OrderedFileSplit> splits(Configuration conf, Path... files) throws IOException {
    Job job = Job.getInstance(conf);
    org.apache.hadoop.fs.Path[] paths = new org.apache.hadoop.fs.Path[files.length];
    for (int i = 0; i < files.length; i++) {
      paths[i] = new org.apache.hadoop.fs.Path(files[i].toUri());
    }
    FileInputFormat.setInputPaths(job, paths);
    List<OrderedFileSplit> out = new ArrayList<>();
    for (InputSplit s : new LineBlockInputFormat().getSplits(job)) {
      out.add((OrderedFileSplit) s);
    }
    return out;
  }

  /** The local filesystem under a second scheme: {@code other:/x} is the file {@code /x}. */
  public static class OtherLocalFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("other:///");
    }

    @Override
    public String getScheme() {
      return "other";
    }
  }

  @Test
  void theSamePathOnTwoFilesystemsIsTwoFilesInInputOrder() throws Exception {
    // Two files, one path: their blocks must not share a place in the merge order nor seeds.
    Path a = tmp.resolve("a.csv");
    Files.write(a, lines(new SplittableRandom(3), 2_000));
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("fs.other.impl", OtherLocalFileSystem.class.getName());
    conf.setBoolean(SquaresConfig.QUANTILES_APPROX, true);
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path("other://" + a),
        new org.apache.hadoop.fs.Path(a.toUri()));
    Map<String, Integer> ordinal = new HashMap<>();
    for (InputSplit s : new LineBlockInputFormat().getSplits(job)) {
      OrderedFileSplit split = (OrderedFileSplit) s;
      assertEquals(null, ordinal.put(split.getPath().toUri().getScheme(), split.fileOrdinal()), "one split each");
    }
    assertEquals(Map.of("other", 0, "file", 1), ordinal, "the input list's order, one place each");
  }

  @Test
  void approximateSplitsStartAtBlockBoundariesAndNumberTheFilesInInputOrder() throws Exception {
    SplittableRandom r = new SplittableRandom(8);
    Path z = tmp.resolve("z.csv");
    Path a = tmp.resolve("a.csv");
    Files.write(z, lines(r, 250_000));
    Files.write(a, lines(r, 130_000));
    Path bz = LineReaders.bzip2(z, tmp.resolve("m.csv.bz2"));
    for (int trial = 0; trial < 40; trial++) {
      Configuration conf = new Configuration();
      conf.set("fs.defaultFS", "file:///");
      conf.setBoolean(SquaresConfig.QUANTILES_APPROX, true);
      long b = r.nextLong(100, 20_000);
      conf.setLong(SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES, b);
      long max = r.nextLong(1, 120_000);
      conf.setLong(FileInputFormat.SPLIT_MAXSIZE, max);
      Map<String, Integer> fileOf = new HashMap<>();
      Map<String, Long> covered = new HashMap<>();
      for (OrderedFileSplit s : splits(conf, z, bz, a)) {
        String name = s.getPath().getName();
        assertEquals(0, s.getStart() % b, name + " split at " + s.getStart() + ", B " + b);
        assertEquals(covered.getOrDefault(name, 0L), s.getStart(), "contiguous");
        covered.merge(name, s.getLength(), Long::sum);
        assertEquals(fileOf.computeIfAbsent(name, n -> s.fileOrdinal()), s.fileOrdinal());
      }
      assertEquals(Map.of("z.csv", 0, "m.csv.bz2", 1, "a.csv", 2), fileOf, "input order, not name order");
      assertEquals(Map.of("z.csv", Files.size(z), "m.csv.bz2", Files.size(bz), "a.csv", Files.size(a)), covered);
      assertEquals(1, splits(conf, bz).size(), "bzip2 is read whole in approximate mode");
    }
    Configuration exact = new Configuration();
    exact.setLong(FileInputFormat.SPLIT_MAXSIZE, Files.size(bz) / 3);
    assertTrue(splits(exact, bz).size() >= 3, "otherwise bzip2 splits");
  }

  @Test
  void bzip2SplitOffsetsDependOnWhereTheSplitStarts() throws Exception {
    // Why approximate mode keeps bzip2 whole: the same line gets another offset when a split starts
    // inside the file (the compressed block's position plus decompressed bytes after it).
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 2_500_000; i++) { // several bzip2 blocks, whatever their size (100k to 900k)
      text.append("line").append(i).append(',').append(i % 977).append('\n');
    }
    Path plain = tmp.resolve("unique.csv");
    Files.writeString(plain, text);
    Path bz = LineReaders.bzip2(plain, tmp.resolve("unique.csv.bz2"));
    long size = Files.size(bz);
    Map<String, Long> whole = new HashMap<>();
    Configuration conf = new Configuration();
    List<String> all = LineReaders.ours(new LineBlockRecordReader(null), conf, bz, 0, size, null);
    for (String s : all) {
      whole.put(s.substring(s.indexOf('\t') + 1), Long.parseLong(s.substring(0, s.indexOf('\t'))));
    }
    List<String> second = LineReaders.ours(new LineBlockRecordReader(null), conf, bz, size / 2, size - size / 2, null);
    assertTrue(second.size() > 1000, "the second split has " + second.size() + " lines of " + all.size()
        + "; file " + size + " bytes");
    int moved = 0;
    for (String s : second) {
      long offset = Long.parseLong(s.substring(0, s.indexOf('\t')));
      if (offset != whole.get(s.substring(s.indexOf('\t') + 1))) {
        moved++;
      }
    }
    assertNotEquals(0, moved, "offsets of a split bzip2 file are layout-independent after all");
  }
}
