package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static io.squares.job.LocalJobs.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pseudo-cluster} as a user runs it, without HADOOP_HOME (the CLI MiniCluster): start,
 * idempotent start, status, a stats job and a nightly run on HDFS + YARN through conf/pseudo as
 * any client would use it, stop, and nothing left running. Needs the cluster's fixed ports
 * (9000, 8032, ...): when another cluster holds them this test is skipped, saying so.
 */
class PseudoClusterIT {
  private static final Path CLUSTER = ROOT.resolve("bin/pseudo-cluster");
  private static final int[] PORTS = {9000, 9870, 8032, 8088, 10020, 19888};

  @TempDir Path tmp;

  record Proc(int code, String output) {}

  private Proc run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SQUARES_PSEUDO_DIR", tmp.resolve("pseudo").toString());
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().put("SQUARES_PSEUDO_MODE", "minicluster");
    pb.environment().remove("HADOOP_CONF_DIR");
    pb.environment().putAll(env);
    Path log = tmp.resolve("proc-" + System.nanoTime() + ".log");
    Process p = pb.redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished in time: " + List.of(cmd));
    return new Proc(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private Proc cluster(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(CLUSTER.toString()));
    cmd.addAll(List.of(args));
    return run(Map.of(), cmd.toArray(new String[0]));
  }

  /** A client as the README shows it: HADOOP_CONF_DIR=conf/pseudo bin/... */
  private Proc client(String... cmd) throws IOException, InterruptedException {
    return run(Map.of("HADOOP_CONF_DIR", ROOT.resolve("conf/pseudo").toString()), cmd);
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** @return processes whose working directory is under dir (the cluster and its containers) */
  private static List<String> processesIn(Path dir) throws IOException {
    String root = dir.toRealPath().toString();
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          if (Files.readSymbolicLink(p.resolve("cwd")).toString().startsWith(root)) {
            found.add(p.getFileName().toString());
          }
        } catch (IOException | SecurityException e) {
          // gone, or not ours to look at
        }
      }
    }
    return found;
  }

  @Test
  void startStatusRunJobsOnYarnAndStopLeavingNothingBehind() throws Exception {
    for (int port : PORTS) {
      Assumptions.assumeFalse(listening(port), "port " + port + " is taken (a pseudo cluster already runs here?)");
    }
    Path pseudo = tmp.resolve("pseudo");
    try {
      Proc status = cluster("status");
      assertEquals(3, status.code(), "not running yet: " + status.output());

      Proc start = cluster("start");
      assertEquals(0, start.code(), start.output());
      Proc again = cluster("start");
      assertEquals(0, again.code(), again.output());
      assertTrue(again.output().contains("already running"), again.output());

      status = cluster("status");
      assertEquals(0, status.code(), status.output());
      for (String part : List.of("HDFS            hdfs://localhost:9000      up", "YARN            localhost:8032",
          "1 NodeManager(s) running", "JobHistory      localhost:10020            up", "log:")) {
        assertTrue(status.output().contains(part), part + " in: " + status.output());
      }
      assertTrue(Files.size(pseudo.resolve("logs/minicluster.log")) > 0, "its log is where status says");

      // A stats job on YARN, input and output on HDFS, through conf/pseudo.
      assertEquals(0, cluster("fs", "-mkdir", "-p", "/in").code());
      assertEquals(0, cluster("fs", "-put", DATASETS.resolve("sales/sales.csv").toString(), "/in/").code());
      Proc job = client(ROOT.resolve("bin/squares").toString(), "stats", "--header", "--key-column", "region",
          "--value-column", "amount", "hdfs:///in", "hdfs:///out");
      assertEquals(0, job.code(), job.output());
      assertTrue(job.output().contains("running in uber mode : true"), job.output());
      Proc cat = cluster("fs", "-cat", "/out/part-r-00000");
      assertEquals(Files.readString(DATASETS.resolve("sales/sales.stats.expected")), cat.output());

      // The nightly batch with staging and partitions on HDFS (its lock and logs stay local).
      Path manifest = tmp.resolve("manifest.txt");
      Files.writeString(manifest, "file://" + DATASETS.resolve("sales/sales.csv") + "\n");
      List<String> nightly = List.of(ROOT.resolve("bin/nightly").toString(), "--date", "2026-11-01",
          "--manifest", manifest.toString(), "--staging-root", "hdfs:///nightly/staging",
          "--output-root", "hdfs:///nightly/out", "--state-dir", tmp.resolve("state").toString(),
          "--", "--header", "--key-column", "region", "--value-column", "amount");
      Proc first = client(nightly.toArray(new String[0]));
      assertEquals(0, first.code(), first.output());
      assertEquals(Files.readString(DATASETS.resolve("sales/sales.stats.expected")),
          cluster("fs", "-cat", "/nightly/out/dt=2026-11-01/part-r-00000").output());
      assertEquals(0, cluster("fs", "-test", "-e", "/nightly/staging/dt=2026-11-01/sales.csv").code());
      Proc rerun = client(nightly.toArray(new String[0]));
      assertEquals(0, rerun.code(), rerun.output());
      assertTrue(rerun.output().contains("already published"), rerun.output());

      Proc stop = cluster("stop");
      assertEquals(0, stop.code(), stop.output());
      assertEquals(3, cluster("status").code());
      assertEquals(List.of(), processesIn(pseudo), "no process left behind");
      for (int port : PORTS) {
        assertTrue(!listening(port), "port " + port + " closed");
      }
    } finally {
      cluster("stop");
    }
  }
}
