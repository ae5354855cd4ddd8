package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static io.squares.job.LocalJobs.ROOT;
import static io.squares.job.LocalJobs.partLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built, shaded jar run as {@code hadoop jar} runs it ({@code org.apache.hadoop.util.RunJar}
 * on a plain Hadoop 3.5 classpath), and through the {@code bin/squares} launcher.
 */
class SquaresJarIT {
  @TempDir Path tmp;

  private static final Path JAR = Path.of(System.getProperty("squares.jar", "target/squares.jar"));
  private static final Path HADOOP_CLASSPATH = Path.of("target/hadoop.classpath");

  record Proc(int code, String output) {}

  private Proc exec(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().remove("HADOOP_CONF_DIR");
    Path log = tmp.resolve("proc-" + System.nanoTime() + ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finished in time: " + command);
    return new Proc(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private List<String> runJar(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", Files.readString(HADOOP_CLASSPATH).trim(),
        "org.apache.hadoop.util.RunJar", JAR.toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void statsRunsThroughRunJarOnThePlainHadoopClasspath() throws Exception {
    assertTrue(Files.exists(JAR), "jar built: " + JAR);
    Path out = tmp.resolve("out");
    Proc p = exec(runJar("stats", "-conf", ROOT.resolve("conf/local.xml").toString(),
        "-D", "mapreduce.job.reduces=2", "--header", "--key-column", "region", "--value-column", "amount",
        DATASETS.resolve("sales/sales.csv").toString(), out.toString()));
    assertEquals(0, p.code(), p.output());
    List<String> lines = new ArrayList<>(partLines(out, "part-r-"));
    lines.sort(null);
    List<String> expected = new ArrayList<>(Files.readAllLines(DATASETS.resolve("sales/sales.stats.expected")));
    expected.sort(null);
    assertEquals(expected, lines);
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
  }

  @Test
  void exitCodesSurviveRunJar() throws Exception {
    Proc missing = exec(runJar("stats", DATASETS.resolve("no-such-file.csv").toString(), tmp.resolve("o").toString()));
    assertEquals(ExitCode.INPUT_NOT_FOUND.code(), missing.code(), missing.output());
    assertTrue(missing.output().contains("input not found"), missing.output());
    Proc unknown = exec(runJar("frobnicate"));
    assertEquals(ExitCode.USAGE.code(), unknown.code(), unknown.output());
  }

  @Test
  void launcherRunsSquareInLocalMode() throws Exception {
    Path out = tmp.resolve("sq");
    Proc p = exec(List.of(ROOT.resolve("bin/squares").toString(), "square",
        DATASETS.resolve("seed/numbers.txt").toString(), out.toString()));
    assertEquals(0, p.code(), p.output());
    assertEquals(List.of("1", "4", "9", "16"), partLines(out, "part-m-"));
    Proc help = exec(List.of(ROOT.resolve("bin/squares").toString(), "--help"));
    assertEquals(0, help.code());
    assertTrue(help.output().contains("Subcommands"), help.output());
  }
}
