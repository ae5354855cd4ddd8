package io.squares.job;

import static io.squares.job.LocalJobs.partLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
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
 * {@code stats} output is byte-identical whatever the split size, number of reducers and whether
 * the combiner runs; and its exact fields agree with a BigDecimal oracle computed here.
 */
class DeterminismTest {
  @TempDir static Path tmp;
  static Path generated;
  static Path extremes;

  @BeforeAll
  static void generate() throws Exception {
    generated = tmp.resolve("gen.csv");
    LocalJobs.generate(generated, "--rows", "30000", "--keys", "40",
        "--min", "-5000000", "--max", "5000000", "--seed", "7", "--decimals", "3");
    StringBuilder sb = new StringBuilder();
    String[] big = {"9223372036854775807", "-9223372036854775808", "9.2e18", "123456789012345678901234567890.5",
        "-0.000000000000000000001", "1e-30", "5"};
    for (int i = 0; i < 400; i++) {
      sb.append("k0000").append(i % 7).append(',').append(big[i % big.length]).append('\n');
    }
    extremes = tmp.resolve("extremes.csv");
    Files.writeString(extremes, sb);
  }

  private List<String> run(String name, long splitSize, int reducers, boolean combiner, int mapMaxKeys)
      throws Exception {
    Configuration conf = LocalJobs.localConf();
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", splitSize);
    conf.setBoolean(SquaresConfig.COMBINER, combiner);
    conf.setInt(SquaresConfig.MAP_MAX_KEYS, mapMaxKeys);
    Path out = tmp.resolve(name);
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, "--key-column", "1", "--reducers",
        Integer.toString(reducers), generated.toString(), extremes.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = partLines(out, "part-r-");
    try (var parts = Files.list(out)) {
      assertEquals(reducers, parts.filter(p -> p.getFileName().toString().startsWith("part-r-")).count());
    }
    List<String> sorted = new ArrayList<>(lines);
    Collections.sort(sorted);
    return sorted;
  }

  @Test
  void outputIsIdenticalAcrossSplitsReducersCombinerAndInMapperCombining() throws Exception {
    List<String> baseline = run("one-split", Long.MAX_VALUE, 1, true, SquaresConfig.MAP_MAX_KEYS_DEFAULT);
    // No map-side merging at all: one partial per record straight to the reducers.
    assertEquals(baseline, run("small-splits-3-reducers-no-combining", 64 * 1024, 3, false, 0));
    // The combiner alone, and an in-mapper table so small that it flushes every few records.
    assertEquals(baseline, run("smaller-splits-2-reducers-combiner", 40 * 1024, 2, true, 0));
    assertEquals(baseline, run("tiny-table-flushes", 40 * 1024, 2, true, 3));
    assertExactFieldsMatchOracle(baseline);
  }

  @Test
  void splittableBzip2InputGivesTheSameOutputInManySplits() throws Exception {
    Path bz = tmp.resolve("gen.csv.bz2");
    org.apache.hadoop.io.compress.BZip2Codec codec = new org.apache.hadoop.io.compress.BZip2Codec();
    codec.setConf(new Configuration());
    try (var o = codec.createOutputStream(Files.newOutputStream(bz))) {
      Files.copy(generated, o);
      Files.copy(extremes, o);
    }
    Configuration conf = LocalJobs.localConf();
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", Files.size(bz) / 5);
    Path out = tmp.resolve("bz2-out");
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, "--key-column", "1", bz.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = new ArrayList<>(partLines(out, "part-r-"));
    Collections.sort(lines);
    assertEquals(run("plain-for-bz2", Long.MAX_VALUE, 1, true, SquaresConfig.MAP_MAX_KEYS_DEFAULT), lines);
  }

  /**
   * Many distinct keys, at default settings and in every map-side regime (keys fit the table; a
   * table so small that distinct keys bypass it; no table and the combiner), with the reducer count
   * chosen by the job or given: the sorted union of the part files is byte-identical.
   */
  @Test
  void manyKeysGiveTheSameOutputWhateverTheTableSplitsAndReducers() throws Exception {
    Path many = tmp.resolve("many-keys.csv");
    LocalJobs.generate(many, "--rows", "60000", "--keys", "40000", "--min", "-1000000", "--max", "1000000",
        "--seed", "11");
    List<String> defaults = runMany("defaults", many, Map.of(), 1);
    // The job chooses 2 reducers (one per 256 KiB of input, at most the 2 local map slots).
    assertEquals(defaults, runMany("auto-reducers", many,
        Map.of(SquaresConfig.REDUCE_BYTES_PER_REDUCER, Integer.toString(256 << 10)), 2));
    // Hadoop's own sort instead of the presorted one (tables then leave in table order).
    assertEquals(defaults, runMany("quicksort-2-reducers", many, Map.of("map.sort.class",
        "org.apache.hadoop.util.QuickSort", SquaresConfig.REDUCE_BYTES_PER_REDUCER, Integer.toString(256 << 10)), 2));
    assertEquals(defaults, runMany("bypass-3-reducers", many, Map.of(SquaresConfig.MAP_TABLE_BYTES, "16384",
        "mapreduce.input.fileinputformat.split.maxsize", "100000", "mapreduce.job.reduces", "3"), 3));
    assertEquals(defaults, runMany("no-table-combiner", many, Map.of(SquaresConfig.MAP_TABLE_BYTES, "-1",
        "mapreduce.input.fileinputformat.split.maxsize", "300000", "mapreduce.job.reduces", "2"), 2));
    assertExactFieldsMatchOracle(defaults, List.of(many));
  }

  private List<String> runMany(String name, Path input, Map<String, String> settings, int parts) throws Exception {
    Configuration conf = LocalJobs.localConf();
    settings.forEach(conf::set);
    Path out = tmp.resolve(name);
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, "--key-column", "1", input.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    try (var files = Files.list(out)) {
      assertEquals(parts, files.filter(p -> p.getFileName().toString().startsWith("part-r-")).count(), name);
    }
    List<String> sorted = new ArrayList<>(partLines(out, "part-r-"));
    Collections.sort(sorted);
    return sorted;
  }

  private static void assertExactFieldsMatchOracle(List<String> lines) throws Exception {
    assertExactFieldsMatchOracle(lines, List.of(generated, extremes));
  }

  private static void assertExactFieldsMatchOracle(List<String> lines, List<Path> inputs) throws Exception {
    Map<String, BigDecimal[]> oracle = new TreeMap<>(); // count, sum, sumsq, min, max
    for (Path p : inputs) {
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        String[] f = line.split(",");
        BigDecimal v = new BigDecimal(f[1]);
        BigDecimal[] a = oracle.computeIfAbsent(f[0], k -> new BigDecimal[] {BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO, v, v});
        a[0] = a[0].add(BigDecimal.ONE);
        a[1] = a[1].add(v);
        a[2] = a[2].add(v.multiply(v));
        a[3] = a[3].min(v);
        a[4] = a[4].max(v);
      }
    }
    assertEquals(oracle.size(), lines.size());
    for (String line : lines) {
      String[] f = line.split("\t");
      BigDecimal[] a = oracle.get(f[0]);
      assertTrue(a != null, line);
      for (int i = 0; i < 5; i++) {
        assertEquals(0, a[i].compareTo(new BigDecimal(f[i + 1])), "field " + i + " of " + line);
      }
    }
  }
}
