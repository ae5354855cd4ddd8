package io.squares.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/squares bench duckdb} and {@code bench quantiles} end to end on a tiny shape, DuckDB
 * included (its JDBC jar copied by the {@code duckdb} execution of the POM before the integration
 * tests): they print the side-by-side table with ratios and the outputs agree key by key. And
 * DuckDB stays out of the job jar and of the classpath files the job runs with.
 */
class BenchDuckDbIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path DUCKDB_JAR = Path.of(System.getProperty("squares.duckdb.jar",
      ROOT.resolve("job/target/duckdb/duckdb_jdbc.jar").toString()));
  /** A table row: the shape, then a ratio cell such as {@code 2.41x}. */
  private static final Pattern RATIO = Pattern.compile("\\| 20,000 x 200 \\| 200 \\|.* \\d+\\.\\d\\dx[ |]");

  @TempDir Path tmp;

  private String bench(String mode) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/squares").toString(), "bench", mode,
        "--rows", "20000", "--keys", "200", "--runs", "1", "--dir", tmp.toString(), "--duckdb-jar",
        DUCKDB_JAR.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().remove("HADOOP_CONF_DIR");
    Path log = tmp.resolve(mode + ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    // About 15 s on a quiet machine; minutes when other builds load the two cores.
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      fail("not finished in 10 minutes: " + cmd + "\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    return output;
  }

  @Test
  void duckdbModePrintsTheRatioAndTheOutputsAgree() throws Exception {
    String out = bench("duckdb");
    assertTrue(out.contains("DuckDB v"), out);
    assertTrue(out.contains("| Squares s | DuckDB s | Squares / DuckDB |"), out);
    assertTrue(RATIO.matcher(out).find(), out);
    assertTrue(out.contains("stats vs DuckDB: 200 keys agree"), out);
    assertFalse(out.contains("DIFFER"), out);
  }

  @Test
  void quantilesModeComparesExactQuartilesWithDuckDbQuantileCont() throws Exception {
    String out = bench("quantiles");
    assertTrue(out.contains("| exact / DuckDB q | approx / stats |"), out);
    assertTrue(RATIO.matcher(out).find(), out);
    assertTrue(out.contains("exact quantiles vs DuckDB: 200 keys agree"), out);
    assertTrue(out.contains("approx's exact columns vs stats: 200 keys agree"), out);
  }

  @Test
  void duckDbIsInNeitherTheJobJarNorItsClasspaths() throws IOException {
    assertTrue(Files.isRegularFile(DUCKDB_JAR), "the benchmark has DuckDB: " + DUCKDB_JAR);
    try (ZipFile jar = new ZipFile(System.getProperty("squares.jar",
        ROOT.resolve("job/target/squares.jar").toString()))) {
      List<String> duck = jar.stream().map(e -> e.getName()).filter(n -> n.toLowerCase().contains("duckdb")
          && !n.startsWith("io/squares/bench/")).toList();
      assertEquals(List.of(), duck);
      assertTrue(jar.getEntry("io/squares/bench/DuckDbStats.class") != null, "the JDBC-only runner is in it");
    }
    for (String file : List.of("hadoop.classpath", "minicluster.classpath")) {
      String cp = Files.readString(ROOT.resolve("job/target").resolve(file), StandardCharsets.UTF_8);
      assertFalse(cp.toLowerCase().contains("duckdb"), file + ": " + cp);
    }
  }
}
