package io.squares.ingest;

import static io.squares.ingest.IngestRuns.conf;
import static io.squares.ingest.IngestRuns.manifest;
import static io.squares.ingest.IngestRuns.pipeline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.ingest.LoopbackServer.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code squares pipeline} end to end: sources, staged splits, then the job on the LocalJobRunner. */
class PipelineTest {
  private static final Path DATASETS = Path.of(System.getProperty("user.dir")).getParent().resolve("datasets");

  @TempDir Path tmp;
  private LoopbackServer server;

  @BeforeEach
  void start() throws Exception {
    server = new LoopbackServer(16);
    server.latency(20);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<String> partLines(Path dir, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  /** @return the file's lines with their terminators, as byte arrays */
  private static List<byte[]> rawLines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(Arrays.copyOfRange(bytes, start, i + 1));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return lines;
  }

  @Test
  void httpSourcesAreStagedThenStatsMatchesTheOracle() throws Exception {
    // sales.csv (BOM, CRLF, quoted keys) cut into 4 splits, each with the header line.
    List<byte[]> lines = rawLines(Files.readAllBytes(DATASETS.resolve("sales/sales.csv")));
    byte[] header = lines.get(0);
    List<String> manifest = new ArrayList<>();
    int parts = 4;
    int per = (lines.size() - 1 + parts - 1) / parts;
    for (int p = 0; p < parts; p++) {
      ByteArrayOutputStream split = new ByteArrayOutputStream();
      split.write(header);
      for (int i = 1 + p * per; i < Math.min(lines.size(), 1 + (p + 1) * per); i++) {
        split.write(lines.get(i));
      }
      server.put("/sales/2025/part-" + p + ".csv", split.toByteArray());
      manifest.add(server.uri("/sales/2025/part-" + p + ".csv").toString());
    }
    Path out = tmp.resolve("out");
    Path stage = tmp.resolve("stage");
    IngestRuns.Result r = pipeline(conf(), "--manifest", manifest(tmp, manifest).toString(), "--staging",
        stage.toString(), "--header", "--key-column", "region", "--value-column", "amount", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(Files.readAllLines(DATASETS.resolve("sales/sales.stats.expected")), partLines(out, "part-r-"));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(Files.exists(stage.resolve(StagingArea.MARKER)));
    String summary = Files.readString(out.resolve("_SUMMARY.json"));
    assertTrue(summary.contains(stage.resolve("part-3.csv").toString()), summary);
  }

  @Test
  void manySplitsOfGeneratedDataGiveTheStatsComputedHere() throws Exception {
    // Independent oracle: exact count, sum, sum of squares, min, max with BigInteger, and the mean
    // rounded to 17 significant digits, half-even, as the README specifies.
    Random random = new Random(42);
    Map<String, List<BigInteger>> values = new TreeMap<>();
    List<String> manifest = new ArrayList<>();
    for (int s = 0; s < 12; s++) {
      StringBuilder csv = new StringBuilder();
      for (int i = 0; i < 150; i++) {
        String key = "k" + random.nextInt(5);
        long v = random.nextLong() >> random.nextInt(64);
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(BigInteger.valueOf(v));
        csv.append(key).append(',').append(v).append('\n');
      }
      server.put("/gen/s" + s + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8));
      manifest.add(server.uri("/gen/s" + s + ".csv").toString());
    }
    Path out = tmp.resolve("out");
    IngestRuns.Result r = pipeline(conf(), "--concurrency", "4", "--manifest", manifest(tmp, manifest).toString(),
        "--staging", tmp.resolve("stage").toString(), "--key-column", "1", "--reducers", "2", out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> got = new ArrayList<>(partLines(out, "part-r-"));
    got.sort(null);
    List<String> expected = new ArrayList<>();
    for (Map.Entry<String, List<BigInteger>> e : values.entrySet()) {
      List<BigInteger> v = e.getValue();
      BigInteger sum = v.stream().reduce(BigInteger.ZERO, BigInteger::add);
      BigInteger squares = v.stream().map(x -> x.multiply(x)).reduce(BigInteger.ZERO, BigInteger::add);
      BigDecimal mean = new BigDecimal(sum).divide(BigDecimal.valueOf(v.size()), new MathContext(17, RoundingMode.HALF_EVEN));
      expected.add(String.join("\t", e.getKey(), Integer.toString(v.size()), sum.toString(), squares.toString(),
          v.stream().min(BigInteger::compareTo).orElseThrow().toString(),
          v.stream().max(BigInteger::compareTo).orElseThrow().toString(),
          mean.signum() == 0 ? "0" : mean.stripTrailingZeros().toPlainString()));
    }
    List<String> firstSeven = got.stream().map(l -> String.join("\t", Arrays.copyOf(l.split("\t"), 7))).toList();
    assertEquals(expected, firstSeven);
  }

  @Test
  void squareOverAFileGlobKeepsInputOrder() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("n-1.txt"), "1\n2\n");
    Files.writeString(src.resolve("n-2.txt"), "3\n4\n");
    Path out = tmp.resolve("sq");
    IngestRuns.Result r = pipeline(conf(), "--manifest", manifest(tmp, List.of("file://" + src + "/n-*.txt")).toString(),
        "--staging", tmp.resolve("stage").toString(), "--job", "square", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(Files.readAllLines(DATASETS.resolve("seed/numbers.square.expected")), partLines(out, "part-m-"));
  }

  @Test
  void multilineIsPassedToTheJob() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("m.csv"), "\"x\ny\",5\nx,1\n");
    Path out = tmp.resolve("sq");
    IngestRuns.Result r = pipeline(conf(), "--manifest", manifest(tmp, List.of("file://" + src + "/m.csv")).toString(),
        "--staging", tmp.resolve("stage").toString(), "--job", "square", "--multiline", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("25", "1"), partLines(out, "part-m-"));
    assertTrue(Files.readString(out.resolve("_SUMMARY.json")).contains("\"multiline\": \"true\""));
  }

  @Test
  void aFailedSourceMeansTheJobIsNotSubmitted() throws Exception {
    server.put("/ok.csv", "a,1\n".getBytes(StandardCharsets.UTF_8));
    server.faults("/bad.csv", new Status(410));
    Path out = tmp.resolve("out");
    IngestRuns.Result r = pipeline(conf(), "--manifest", manifest(tmp, List.of(server.uri("/ok.csv").toString(),
        server.uri("/bad.csv").toString())).toString(), "--staging", tmp.resolve("stage").toString(), out.toString());
    assertEquals(ExitCode.INGEST_FAILED.code(), r.code(), r.err());
    assertTrue(r.err().contains("1 of 2 sources failed after their retries and the job was not submitted"), r.err());
    assertTrue(r.err().contains("FAIL: " + server.uri("/bad.csv")), r.err());
    assertFalse(Files.exists(out));
    assertTrue(Files.exists(tmp.resolve("stage/ok.csv")), "the good split stays staged");
  }

  @Test
  void describeReachesTheJobAndABadQuantileListIsRefusedBeforeFetching() throws Exception {
    server.put("/sales.csv", Files.readAllBytes(DATASETS.resolve("sales/sales.csv")));
    String m = manifest(tmp, List.of(server.uri("/sales.csv").toString())).toString();
    IngestRuns.Result r = pipeline(conf(), "--manifest", m, "--staging", tmp.resolve("bad-stage").toString(),
        "--quantiles", "0.5,2", tmp.resolve("bad-out").toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("'2'"), r.err());
    assertEquals(0, server.totalRequests(), "nothing was fetched");
    Path out = tmp.resolve("out");
    r = pipeline(conf(), "--manifest", m, "--staging", tmp.resolve("stage").toString(), "--describe", "--header",
        "--key-column", "region", "--value-column", "amount", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(Files.readAllLines(DATASETS.resolve("sales/sales.stats-describe.expected")), partLines(out, "part-r-"));
  }

  @Test
  void badJobOptionsAndAnExistingOutputAreRefusedBeforeFetching() throws Exception {
    server.put("/a.csv", "1\n".getBytes(StandardCharsets.UTF_8));
    String m = manifest(tmp, List.of(server.uri("/a.csv").toString())).toString();
    String stage = tmp.resolve("stage").toString();
    IngestRuns.Result r = pipeline(conf(), "--manifest", m, "--staging", stage, "--job", "square", "--key-column", "1",
        tmp.resolve("o1").toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("--key-column is not an option of square"), r.err());
    r = pipeline(conf(), "--manifest", m, "--staging", stage, "--delimiter", "ab", tmp.resolve("o2").toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    Path existing = Files.createDirectories(tmp.resolve("o3"));
    r = pipeline(conf(), "--manifest", m, "--staging", stage, existing.toString());
    assertEquals(ExitCode.OUTPUT_EXISTS.code(), r.code(), r.err());
    r = pipeline(conf(), "--manifest", m, "--staging", stage, "--job", "sum", tmp.resolve("o4").toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertEquals(0, server.totalRequests(), "nothing was fetched");
    assertFalse(Files.exists(Path.of(stage)));
  }

  @Test
  void theJobsExitCodeIsPassedOn() throws Exception {
    server.put("/bad.csv", "1\nnot a number\n3\n".getBytes(StandardCharsets.UTF_8));
    IngestRuns.Result r = pipeline(conf(), "--manifest", manifest(tmp, List.of(server.uri("/bad.csv").toString())).toString(),
        "--staging", tmp.resolve("stage").toString(), "--bad-records", "fail", tmp.resolve("out").toString());
    assertEquals(ExitCode.BAD_RECORDS.code(), r.code(), r.err());
    assertTrue(r.err().contains("bad.csv"), r.err());
  }
}
