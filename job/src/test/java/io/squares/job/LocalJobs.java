package io.squares.job;

import io.squares.datasets.DatasetGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/** Runs job subcommands in-process on the LocalJobRunner, as bin/squares does in local mode. */
final class LocalJobs {
  /** The repository root (tests run in job/). */
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  static final Path DATASETS = ROOT.resolve("datasets");

  /**
   * JVM options for the short-lived JVMs the integration tests start (YARN containers, clients,
   * nightly runs): the C1 compiler only and the serial collector start them in about half the CPU
   * time of the defaults on a 2-core machine. No {@code -Xmx}: callers add their own.
   */
  static final String SHORT_LIVED_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /** Exit code and what the tool printed on stderr. */
  record Result(int exitCode, String err) {}

  private LocalJobs() {}

  static Configuration localConf() {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.client.completion.pollinterval", 50);
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 50);
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    return conf;
  }

  static Result run(CommandTool tool, Configuration conf, String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    tool.setStreams(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = ToolRunner.run(conf, tool, args);
    return new Result(code, err.toString(StandardCharsets.UTF_8));
  }

  static Result stats(String... args) throws Exception {
    return run(new StatsTool(), localConf(), args);
  }

  static Result square(String... args) throws Exception {
    return run(new SquareTool(), localConf(), args);
  }

  /** @return the lines of all files named prefix* in dir, files in name order */
  static List<String> partLines(Path dir, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  /**
   * Writes a dataset with the project's generator (as {@code bin/squares generate}).
   *
   * @param file where
   * @param args the generator's options, e.g. {@code --rows 1000 --keys 10 --seed 7}
   * @return file
   * @throws AssertionError when the generator fails, with what it printed
   */
  static Path generate(Path file, String... args) throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = file.toString();
    int code = DatasetGenerator.run(all, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    if (code != 0) {
      throw new AssertionError("the generator exited " + code + ": " + err);
    }
    return file;
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
