package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LineBlockRecordReader} on bzip2 gives exactly the lines, offsets and split ownership of
 * Hadoop's LineRecordReader, on random files of several bzip2 blocks cut at random points; lines
 * longer than squares.max-line-bytes come as one too-long record each, in bounded memory.
 */
class LineBlockRecordReaderTest {
  private static final int LIMIT = 1024;
  @TempDir Path tmp;

  private static Configuration limited(int limit) {
    Configuration c = new Configuration();
    c.setInt("squares.max-line-bytes", limit);
    return c;
  }

  /** Random short lines (LF, CRLF, lone CR, blank), with at least one line of {@code longLine} bytes. */
  private static byte[] text(SplittableRandom random, int bytes, int longLine) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 2 * longLine);
    String alphabet = "ab,1\n\n\r\r\n ";
    int first = random.nextInt(bytes);
    while (out.size() < bytes) {
      if (longLine > 0 && (out.size() == first || random.nextInt(200_000) == 0)) {
        int shift = random.nextInt(26);
        for (int i = 0; i < longLine; i++) {
          out.write('a' + (i + shift) % 26);
        }
      }
      out.write(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toByteArray();
  }

  /** The whole file, then random cuts into 1..4 splits, each split and their union against Hadoop. */
  private void assertSameAsHadoop(Configuration conf, Path bz, int limit, SplittableRandom random, String what)
      throws Exception {
    long size = Files.size(bz);
    List<String> whole = LineReaders.hadoop(conf, bz, 0, size, limit);
    assertEquals(whole, LineReaders.ours(new LineBlockRecordReader(null), conf, bz, 0, size, null), what + " whole");
    List<String> union = new ArrayList<>();
    long start = 0;
    for (int c = random.nextInt(1, 5); c > 0 && start < size; c--) {
      long end = c == 1 ? size : start + random.nextLong(1, size - start + 1);
      List<String> expected = LineReaders.hadoop(conf, bz, start, end - start, limit);
      int[] largest = {0};
      assertEquals(expected, LineReaders.ours(new LineBlockRecordReader(null), conf, bz, start, end - start,
          r -> largest[0] = Math.max(largest[0], r.lineCapacity())), what + " split " + start + "+" + (end - start));
      assertTrue(largest[0] <= limit + limit / 2 + 16, what + ": a line took " + largest[0] + " bytes");
      union.addAll(expected);
      start = end;
    }
    assertEquals(whole, union, what + ": splits cover every line once");
  }

  @Test
  void bzip2SplitsYieldTheSameLinesAsLineRecordReader() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    Configuration conf = new Configuration();
    for (int trial = 0; trial < 12; trial++) {
      Path plain = tmp.resolve("f" + trial);
      Files.write(plain, text(random, random.nextInt(1, 450_000), 0));
      Path bz = LineReaders.bzip2(plain, tmp.resolve("f" + trial + ".bz2"));
      assertSameAsHadoop(conf, bz, 8 << 20, random, "trial " + trial); // the default limit
    }
  }

  @Test
  void bzip2LinesLongerThanTheLimitAreOneTooLongRecordEach() throws Exception {
    SplittableRandom random = new SplittableRandom(19);
    Configuration conf = limited(LIMIT);
    int[] longLines = {LIMIT + 1, 5000, 250_000, 1 << 20};
    for (int trial = 0; trial < 6; trial++) {
      Path plain = tmp.resolve("l" + trial);
      Files.write(plain, text(random, random.nextInt(1, 300_000), longLines[trial % longLines.length]));
      Path bz = LineReaders.bzip2(plain, tmp.resolve("l" + trial + ".bz2"));
      assertSameAsHadoop(conf, bz, LIMIT, random, "trial " + trial);
    }
  }

  @Test
  void aTenMegabyteLineIsOneRecordHeldAsItsPrefix() throws Exception {
    Path plain = tmp.resolve("ten");
    byte[] line = new byte[10 << 20];
    Arrays.fill(line, (byte) 'z');
    Files.write(plain, ("1\n" + new String(line, StandardCharsets.US_ASCII) + "\r\n2").getBytes(StandardCharsets.US_ASCII));
    Path bz = LineReaders.bzip2(plain, tmp.resolve("ten.bz2"));
    int[] largest = {0};
    List<String> lines = LineReaders.ours(new LineBlockRecordReader(null), limited(4096), bz, 0, Files.size(bz),
        r -> largest[0] = Math.max(largest[0], r.lineCapacity()));
    // Offsets of bzip2 input are LineRecordReader's: past the first line, not file offsets.
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("0\t1", lines.get(0));
    assertEquals("2\tTOO_LONG " + (10 << 20) + "\t" + "z".repeat(1024), lines.get(1));
    assertTrue(lines.get(2).endsWith("\t2"), lines.get(2));
    assertTrue(largest[0] <= 4096 + 2048, "a line took " + largest[0] + " bytes");
  }

  @Test
  void aTruncatedBzip2FileFailsNamingTheFile() throws Exception {
    Path plain = tmp.resolve("sales.csv");
    Files.write(plain, text(new SplittableRandom(3), 300_000, 0));
    byte[] bz = Files.readAllBytes(LineReaders.bzip2(plain, tmp.resolve("full.bz2")));
    Path cut = tmp.resolve("sales.csv.bz2");
    Files.write(cut, Arrays.copyOf(bz, bz.length / 2));
    IOException e = assertThrows(IOException.class, () -> LineReaders.ours(new LineBlockRecordReader(null),
        new Configuration(), cut, 0, Files.size(cut), null));
    assertTrue(e.getMessage().startsWith(new org.apache.hadoop.fs.Path(cut.toUri()) + ": truncated or corrupt compressed input ("),
        e.getMessage());
  }
}
