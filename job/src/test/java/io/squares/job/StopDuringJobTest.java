package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code stats} run stopped with SIGTERM while its job runs (a child JVM in local mode, with a
 * mapper that stalls): the temporary output is removed, nothing is published, and the exit code is
 * the JVM's for SIGTERM. (That the job is killed matters on YARN, where it would otherwise run on;
 * in local mode it dies with the JVM.)
 */
class StopDuringJobTest {
  @TempDir Path tmp;

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static boolean running(Path outDir) throws IOException {
    for (String name : names(outDir)) {
      if (Files.isDirectory(outDir.resolve(name).resolve("_temporary"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aStoppedJobIsKilledAndLeavesNoOutputNorTemporaryOutput() throws Exception {
    Path outDir = Files.createDirectories(tmp.resolve("out"));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.squares.SquaresMain", "stats",
        "-D", "fs.defaultFS=file:///", "-D", "mapreduce.framework.name=local",
        "-D", "squares.stats.mapper.class=io.squares.testing.StallingStatsMapper",
        "--header", "--key-column", "region", "--value-column", "amount",
        DATASETS.resolve("sales/sales.csv").toString(), outDir.resolve("stats").toString());
    Path log = tmp.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // The job runs once its committer has set up the temporary output.
      while (!running(outDir)) {
        assertTrue(child.isAlive(), () -> "the child ended early: " + read(log));
        assertTrue(System.nanoTime() < deadline, () -> "the job did not start: " + read(log));
        Thread.sleep(20);
      }
      assertEquals(1, names(outDir).size(), "a temporary output while the job runs: " + names(outDir));
      assertTrue(names(outDir).get(0).startsWith(".stats.squares-"), names(outDir).toString());
      child.destroy(); // SIGTERM
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "stopped in time");
    } finally {
      child.destroyForcibly();
    }
    String out = read(log);
    assertEquals(128 + 15, child.exitValue(), out);
    assertEquals(List.of(), names(outDir), "neither the output nor its temporary directory: " + out);
    assertTrue(out.contains("stopped: killing the stats job"), out);
    assertFalse(out.contains("part-r-"), out);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
