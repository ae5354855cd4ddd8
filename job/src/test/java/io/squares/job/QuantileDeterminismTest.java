package io.squares.job;

import static io.squares.job.LocalJobs.partLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
 * {@code stats --quantiles} output is byte-identical whatever the split size, number of reducers,
 * combiner, in-mapper key limit, map and reduce buffer budgets and exact method (runs or sort); its first nine columns equal plain
 * {@code stats}; and its quantiles equal a brute-force oracle computed here (sort, then the
 * definition in BigDecimal).
 */
class QuantileDeterminismTest {
  private static final String PS = "0,0.25,0.5,0.75,0.9,0.999,1,0.3333";
  @TempDir static Path tmp;
  static Path generated;
  static Path extremes;

  @BeforeAll
  static void generate() throws Exception {
    generated = tmp.resolve("gen.csv");
    // few distinct values per key: many ties, so runs with counts > 1
    LocalJobs.generate(generated, "--rows", "30000", "--keys", "40",
        "--min", "-500", "--max", "500", "--seed", "7", "--decimals", "1");
    StringBuilder sb = new StringBuilder();
    String[] big = {"9223372036854775807", "-9223372036854775808", "9.2e18", "123456789012345678901234567890.5",
        "-0.000000000000000000001", "1e-30", "5", "-0", "1e999", "-2.50"};
    for (int i = 0; i < 400; i++) {
      sb.append("k0000").append(i % 7).append(',').append(big[i % big.length]).append('\n');
    }
    sb.append("lonely,3.5\n");
    extremes = tmp.resolve("extremes.csv");
    Files.writeString(extremes, sb);
  }

  private List<String> run(String name, long splitSize, int reducers, boolean combiner, int mapMaxKeys,
      long bufferBytes, String... options) throws Exception {
    Configuration conf = LocalJobs.localConf();
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", splitSize);
    conf.setBoolean(SquaresConfig.COMBINER, combiner);
    conf.setInt(SquaresConfig.MAP_MAX_KEYS, mapMaxKeys);
    conf.setLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES, bufferBytes);
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("--key-column", "1", "--reducers", Integer.toString(reducers), generated.toString(),
        extremes.toString(), out.toString()));
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), conf, args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.err());
    List<String> sorted = new ArrayList<>(partLines(out, "part-r-"));
    Collections.sort(sorted);
    return sorted;
  }

  @Test
  void exactQuantilesAreIdenticalAcrossSplitsReducersCombinerAndFlushes() throws Exception {
    long big = SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT;
    List<String> baseline = run("one-split", Long.MAX_VALUE, 1, true, SquaresConfig.MAP_MAX_KEYS_DEFAULT, big,
        "--quantiles", PS);
    assertEquals(baseline, run("small-splits-3-reducers-no-combining", 64 * 1024, 3, false, 0, big, "--quantiles", PS));
    assertEquals(baseline, run("tiny-table-2-reducers", 40 * 1024, 2, true, 3, 1, "--quantiles", PS));
    assertEquals(baseline, run("small-budget-no-combiner", 40 * 1024, 4, false, 1000, 64 * 1024, "--quantiles", PS));
    assertEquals(baseline, run("sort-method", 64 * 1024, 3, true, SquaresConfig.MAP_MAX_KEYS_DEFAULT, big,
        "-D", SquaresConfig.QUANTILES_EXACT_METHOD + "=sort", "--quantiles", PS));
    assertEquals(baseline, run("runs-spilled-at-reduce", 40 * 1024, 2, true, 50, 4096,
        "-D", SquaresConfig.QUANTILES_REDUCE_BUFFER_BYTES + "=100", "--quantiles", PS));
    List<String> plain = run("plain", 64 * 1024, 2, true, SquaresConfig.MAP_MAX_KEYS_DEFAULT, big);
    assertEquals(plain.size(), baseline.size());
    for (int i = 0; i < plain.size(); i++) {
      assertTrue(baseline.get(i).startsWith(plain.get(i) + "\t"), baseline.get(i));
    }
    assertQuantilesMatchOracle(baseline);
  }

  private static void assertQuantilesMatchOracle(List<String> lines) throws Exception {
    Map<String, List<BigDecimal>> groups = new TreeMap<>();
    for (Path p : List.of(generated, extremes)) {
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        String[] f = line.split(",");
        groups.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new BigDecimal(f[1]));
      }
    }
    String[] ps = PS.split(",");
    assertEquals(groups.size(), lines.size());
    for (String line : lines) {
      String[] f = line.split("\t");
      List<BigDecimal> v = new ArrayList<>(groups.get(f[0]));
      Collections.sort(v);
      for (int i = 0; i < ps.length; i++) {
        BigDecimal h = new BigDecimal(v.size() - 1).multiply(new BigDecimal(ps[i]));
        int lo = h.setScale(0, RoundingMode.FLOOR).intValueExact();
        BigDecimal frac = h.subtract(BigDecimal.valueOf(lo));
        BigDecimal q = frac.signum() == 0 ? v.get(lo)
            : v.get(lo).add(frac.multiply(v.get(lo + 1).subtract(v.get(lo)), MathContext.UNLIMITED));
        BigDecimal got = new BigDecimal(f[9 + i]);
        assertEquals(0, q.compareTo(got), "p=" + ps[i] + " of " + f[0] + ": " + f[9 + i]);
        assertEquals(got.stripTrailingZeros().scale() <= 0 ? got.toBigIntegerExact().toString()
            : got.stripTrailingZeros().toPlainString(), f[9 + i], "canonical text");
      }
    }
  }
}
