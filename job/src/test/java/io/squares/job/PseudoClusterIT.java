package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static io.squares.job.LocalJobs.ROOT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pseudo-cluster} as a user runs it, without HADOOP_HOME (each daemon a JVM from the
 * Maven-resolved jars), with 3 workers: start, idempotent start, status, the web UIs over HTTP,
 * nothing but the shuffle listening beyond loopback, a nightly run (in uber mode) through
 * conf/pseudo as any client would use it, a multi-block job whose maps run on several workers and
 * which loses worker 2 mid-way and still publishes exactly local mode's output, start-node, stop,
 * and nothing left running. One cluster start serves every case; files are checked through an
 * HDFS client in this JVM (one {@code fs} command puts the input). Needs the cluster's fixed
 * ports (9000, 8032, ...): when another cluster holds them this test is skipped, saying so.
 */
class PseudoClusterIT {
  private static final Path CLUSTER = ROOT.resolve("bin/pseudo-cluster");
  private static final Path SQUARES = ROOT.resolve("bin/squares");
  private static final int[] PORTS = {9000, 9870, 8032, 8088, 10020, 19888, 9866, 9966, 10066, 8041, 8141, 8241};
  private static final int WORKERS = 3;
  /** The shuffle ports of workers 1 to 3: Hadoop's ShuffleHandler binds them to every interface. */
  private static final Set<Integer> SHUFFLE_PORTS = Set.of(13562, 13662, 13762);
  private static final HttpClient HTTP = HttpClient.newBuilder().proxy(ProxySelector.of(null))
      .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The jobs' JVMs (ApplicationMaster, tasks) as short-lived test JVMs, given with -D as a user
   * would; conf/pseudo itself is unchanged.
   */
  private static final List<String> TEST_JVMS = List.of(
      "-D", "yarn.app.mapreduce.am.command-opts=-Xmx820m " + LocalJobs.SHORT_LIVED_JVM,
      // No -Xmx for tasks: Hadoop derives it from mapreduce.*.memory.mb (1 GiB), as without
      // these options; an -Xmx here would size the container from the heap instead (2 GiB).
      "-D", "mapreduce.map.java.opts=" + LocalJobs.SHORT_LIVED_JVM,
      "-D", "mapreduce.reduce.java.opts=" + LocalJobs.SHORT_LIVED_JVM);

  @TempDir Path tmp;

  record Proc(int code, String output) {}

  private ProcessBuilder builder(Map<String, String> env, List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SQUARES_PSEUDO_DIR", tmp.resolve("pseudo").toString());
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().put("SQUARES_PSEUDO_MODE", "daemons");
    // A busy machine (other builds) can take minutes to start 9 JVMs on 2 cores.
    pb.environment().put("SQUARES_PSEUDO_TIMEOUT", "600");
    pb.environment().remove("HADOOP_CONF_DIR");
    pb.environment().putAll(env);
    return pb.redirectOutput(tmp.resolve("proc-" + System.nanoTime() + ".log").toFile());
  }

