package io.squares.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingest} and {@code pipeline} through the {@code bin/squares} launcher and the packaged jar. */
class IngestLauncherIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path tmp;

  private record Proc(int code, String output) {}

  private Proc squares(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/squares").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().remove("HADOOP_CONF_DIR");
    Path log = tmp.resolve("proc-" + System.nanoTime() + ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished in time: " + cmd);
    return new Proc(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  @Test
  void pipelineRunsSquareOverStagedFilesInLocalMode() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("n-1.txt"), "1\n2\n");
    Files.writeString(src.resolve("n-2.txt"), "3\n4\n");
    Path manifest = Files.writeString(tmp.resolve("sources.txt"), "# numbers\nfile://" + src + "/n-*.txt\n");
    Path out = tmp.resolve("sq");
    Proc p = squares("pipeline", "--manifest", manifest.toString(), "--staging", tmp.resolve("stage").toString(),
        "--job", "square", out.toString());
    assertEquals(0, p.code(), p.output());
    List<String> squares = new ArrayList<>();
    for (String name : IngestRuns.names(out)) {
      if (name.startsWith("part-m-")) {
        squares.addAll(Files.readAllLines(out.resolve(name)));
      }
    }
    assertEquals(List.of("1", "4", "9", "16"), squares);
    assertTrue(p.output().contains("2 of 2 splits staged"), p.output());
  }

  @Test
  void aSourceThatStillFailsExitsSevenThroughTheLauncher() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Proc p = squares("ingest", "--retries", "0", "--to", tmp.resolve("stage").toString(),
        "http://127.0.0.1:" + closed + "/x.csv");
    assertEquals(ExitCode.INGEST_FAILED.code(), p.code(), p.output());
    assertTrue(p.output().contains("FAIL: http://127.0.0.1:" + closed + "/x.csv"), p.output());
  }
}
