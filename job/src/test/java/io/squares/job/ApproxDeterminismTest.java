package io.squares.job;

import static io.squares.job.LocalJobs.partLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
import io.squares.core.KllSketch;
import java.math.BigDecimal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code stats --approx-quantiles} is deterministic: byte-identical output run after run, for 1, 2
 * or 3 reducers, 1 or 2 local map slots, with the combiner asked for, with the map table emitted
 * many times, and across split sizes (sketch blocks, {@link SquaresConfig#QUANTILES_APPROX_BLOCK_BYTES})
 * for plain, CR LF, custom-delimiter, header, several-file, gzip, bzip2 and {@code --multiline}
 * input; its exact columns equal plain {@code stats}; other settings (the map table's size) give
 * other quantiles, each within the rank-error bound of an exact oracle (sorting).
 */
class ApproxDeterminismTest {
  private static final String PS = "0,0.01,0.25,0.5,0.75,0.99,1";
  /** A small sketch block, so that inputs of a few MB have dozens of blocks. */
  private static final long B = 64 << 10;
  /** Sketch size for the layout test: small enough that a key's burst of values compacts (flips coins). */
  private static final int BURST_K = 128;
  private static final String[] SMALL_BLOCKS = {"-D", SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES + "=" + B};
  @TempDir static Path tmp;
  static Path data;
  static long size;
  /** Lines "key,value" in bursts of one key, for the layout test. */
  static List<String> bursts;

  @BeforeAll
  static void generate() throws Exception {
    data = tmp.resolve("gen.csv");
    // 12 keys of ~5,000 values: far more than k = 200, so every sketch compacts (flips coins)
    LocalJobs.generate(data, "--rows", "60000", "--keys", "12",
        "--min", "-1000", "--max", "1000", "--seed", "11", "--decimals", "2");
    size = Files.size(data);
    bursts = burstyLines(new Random(23), 120_000);
  }

  /**
   * Keys come in bursts of 100 to 500 records (values uniform in [-1000, 1000], 2 decimals), so
   * that a map table of 3 keys is emitted every few hundred records, its sketches holding
   * hundreds of values each (more than k, so they compact and their seeds matter): several
   * emissions inside each 64 KiB block.
   */
  private static List<String> burstyLines(Random r, int rows) {
    List<String> lines = new ArrayList<>(rows);
    while (lines.size() < rows) {
      String key = "key" + r.nextInt(12);
      for (int n = 100 + r.nextInt(401); n > 0 && lines.size() < rows; n--) {
        lines.add(key + "," + BigDecimal.valueOf(r.nextInt(200_001) - 100_000, 2).toPlainString());
      }
    }
    return lines;
  }

  /** @return the output's part files, concatenated in part order (byte-exact). */
  private static String run(String name, long splitSize, int reducers, int slots, String... extra) throws Exception {
    Configuration conf = LocalJobs.localConf();
    conf.setLong(SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES, B);
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
    long split = size / 5 + 1; // rounded to 2 blocks: 6 map tasks
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

  /** The input forms of the layout test: each written from the same bursty lines. */
  enum Kind {
    PLAIN(true), CRLF(true), DELIMITER(true, "-D", "textinputformat.record.delimiter=#;"), HEADER(true, "--header"),
    TWO_FILES(true), GZIP(false), BZIP2(false), MULTILINE(false, "--multiline");

    final boolean splittable;
    final String[] args;

    Kind(boolean splittable, String... args) {
      this.splittable = splittable;
      this.args = args;
    }

    /** Writes the input into a new directory and returns it. */
    Path write(Path dir) throws IOException {
      Files.createDirectories(dir);
      int half = bursts.size() / 2;
      switch (this) {
        case CRLF -> Files.writeString(dir.resolve("in.csv"), join(bursts, "\r\n"));
        case DELIMITER -> Files.writeString(dir.resolve("in.csv"), join(bursts, "#;"));
        case HEADER -> Files.writeString(dir.resolve("in.csv"), "key,value\n" + join(bursts, "\n"));
        case TWO_FILES -> {
          Files.writeString(dir.resolve("a.csv"), join(bursts.subList(0, half), "\n"));
          Files.writeString(dir.resolve("b.csv"), join(bursts.subList(half, bursts.size()), "\n"));
        }
        case GZIP -> {
          for (String f : List.of("a", "b")) {
            List<String> part = f.equals("a") ? bursts.subList(0, half) : bursts.subList(half, bursts.size());
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve(f + ".csv.gz")))) {
              o.write(join(part, "\n").getBytes(StandardCharsets.UTF_8));
            }
          }
        }
        case BZIP2 -> { // 100k bzip2 blocks: several, so Hadoop could split it
          Configuration conf = new Configuration();
          conf.setInt("bzip2.compress.blocksize", 1);
          BZip2Codec codec = new BZip2Codec();
          codec.setConf(conf);
          try (OutputStream o = codec.createOutputStream(Files.newOutputStream(dir.resolve("in.csv.bz2")))) {
            o.write(join(bursts, "\n").getBytes(StandardCharsets.UTF_8));
          }
        }
        default -> Files.writeString(dir.resolve("in.csv"), join(bursts, "\n"));
      }
      return dir;
    }

    static String join(List<String> lines, String terminator) {
      return String.join(terminator, lines) + terminator;
    }
  }

  /** One run of the layout test: its part files' bytes (in part order) and its counters. */
  private record Layout(String name, List<String> parts, Map<String, Long> counters) {}

  private static Layout runLayout(Kind kind, Path in, String name, long maxSplit, int slots, int reducers)
      throws Exception {
    Configuration conf = LocalJobs.localConf();
    if (maxSplit > 0) {
      conf.setLong("mapreduce.input.fileinputformat.split.maxsize", maxSplit);
    }
    conf.setInt("mapreduce.local.map.tasks.maximum", slots);
    Path out = tmp.resolve(kind + "-" + name);
    List<String> args = new ArrayList<>(List.of(SMALL_BLOCKS));
    args.addAll(List.of("-D", SquaresConfig.QUANTILES_APPROX_K + "=" + BURST_K,
        // 3 keys' sketches: the table is emitted whenever a fourth key comes (every burst or so)
        "-D", SquaresConfig.QUANTILES_MAP_BUFFER_BYTES + "=" + 3 * (24 * BURST_K + 272)));
    args.addAll(List.of(kind.args)); // after the -D options, which must come first
    args.addAll(List.of("--quantiles", PS, "--approx-quantiles", "--key-column", "1", "--reducers", Integer.toString(reducers),
        in.toString(), out.toString()));
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), kind + " " + name + ": " + r.err());
    List<String> parts = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-r-")).sorted().toList()) {
        parts.add(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    Map<String, Long> counters = new TreeMap<>();
    Matcher m = Pattern.compile("\"([A-Z_]+)\": (\\d+)").matcher(Files.readString(out.resolve("_SUMMARY.json")));
    while (m.find()) {
      counters.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
    }
    return new Layout(name, parts, counters);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void approximateQuantilesAreByteIdenticalAcrossSplitSizesSlotsAndReducers(Kind kind) throws Exception {
    Path in = kind.write(tmp.resolve("in-" + kind));
    Layout ref = runLayout(kind, in, "1B", B, 1, 1);
    List<Layout> same = new ArrayList<>();
    if (kind.splittable) {
      for (String times : List.of("2", "2.5", "3.6")) { // 2.5B is split as 3B, 3.6B as 4B
        long split = new BigDecimal(times).multiply(BigDecimal.valueOf(B)).longValue();
        same.add(runLayout(kind, in, times + "B", split, 2, 1));
      }
    }
    same.add(runLayout(kind, in, "default-2-slots", 0, 2, 1)); // one split: the input is small
    for (Layout l : same) {
      assertEquals(ref.parts(), l.parts(), kind + ": " + l.name() + " vs " + ref.name());
    }
    Layout three = runLayout(kind, in, "3-reducers", kind.splittable ? 3 * B : 0, 2, 3);
    assertEquals(sortedLines(String.join("", ref.parts())), sortedLines(String.join("", three.parts())),
        kind + ": 3 reducers");

    // Not vacuous: the layouts differ (the local runner counts no launched maps, but the splits'
    // serialized bytes grow with their number), while the table is emitted the same many times
    // (dozens of times in each block, and at each block's end whatever the split's).
    long blocks = Kind.join(bursts, "\n").length() / B;
    assertTrue(blocks >= 20, blocks + " blocks");
    java.util.Set<Long> splitBytes = new java.util.TreeSet<>();
    long flushes = ref.counters().get("MAP_TABLE_FLUSHES");
    assertTrue(flushes >= 5 * blocks, kind + ": " + flushes + " table emissions in " + blocks + " blocks");
    for (Layout l : same) {
      splitBytes.add(l.counters().get("SPLIT_RAW_BYTES"));
      assertEquals(flushes, l.counters().get("MAP_TABLE_FLUSHES"), kind + ": table emissions in " + l.name());
    }
    splitBytes.add(ref.counters().get("SPLIT_RAW_BYTES"));
    assertTrue(kind.splittable ? splitBytes.size() >= 4 : splitBytes.size() == 1, kind + ": split bytes " + splitBytes);

    List<String> lines = sortedLines(String.join("", ref.parts()));
    assertEquals(12, lines.size(), kind.toString());
    assertWithinRankBound(lines, bursts, BURST_K);
  }

  private static List<String> plainStats() throws Exception {
    Path out = tmp.resolve("plain");
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), LocalJobs.localConf(), "--key-column", "1", data.toString(),
        out.toString());
    assertEquals(0, r.exitCode(), r.err());
    return partLines(out, "part-r-");
  }

  private static void assertWithinRankBound(List<String> lines) throws Exception {
    assertWithinRankBound(lines, Files.readAllLines(data, StandardCharsets.UTF_8), 200);
  }

  /**
   * Each approximate quantile's true normalized rank (from the sorted values of the input's
   * "key,value" lines) is within the bound for k of p.
   */
  private static void assertWithinRankBound(List<String> lines, List<String> input, int k) {
    Map<String, List<BigDecimal>> groups = new TreeMap<>();
    for (String line : input) {
      String[] f = line.split(",");
      groups.computeIfAbsent(f[0], key -> new ArrayList<>()).add(new BigDecimal(f[1]));
    }
    double bound = KllSketch.normalizedRankError(k);
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
