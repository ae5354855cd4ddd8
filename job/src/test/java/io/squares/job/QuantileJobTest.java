package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static io.squares.job.LocalJobs.partLines;
import static io.squares.job.LocalJobs.read;
import static io.squares.job.LocalJobs.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stats --quantiles/--describe/--approx-quantiles} end to end on the LocalJobRunner. */
class QuantileJobTest {
  @TempDir Path tmp;

  private static List<String> expected(String name) throws IOException {
    return Files.readAllLines(DATASETS.resolve(name));
  }

  @Test
  void describeAddsTheExactQuartilesOfTheOracle() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--describe", "--header", "--key-column", "region", "--value-column", "amount",
        DATASETS.resolve("sales/sales.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("sales/sales.stats-describe.expected"), partLines(out, "part-r-"));
    String summary = read(out.resolve(SquaresTool.SUMMARY));
    assertTrue(summary.contains("\"method\": \"exact\""), summary);
    assertFalse(summary.contains("approx_quantiles"), summary);
  }

  @Test
  void adversarialValuesMatchTheOracleByRunsAndBySortWithSpillsEverywhere() throws Exception {
    String ps = "0,0.001,0.25,0.5,0.75,0.9,0.999,1,0.3333";
    List<String> expected = new java.util.ArrayList<>(expected("adversarial/quantiles.stats-quantiles.expected"));
    java.util.Collections.sort(expected);
    String[][] settings = {
        {"runs", "33554432", "67108864", "1", "100000000"}, // defaults: one split, one reducer
        {"runs", "1", "64", "3", "8192"}, // every value its own flush, every key's runs spilled, 3 reducers
        {"runs", "4096", "1024", "2", "16384"},
        {"sort", "1", "64", "2", "8192"}};
    for (String[] s : settings) {
      Configuration conf = LocalJobs.localConf();
      conf.set(SquaresConfig.QUANTILES_EXACT_METHOD, s[0]);
      conf.setLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES, Long.parseLong(s[1]));
      conf.setLong(SquaresConfig.QUANTILES_REDUCE_BUFFER_BYTES, Long.parseLong(s[2]));
      conf.setLong("mapreduce.input.fileinputformat.split.maxsize", Long.parseLong(s[4]));
      Path out = tmp.resolve("adv-" + String.join("-", s));
      LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, "--quantiles", ps, "--key-column", "1",
          "--reducers", s[3], DATASETS.resolve("adversarial/quantiles.csv").toString(), out.toString());
      assertEquals(0, r.exitCode(), r.err());
      List<String> got = new java.util.ArrayList<>(partLines(out, "part-r-"));
      java.util.Collections.sort(got);
      assertEquals(expected, got, String.join(" ", s));
      assertTrue(read(out.resolve(SquaresTool.SUMMARY)).contains("\"exact_method\": \"" + s[0] + "\""));
    }
  }

  @Test
  void anUnknownExactMethodIsAUsageError() throws Exception {
    Configuration conf = LocalJobs.localConf();
    conf.set(SquaresConfig.QUANTILES_EXACT_METHOD, "guess");
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, "--describe", "--key-column", "1",
        DATASETS.resolve("adversarial/quantiles.csv").toString(), tmp.resolve("x").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(SquaresConfig.QUANTILES_EXACT_METHOD + "=guess: use runs or sort"), r.err());
  }

  @Test
  void quantilesInTheOrderGivenOverBadRecordsMatchTheOracle() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--quantiles", "1,0.1,0.333,0", "--key-column", "1", "--value-column", "2",
        DATASETS.resolve("bad/mixed.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("bad/mixed.stats-quantiles.expected"), partLines(out, "part-r-"));
  }

  @Test
  void approximateQuantilesOfGroupsHeldWholeAreTheExactOnes() throws Exception {
    // Every group of mixed.csv has fewer than k = 200 values, so no sketch ever compacts: the
    // approximate quantiles are the oracle's exact ones (pandas' definition), not values of the
    // group, except where a value is beyond what a double holds (the sketch keeps doubles):
    // 'huge' (1e999: Infinity) and 'tiny' (1e-1000 and 2e-1000: 0).
    Path out = tmp.resolve("approx");
    LocalJobs.Result r = stats("--approx-quantiles", "--quantiles", "1,0.1,0.333,0", "--key-column", "1",
        "--value-column", "2", DATASETS.resolve("bad/mixed.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> got = partLines(out, "part-r-");
    List<String> exact = expected("bad/mixed.stats-quantiles.expected");
    assertEquals(exact.size(), got.size());
    int compared = 0;
    for (int i = 0; i < exact.size(); i++) {
      String key = exact.get(i).substring(0, exact.get(i).indexOf('\t'));
      assertTrue(got.get(i).startsWith(key + "\t"), got.get(i));
      if (key.equals("huge")) {
        assertTrue(got.get(i).endsWith("\tInfinity\t9\t9\t9"), got.get(i));
      } else if (key.equals("tiny")) {
        assertTrue(got.get(i).endsWith("\t0\t0\t0\t0"), got.get(i));
      } else {
        assertEquals(exact.get(i), got.get(i));
        compared++;
      }
    }
    assertEquals(exact.size() - 2, compared);
  }

  @Test
  void theConfigurationKeyWorksLikeTheOptionAndWithoutItTheOutputIsUnchanged() throws Exception {
    Configuration conf = LocalJobs.localConf();
    conf.set(SquaresConfig.QUANTILES, "0.25, 0.5,0.75");
    Path out = tmp.resolve("conf");
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, "--header", "--key-column", "region",
        "--value-column", "amount", DATASETS.resolve("sales/sales.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("sales/sales.stats-describe.expected"), partLines(out, "part-r-"));
    Path plain = tmp.resolve("plain");
    r = stats("--header", "--key-column", "region", "--value-column", "amount",
        DATASETS.resolve("sales/sales.csv").toString(), plain.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("sales/sales.stats.expected"), partLines(plain, "part-r-"));
  }

  @Test
  void badQuantileListsAreUsageErrorsNamingTheItem() throws Exception {
    String in = DATASETS.resolve("seed/numbers.txt").toString();
    String[][] cases = {{"--quantiles", "0.5,1.5"}, {"--quantiles", "0.5,abc"}, {"--quantiles", "0.5,,1"},
        {"--quantiles", "-0"}};
    String[] named = {"'1.5'", "'abc'", "item 2", null};
    for (int i = 0; i < cases.length; i++) {
      Path out = tmp.resolve("bad" + i);
      LocalJobs.Result r = stats(cases[i][0], cases[i][1], in, out.toString());
      if (named[i] == null) { // -0 is 0: fine
        assertEquals(0, r.exitCode(), r.err());
        continue;
      }
      assertEquals(2, r.exitCode(), r.err());
      assertTrue(r.err().contains(named[i]), r.err());
      assertFalse(Files.exists(out));
    }
    LocalJobs.Result both = stats("--describe", "--quantiles", "0.5", in, tmp.resolve("both").toString());
    assertEquals(2, both.exitCode(), both.err());
  }

  @Test
  void approximateQuantilesStayWithinTheRankErrorAndAreSummarized() throws Exception {
    // 3000 values 1..3000 in one group, shuffled deterministically; k = 200: rank error ~1.3%
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      sb.append((i * 1777L) % 3000 + 1).append('\n');
    }
    Path in = tmp.resolve("in.txt");
    Files.writeString(in, sb);
    Path out = tmp.resolve("approx");
    LocalJobs.Result r = stats("--approx-quantiles", "--quantiles", "0,0.25,0.5,0.9,1", in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = partLines(out, "part-r-");
    assertEquals(1, lines.size());
    String[] f = lines.get(0).split("\t");
    assertEquals(9 + 5, f.length, lines.get(0));
    assertEquals("*\t3000\t4501500\t9004500500\t1\t3000\t1500.5", String.join("\t", List.of(f).subList(0, 7)));
    double[] ps = {0, 0.25, 0.5, 0.9, 1};
    for (int i = 0; i < ps.length; i++) {
      double rank = (Double.parseDouble(f[9 + i]) - 1) / 2999; // value v has normalized rank (v-1)/(n-1)
      assertTrue(Math.abs(rank - ps[i]) <= 0.02, "p=" + ps[i] + ": " + f[9 + i]);
    }
    assertEquals("1", f[9]); // KLL keeps the min and max
    assertEquals("3000", f[13]);
    String summary = read(out.resolve(SquaresTool.SUMMARY));
    assertTrue(summary.contains("\"approx_quantiles\""), summary);
    assertTrue(summary.contains("\"k\": 200"), summary);
    assertTrue(summary.contains("\"normalized_rank_error\": 0.013"), summary);
    assertTrue(summary.contains("\"exact_up_to\": 200"), summary);
    assertTrue(summary.contains("\"method\": \"approximate\""), summary);
  }

  @Test
  void approximateQuartilesAloneAndExactColumnsUnchanged() throws Exception {
    Path out = tmp.resolve("approx-sales");
    LocalJobs.Result r = stats("--approx-quantiles", "--header", "--key-column", "region", "--value-column", "amount",
        DATASETS.resolve("sales/sales.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = partLines(out, "part-r-");
    List<String> exact = expected("sales/sales.stats-describe.expected");
    assertEquals(exact.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String[] got = lines.get(i).split("\t");
      String[] want = exact.get(i).split("\t");
      assertEquals(String.join("\t", List.of(want).subList(0, 9)), String.join("\t", List.of(got).subList(0, 9)));
      assertEquals(12, got.length);
      // small groups: the sketch holds every value, so each quartile is one of the key's values
      // between min and max
      BigDecimal min = new BigDecimal(want[4]);
      BigDecimal max = new BigDecimal(want[5]);
      for (int q = 9; q < 12; q++) {
        BigDecimal v = new BigDecimal(got[q]);
        assertTrue(v.compareTo(min) >= 0 && v.compareTo(max) <= 0, lines.get(i));
      }
    }
  }
}
