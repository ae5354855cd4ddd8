package io.squares.job;

import static io.squares.job.LocalJobs.partLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
import io.squares.core.KllSketch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats --approx-quantiles} is deterministic for a given split layout: byte-identical output
 * run after run, for 1, 2 or 3 reducers, 1 or 2 local map slots, with the combiner asked for, and
 * with the map table emitted many times; its exact columns equal plain {@code stats}; and across
 * split sizes the quantiles differ (other merge trees) but stay within the rank-error bound of an
 * exact oracle (sorting).
 */
class ApproxDeterminismTest {
  private static final String PS = "0,0.01,0.25,0.5,0.75,0.99,1";
  @TempDir static Path tmp;
  static Path data;
  static long size;

  @BeforeAll
  static void generate() throws Exception {
    data = tmp.resolve("gen.csv");
    // 12 keys of ~5,000 values: far more than k = 200, so every sketch compacts (flips coins)
    LocalJobs.generate(data, "--rows", "60000", "--keys", "12",
        "--min", "-1000", "--max", "1000", "--seed", "11", "--decimals", "2");
    size = Files.size(data);
  }

  /** @return the output's part files, concatenated in part order (byte-exact). */
  private static String run(String name, long splitSize, int reducers, int slots, String... extra) throws Exception {
    Configuration conf = LocalJobs.localConf();
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", splitSize);
    conf.setInt("mapreduce.local.map.tasks.maximum", slots);
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of(extra));
    args.addAll(List.of("--quantiles", PS, "--approx-quantiles", "--key-column", "1",
        "--reducers", Integer.toString(reducers), data.toString(), out.toString()));
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.err());
    return String.join("\n", partLines(out, "part-r-"));
  }

  private static List<String> sortedLines(String output) {
    List<String> l = new ArrayList<>(List.of(output.split("\n")));
    Collections.sort(l);
    return l;
  }

  @Test
  void sameSplitLayoutGivesByteIdenticalOutput() throws Exception {
    long split = size / 5 + 1; // 5 map tasks
    String base = run("base", split, 1, 1);
    assertEquals(base, run("again", split, 1, 1), "run to run");
    List<String> lines = sortedLines(base);
    assertEquals(12, lines.size());
    assertEquals(lines, sortedLines(run("reducers-2", split, 2, 1)));
    assertEquals(lines, sortedLines(run("reducers-3-slots-2", split, 3, 2)));
    assertEquals(base, run("slots-2", split, 1, 2), "two map threads");
    assertEquals(base, run("combiner-asked", split, 1, 2, "-D", SquaresConfig.COMBINER + "=true"));
    assertEquals(base, run("other-table-share", split, 1, 1, "-D", SquaresConfig.MAP_TABLE_FRACTION + "=0.05"),
        "the table budget is not a share of the heap");

    // the table emitted every 5 keys: many partial sketches per key and task, same output run to run
    String[] flushing = {"-D", SquaresConfig.QUANTILES_MAP_BUFFER_BYTES + "=" + 5 * (24 * 200 + 272)};
    String flushed = run("flushing", split, 1, 1, flushing);
    assertEquals(flushed, run("flushing-again", split, 1, 2, flushing));
    assertEquals(sortedLines(flushed), sortedLines(run("flushing-3-reducers", split, 3, 2, flushing)));

    // exact columns: as plain stats, whatever the layout
    List<String> plain = sortedLines(String.join("\n", plainStats()));
    for (List<String> approx : List.of(lines, sortedLines(flushed), sortedLines(run("one-split", Long.MAX_VALUE, 2, 1)))) {
      assertEquals(plain.size(), approx.size());
      for (int i = 0; i < plain.size(); i++) {
        assertTrue(approx.get(i).startsWith(plain.get(i) + "\t"), approx.get(i));
      }
      assertWithinRankBound(approx);
    }
    assertNotEquals(lines, sortedLines(flushed), "another merge tree: other (still bounded) answers");
  }

  private static List<String> plainStats() throws Exception {
    Path out = tmp.resolve("plain");
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), LocalJobs.localConf(), "--key-column", "1", data.toString(),
        out.toString());
    assertEquals(0, r.exitCode(), r.err());
    return partLines(out, "part-r-");
  }

  /** Each approximate quantile's true normalized rank (from the sorted values) is within the bound of p. */
  private static void assertWithinRankBound(List<String> lines) throws Exception {
    Map<String, List<BigDecimal>> groups = new TreeMap<>();
    for (String line : Files.readAllLines(data, StandardCharsets.UTF_8)) {
      String[] f = line.split(",");
      groups.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new BigDecimal(f[1]));
    }
    double bound = KllSketch.normalizedRankError(200);
    String[] ps = PS.split(",");
    for (String line : lines) {
      String[] f = line.split("\t");
      List<BigDecimal> v = groups.get(f[0]);
      Collections.sort(v);
      int n = v.size();
      for (int i = 0; i < ps.length; i++) {
        BigDecimal q = new BigDecimal(f[9 + i]);
        int below = 0;
        int atOrBelow = 0;
        for (BigDecimal x : v) {
          int c = x.compareTo(q);
          below += c < 0 ? 1 : 0;
          atOrBelow += c <= 0 ? 1 : 0;
        }
        double p = Double.parseDouble(ps[i]);
        double err = Math.max(0, Math.max((double) below / n - p, p - (double) atOrBelow / n));
        assertTrue(err <= bound, f[0] + " p=" + p + ": " + f[9 + i] + " rank error " + err);
      }
    }
  }
}
