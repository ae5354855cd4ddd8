package io.squares.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's key-by-key comparison of a Squares output with DuckDB's. */
class OutputCheckTest {
  @TempDir Path tmp;

  /** Squares' columns: key count sum sumsq min max mean var stddev q25 q50 q75. */
  private static OutputCheck.Side squares(Path dir) {
    return new OutputCheck.Side("squares", dir, new int[] {1, 2, 3, 4, 5}, new int[] {9, 10, 11});
  }

  /** DuckDB's columns: key count sum sumsq min max q25 q50 q75. */
  private static OutputCheck.Side duckdb(Path file) {
    return new OutputCheck.Side("DuckDB", file, new int[] {1, 2, 3, 4, 5}, new int[] {6, 7, 8});
  }

  /** Writes n keys as both tools would, DuckDB's in another order and with doubles as DuckDB prints them. */
  private Path[] write(int n, long bucketSeed) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("sq"));
    List<String> sq0 = new ArrayList<>();
    List<String> sq1 = new ArrayList<>();
    List<String> duck = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = String.format("k%06d", i);
      long count = i + 1;
      String q = i % 2 == 0 ? "-3596" : "2855.5";
      String dq = i % 2 == 0 ? "-3596.0" : "2855.5";
      String exact = key + "\t" + count + "\t" + (i * 7L) + "\t" + (i * 49L) + "\t-" + i + "\t" + i;
      (i % 2 == 0 ? sq0 : sq1).add(exact + "\t1.5\t\\N\t\\N\t" + q + "\t" + q + "\t" + q);
      duck.add(exact + "\t" + dq + "\t" + dq + "\t" + dq);
    }
    Collections.shuffle(duck, new Random(bucketSeed));
    Files.write(dir.resolve("part-r-00000"), sq0);
    Files.write(dir.resolve("part-r-00001"), sq1);
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Path duckFile = Files.write(tmp.resolve("duck.tsv"), duck);
    return new Path[] {dir, duckFile};
  }

  @Test
  void agreesWhateverTheOrderAndTheDoubleSpelling() throws IOException {
    Path[] p = write(1000, 1);
    OutputCheck.Result r = OutputCheck.compare(squares(p[0]), duckdb(p[1]), tmp.resolve("work"), 1L << 30);
    assertTrue(r.agree(), r.examples().toString());
    assertEquals(1000, r.keys());
  }

  @Test
  void agreesThroughBucketFilesWhenTheOutputsAreLargerThanABucket() throws IOException {
    Path[] p = write(5000, 2);
    OutputCheck.Result r = OutputCheck.compare(squares(p[0]), duckdb(p[1]), tmp.resolve("work"), 20_000);
    assertTrue(r.agree(), r.examples().toString());
    assertEquals(5000, r.keys());
    try (var left = Files.list(tmp.resolve("work"))) {
      assertEquals(0, left.count(), "bucket files are removed");
    }
  }

  @Test
  void namesTheKeyAndFieldThatDiffer() throws IOException {
    Path[] p = write(3000, 3);
    List<String> duck = new ArrayList<>(Files.readAllLines(p[1]));
    for (int i = 0; i < duck.size(); i++) {
      if (duck.get(i).startsWith("k000042\t")) {
        duck.set(i, duck.get(i).replaceFirst("\t294\t", "\t295\t")); // k000042's sum is 42 * 7 = 294
      }
    }
    Files.write(p[1], duck);
    for (long bucket : new long[] {1L << 30, 10_000}) {
      OutputCheck.Result r = OutputCheck.compare(squares(p[0]), duckdb(p[1]), tmp.resolve("work"), bucket);
      assertFalse(r.agree());
      assertEquals(1, r.mismatches());
      assertTrue(r.examples().get(0).contains("k000042") && r.examples().get(0).contains("294 vs 295"),
          r.examples().toString());
    }
  }

  @Test
  void reportsKeysMissingOnEitherSideAndQuantilesThatDiffer() throws IOException {
    Path[] p = write(100, 4);
    List<String> duck = new ArrayList<>(Files.readAllLines(p[1]));
    duck.removeIf(l -> l.startsWith("k000007\t"));
    duck.add("k999999\t1\t1\t1\t1\t1\t1.0\t1.0\t1.0");
    duck.replaceAll(l -> l.startsWith("k000010\t") ? l.replaceFirst("\t-3596.0$", "\t-3595.5") : l);
    Files.write(p[1], duck);
    OutputCheck.Result r = OutputCheck.compare(squares(p[0]), duckdb(p[1]), tmp.resolve("work"), 1L << 30);
    assertEquals(3, r.mismatches(), r.examples().toString());
    String all = String.join("\n", r.examples());
    assertTrue(all.contains("k000007 only in squares"), all);
    assertTrue(all.contains("k999999 only in DuckDB"), all);
    assertTrue(all.contains("k000010") && all.contains("-3596 vs -3595.5"), all);
  }

  @Test
  void doublesAgreeWithinAFewUlpsOnlyAndNullAgreesOnlyWithNull() {
    double x = 0.1 + 0.2;
    String[] exact = {"1"};
    assertEquals(null, OutputCheck.difference(new String[] {"1", "0.3"}, new String[] {"1", Double.toString(x)}, 1));
    assertFalse(OutputCheck.difference(new String[] {"1", "0.3"}, new String[] {"1", "0.3000001"}, 1) == null);
    assertFalse(OutputCheck.difference(new String[] {"1", "\\N"}, new String[] {"1", "0"}, 1) == null);
    assertEquals(null, OutputCheck.difference(new String[] {"1", "\\N"}, new String[] {"1", "\\N"}, 1));
    assertFalse(OutputCheck.difference(new String[] {"1"}, new String[] {"2"}, exact.length) == null);
  }
}
