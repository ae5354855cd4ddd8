package io.squares.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.squares.job.CommandTool;
import io.squares.job.IngestTool;
import io.squares.job.PipelineTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/** Runs {@code ingest} and {@code pipeline} in-process, and the test's own oracles. */
final class IngestRuns {
  /** Exit code and what the tool printed on stderr. */
  record Result(int code, String err) {}

  private IngestRuns() {}

  /** @return a local configuration with short backoff and timeouts, so that fault tests are quick */
  static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set(IngestConfig.RETRY_BACKOFF, "1ms");
    conf.set(IngestConfig.CONNECT_TIMEOUT, "2s");
    conf.set(IngestConfig.IDLE_TIMEOUT, "5s");
    return conf;
  }

  static Result ingest(Configuration conf, String... args) throws Exception {
    return run(new IngestTool(), conf, args);
  }

  static Result pipeline(Configuration conf, String... args) throws Exception {
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.client.completion.pollinterval", 50);
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 50);
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    return run(new PipelineTool(), conf, args);
  }

  private static Result run(CommandTool tool, Configuration conf, String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    tool.setStreams(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = ToolRunner.run(conf, tool, args);
    return new Result(code, err.toString(StandardCharsets.UTF_8));
  }

  /** @return the sha256 of the bytes, computed here (the oracle), lower-case hex */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Path manifest(Path dir, List<String> lines) throws IOException {
    Path m = dir.resolve("sources-" + System.nanoTime() + ".txt");
    Files.write(m, lines, StandardCharsets.UTF_8);
    return m;
  }

  static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  /** @return names in dir (not recursive), sorted */
  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** @return names in dir that are partial files of an attempt */
  static List<String> partials(Path dir) throws IOException {
    return names(dir).stream().filter(n -> n.contains(".squares-partial-")).toList();
  }

  /** @return the visible (non-hidden) files in dir, as Hadoop's input listing sees them */
  static List<String> visible(Path dir) throws IOException {
    return names(dir).stream().filter(n -> !n.startsWith(".") && !n.startsWith("_")).toList();
  }
}