  private Proc run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    ProcessBuilder pb = builder(env, List.of(cmd));
    Process p = pb.start();
    assertTrue(p.waitFor(600, TimeUnit.SECONDS), "finished in time: " + List.of(cmd));
    System.err.printf("%6.1f s  %s%n", (System.nanoTime() - t0) / 1e9, String.join(" ", cmd));
    return new Proc(p.exitValue(), Files.readString(pb.redirectOutput().file().toPath(), StandardCharsets.UTF_8));
  }

  private Proc cluster(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(CLUSTER.toString()));
    cmd.addAll(List.of(args));
    return run(Map.of(), cmd.toArray(new String[0]));
  }

  private static Map<String, String> clientEnv() {
    return Map.of("HADOOP_CONF_DIR", ROOT.resolve("conf/pseudo").toString());
  }

  /** A client as the README shows it: HADOOP_CONF_DIR=conf/pseudo bin/... */
  private Proc client(String... cmd) throws IOException, InterruptedException {
    return run(clientEnv(), cmd);
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode getJson(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = get(url);
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  private static List<Path> procs() throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList();
    }
  }

  /** @return processes working under dir or naming it on their command line (cluster and containers) */
  private static List<String> processesOf(Path dir) throws IOException {
    String root = dir.toRealPath().toString();
    List<String> found = new ArrayList<>();
    for (Path p : procs()) {
      String cwd;
      try {
        cwd = Files.readSymbolicLink(p.resolve("cwd")).toString();
      } catch (IOException | SecurityException e) {
        continue; // gone, a zombie, or not ours to look at
      }
      if (cwd.startsWith(root) || commandLine(p).contains(root)) {
        found.add(p.getFileName() + " " + commandLine(p));
      }
    }
    return found;
  }

  /**
   * @return "address:port" of every TCP socket the cluster's daemons (processes with -Dproc_ and
   *     the data directory on their command line) listen on, from /proc/net/tcp{,6}
   */
  private static Set<String> daemonListenAddresses(Path dir) throws IOException {
    String root = dir.toRealPath().toString();
    Set<String> inodes = new HashSet<>();
    for (Path p : procs()) {
      String args = commandLine(p);
      if (!args.contains("-Dproc_") || !args.contains(root)) {
        continue;
      }
      try (Stream<Path> fds = Files.list(p.resolve("fd"))) {
        for (Path fd : fds.toList()) {
          try {
            Matcher m = Pattern.compile("socket:\\[(\\d+)]").matcher(Files.readSymbolicLink(fd).toString());
            if (m.matches()) {
              inodes.add(m.group(1));
            }
          } catch (IOException e) {
            // closed meanwhile
          }
        }
      } catch (IOException e) {
        // gone
      }
    }
    Set<String> addresses = new TreeSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          addresses.add(hexAddress(local[0]) + ":" + Integer.parseInt(local[1], 16));
        }
      }
    }
    return addresses;
  }

  /** @return a /proc/net address (words of 4 little-endian bytes) as its bytes in order, dot-separated */
  private static String hexAddress(String hex) {
    StringBuilder s = new StringBuilder();
    for (int w = 0; w < hex.length(); w += 8) {
      for (int b = 6; b >= 0; b -= 2) {
        s.append(Integer.parseInt(hex.substring(w + b, w + b + 2), 16)).append('.');
      }
    }
    return s.substring(0, s.length() - 1);
  }

  private static boolean loopback(String address) {
    String host = address.substring(0, address.lastIndexOf(':'));
    return host.equals("127.0.0.1") // IPv4
        || host.equals("0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1") // ::1
        || host.equals("0.0.0.0.0.0.0.0.0.0.255.255.127.0.0.1"); // ::ffff:127.0.0.1
  }

  /** @return the job id the client printed ("Running job: job_...") */
  private static String jobId(String output) {
    Matcher m = Pattern.compile("Running job: (job_\\d+_\\d+)").matcher(output);
    assertTrue(m.find(), "job id in: " + output);
    return m.group(1);
  }

  /** @return the NodeManager web addresses where the job's successful map attempts ran (JobHistory) */
  private static Set<String> mapNodes(String job) throws IOException, InterruptedException {
    String base = "http://localhost:19888/ws/v1/history/mapreduce/jobs/" + job;
    Set<String> nodes = new TreeSet<>();
    for (JsonNode task : getJson(base + "/tasks?type=m").path("tasks").path("task")) {
      JsonNode attempts = getJson(base + "/tasks/" + task.get("id").asText() + "/attempts")
          .path("taskAttempts").path("taskAttempt");
      List<JsonNode> all = new ArrayList<>();
      if (attempts.isArray()) {
        attempts.forEach(all::add);
      } else {
        all.add(attempts);
      }
      for (JsonNode a : all) {
        if (a.get("state").asText().equals("SUCCEEDED")) {
          nodes.add(a.get("nodeHttpAddress").asText());
        }
      }
    }
    return nodes;
  }

  /** Writes a deterministic keyed CSV of about 3.6 MB: 4 blocks of 1 MiB, so 4 map tasks. */
  private static void writeInput(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      long x = 12345;
      for (int i = 0; i < 220_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L; // a 64-bit LCG (Knuth's MMIX)
        long cents = (x >>> 20) % 200_000_000L - 100_000_000L;
        w.write(String.format("k%03d,%s%n", (x >>> 40) % 500, BigDecimal.valueOf(cents, 2).toPlainString()));
      }
    }
  }

  /** @return the bytes of dir's part files, in name order, on the given filesystem */
  private static byte[] partBytes(FileSystem fs, String dir) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    FileStatus[] parts = fs.globStatus(new org.apache.hadoop.fs.Path(dir, "part-r-*"));
    assertTrue(parts != null && parts.length > 0, "part files in " + dir);
    Arrays.sort(parts);
    for (FileStatus part : parts) {
      try (InputStream in = fs.open(part.getPath())) {
        in.transferTo(all);
      }
    }
    return all.toByteArray();
  }

  private static String hdfsText(FileSystem hdfs, String file) throws IOException {
    try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * @return a client of the cluster's HDFS configured as conf/pseudo configures every client; the
   *     test reads and checks files through it in this JVM rather than one {@code fs} JVM per check
   */
  private static FileSystem pseudoHdfs() throws IOException {
    Configuration conf = new Configuration(false);
    for (String site : List.of("core-site.xml", "hdfs-site.xml")) {
      conf.addResource(new org.apache.hadoop.fs.Path(ROOT.resolve("conf/pseudo").resolve(site).toUri()));
    }
    return FileSystem.newInstance(URI.create("hdfs://localhost:9000"), conf);
  }

  @Test
  void threeWorkersWebUisLoopbackJobsAcrossWorkersOneLostAndNothingLeftBehind() throws Exception {
    for (int port : PORTS) {
      Assumptions.assumeFalse(listening(port), "port " + port + " is taken (a pseudo cluster already runs here?)");
    }
    Path pseudo = tmp.resolve("pseudo");
    long t0 = System.nanoTime();
    try {
      Proc status = cluster("status");
      assertEquals(3, status.code(), "not running yet: " + status.output());

      Proc start = cluster("start", "--nodes", String.valueOf(WORKERS));
      assertEquals(0, start.code(), start.output());
      Proc again = cluster("start");
      assertEquals(0, again.code(), again.output());
      assertTrue(again.output().contains("already running"), again.output());
      assertEquals(2, cluster("start", "--nodes", "2").code(), "another worker count while running: usage");
      assertEquals(2, cluster("stop-node", "4").code(), "no worker 4");

      status = cluster("status");
      assertEquals(0, status.code(), status.output());
      for (String part : List.of("HDFS            hdfs://localhost:9000      up: 3 live DataNode(s)",
          "YARN            localhost:8032             up: 3 NodeManager(s) running",
          "JobHistory      localhost:10020            up", "namenode         pid ",
          "  1  running  datanode localhost:9866 ", "  2  running  datanode localhost:9966 ",
          "  3  running  datanode localhost:10066 ", "nodemanager localhost:8141 ", "(RUNNING)")) {
        assertTrue(status.output().contains(part), part + " in: " + status.output());
      }
      for (int k = 1; k <= WORKERS; k++) {
        assertTrue(Files.size(pseudo.resolve("workers/" + k + "/logs/datanode.log")) > 0, "worker logs where status says");
      }

      // The web UIs answer (each daemon in its own JVM: no "Multiple Servlet injectors").
      for (String url : List.of("http://localhost:9870/dfshealth.html", "http://localhost:8088/cluster",
          "http://localhost:19888/jobhistory", "http://localhost:8142/node")) {
        HttpResponse<String> r = get(url);
        assertEquals(200, r.statusCode(), url + ": " + r.body());
      }
      assertEquals(WORKERS, getJson("http://localhost:8088/ws/v1/cluster/nodes").path("nodes").path("node").size());

      // Loopback only: every port a daemon listens on is 127.0.0.1, but the NodeManagers' shuffle.
      Set<String> listen = daemonListenAddresses(pseudo);
      Set<Integer> beyond = new TreeSet<>();
      for (String a : listen) {
        if (!loopback(a)) {
          beyond.add(Integer.parseInt(a.substring(a.lastIndexOf(':') + 1)));
        }
      }
      assertEquals(SHUFFLE_PORTS, beyond, "listening beyond loopback, of " + listen);
      assertTrue(listen.size() > 20, "the daemons' sockets were found: " + listen);

      // The nightly batch on YARN (a small input: uber mode), staging and partitions on HDFS (its
      // lock and logs stay local), through conf/pseudo as any client uses it.
      Path manifest = tmp.resolve("manifest.txt");
      Files.writeString(manifest, "file://" + DATASETS.resolve("sales/sales.csv") + "\n");
      List<String> nightly = List.of(ROOT.resolve("bin/nightly").toString(), "--date", "2026-11-01",
          "--manifest", manifest.toString(), "--staging-root", "hdfs:///nightly/staging",
          "--output-root", "hdfs:///nightly/out", "--state-dir", tmp.resolve("state").toString(),
          "--", "--header", "--key-column", "region", "--value-column", "amount");
      List<String> firstRun = new ArrayList<>(nightly);
      firstRun.addAll(1, TEST_JVMS); // generic options, before "--"
      Proc first = client(firstRun.toArray(new String[0]));
      assertEquals(0, first.code(), first.output());
      try (FileSystem hdfs = pseudoHdfs()) {
        assertArrayEquals(Files.readAllBytes(DATASETS.resolve("sales/sales.stats.expected")),
            partBytes(hdfs, "/nightly/out/dt=2026-11-01"));
        String summary = hdfsText(hdfs, "/nightly/out/dt=2026-11-01/_SUMMARY.json");
        assertTrue(summary.contains("\"uber\": true"), "a 788-byte input runs in uber mode: " + summary);
        assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/nightly/staging/dt=2026-11-01/sales.csv")));
      }
      Proc rerun = client(nightly.toArray(new String[0]));
      assertEquals(0, rerun.code(), rerun.output());
      assertTrue(rerun.output().contains("already published"), rerun.output());

      // A multi-block input (1 MiB blocks: 4 maps), uber mode off: the maps spread over the workers
      // (each NodeManager offers 2 GiB: an ApplicationMaster and a task, or two tasks). Worker 2
      // loses its plug while it runs one of them: the job still succeeds, with local mode's output.
      Path input = tmp.resolve("keyed.csv");
      writeInput(input);
      Proc put = cluster("fs", "-D", "dfs.blocksize=1048576", "-put", input.toString(), "/keyed.csv");
      assertEquals(0, put.code(), put.output());
      List<String> stats = List.of("--key-column", "1", "--value-column", "2");
      LocalJobs.Result localJob = LocalJobs.stats(Stream.concat(stats.stream(),
          Stream.of(input.toString(), tmp.resolve("local-out").toString())).toArray(String[]::new));
      assertEquals(0, localJob.exitCode(), localJob.err());
      byte[] expected = partBytes(FileSystem.getLocal(new Configuration()), tmp.resolve("local-out").toString());
      assertTrue(expected.length > 10_000, "500 keys of output: " + expected.length);

      List<String> yarn = new ArrayList<>(List.of(SQUARES.toString(), "stats", "-D", "mapreduce.job.ubertask.enable=false"));
      yarn.addAll(TEST_JVMS);
      yarn.addAll(stats);
      yarn.addAll(List.of("hdfs:///keyed.csv", "hdfs:///lost-worker"));
      ProcessBuilder pb = builder(clientEnv(), yarn);
      long tj = System.nanoTime();
      Process lossJob = pb.start();
      boolean ranOnWorker2 = false;
      while (lossJob.isAlive() && !ranOnWorker2) {
        HttpResponse<String> c = get("http://localhost:8142/ws/v1/node/containers");
        ranOnWorker2 = c.statusCode() == 200 && c.body().contains("\"state\":\"RUNNING\"");
        Thread.sleep(ranOnWorker2 ? 0 : 250);
      }
      assertTrue(ranOnWorker2, "worker 2 ran a container of the job");
      Proc stopNode = cluster("stop-node", "2");
      assertEquals(0, stopNode.code(), stopNode.output());
      assertTrue(lossJob.waitFor(600, TimeUnit.SECONDS), "the job finished");
      String lossOutput = Files.readString(pb.redirectOutput().file().toPath(), StandardCharsets.UTF_8);
      System.err.printf("%6.1f s  job losing worker 2%n", (System.nanoTime() - tj) / 1e9);
      assertEquals(0, lossJob.exitValue(), lossOutput);
      try (FileSystem hdfs = pseudoHdfs()) {
        assertArrayEquals(expected, partBytes(hdfs, "/lost-worker"), "output identical to local mode");
      }
      Set<String> nodes = mapNodes(jobId(lossOutput));
      assertTrue(nodes.size() >= 2, "maps succeeded on at least 2 workers: " + nodes);

      status = cluster("status");
      assertEquals(0, status.code(), status.output());
      assertTrue(status.output().contains("  2  stopped  datanode localhost:9966 pid - "), status.output());
      assertTrue(processesOf(pseudo.resolve("workers/2")).stream().noneMatch(p -> p.contains("workers/2/nm-local")),
          "worker 2's containers were killed with it");
      Proc startNode = cluster("start-node", "2");
      assertEquals(0, startNode.code(), startNode.output());
      status = cluster("status");
      assertTrue(status.output().contains("  2  running  datanode localhost:9966 "), status.output());

      Proc stop = cluster("stop");
      assertEquals(0, stop.code(), stop.output());
      assertEquals(3, cluster("status").code());
      assertEquals(List.of(), processesOf(pseudo), "no process left behind");
      for (int port : PORTS) {
        assertFalse(listening(port), "port " + port + " closed");
      }
    } finally {
      cluster("stop");
      System.err.printf("%6.1f s  in all%n", (System.nanoTime() - t0) / 1e9);
    }
  }
}
