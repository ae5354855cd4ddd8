package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static io.squares.job.LocalJobs.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hadoop jar} against a real cluster: the built, shaded jar run through
 * {@code org.apache.hadoop.util.RunJar} on the plain Hadoop client classpath, in its own process,
 * against a real HDFS (MiniDFSCluster: NameNode and DataNode) and YARN (MiniMRYarnCluster:
 * ResourceManager, NodeManager, JobHistory server) started once in this JVM. Inputs and outputs are
 * on HDFS; YARN containers get the MapReduce jars through conf/pseudo's
 * {@code mapreduce.application.classpath} and a Hadoop-install layout of the Maven-resolved jars,
 * as bin/pseudo-cluster gives them. Outputs are checked against the oracle's expected files.
 */
class YarnJarIT {
  private static final Path JAR = Path.of(System.getProperty("squares.jar", "target/squares.jar"));
  private static final Path TESTS_JAR = Path.of(System.getProperty("squares.tests.jar", "target/squares-tests.jar"));
  private static final Path HADOOP_CLASSPATH = Path.of("target/hadoop.classpath");
  private static final Path MINICLUSTER_CLASSPATH = Path.of("target/minicluster.classpath");

  @TempDir static Path tmp;
  private static MiniDFSCluster dfs;
  private static MiniMRYarnCluster yarn;
  private static FileSystem fs;
  private static Path clientConf;

  record Proc(int code, String output) {}

  @BeforeAll
  static void startCluster() throws Exception {
    Path home = tmp.resolve("hadoop-home");
    layOutHadoopHome(home);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    fs = dfs.getFileSystem();

    Configuration yarnConf = new Configuration(conf);
    yarnConf.set("fs.defaultFS", fs.getUri().toString());
    // What a NodeManager's environment holds on a Hadoop install: containers start
    // $JAVA_HOME/bin/java, with the MapReduce jars under $HADOOP_MAPRED_HOME.
    yarnConf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home")
        + ",HADOOP_MAPRED_HOME=" + home);
    // As conf/pseudo/capacity-scheduler.xml: a finished job's lingering ApplicationMaster does not
    // hold up the next test's.
    yarnConf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
    // As conf/pseudo/yarn-site.xml: the ResourceManager allocates containers on NodeManager
    // heartbeats, and Hadoop's 1000 ms made each container wait up to a second for one.
    yarnConf.setInt("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 100);
    MiniClusters.quickNodeManagerStop(yarnConf);
    yarn = new MiniMRYarnCluster("YarnJarIT", 1);
    yarn.init(yarnConf);
    yarn.start();

    // The client's HADOOP_CONF_DIR: the running cluster's addresses, with conf/pseudo's job
    // settings: containers' classpath (not the mini cluster's shortcut of copying the client's
    // classpath), polling, ApplicationMaster size and heartbeat.
    Configuration client = new Configuration(yarn.getConfig());
    client.setBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, false);
    client.unset("mapreduce.job.ubertask.enable");
    Configuration pseudo = new Configuration(false);
    pseudo.addResource(new org.apache.hadoop.fs.Path(ROOT.resolve("conf/pseudo/mapred-site.xml").toUri()));
    for (String key : List.of("mapreduce.application.classpath", "mapreduce.client.completion.pollinterval",
        "mapreduce.client.progressmonitor.pollinterval", "yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms",
        "yarn.app.mapreduce.am.resource.mb", "yarn.app.mapreduce.am.command-opts")) {
      client.set(key, pseudo.get(key));
    }
    // The jobs' JVMs are short-lived test JVMs.
    client.set("yarn.app.mapreduce.am.command-opts",
        pseudo.get("yarn.app.mapreduce.am.command-opts") + " " + LocalJobs.SHORT_LIVED_JVM);
    // No -Xmx for tasks: Hadoop derives it from mapreduce.*.memory.mb, as without these options.
    client.set("mapreduce.map.java.opts", LocalJobs.SHORT_LIVED_JVM);
    client.set("mapreduce.reduce.java.opts", LocalJobs.SHORT_LIVED_JVM);
    Configuration pseudoHdfs = new Configuration(false);
    pseudoHdfs.addResource(new org.apache.hadoop.fs.Path(ROOT.resolve("conf/pseudo/hdfs-site.xml").toUri()));
    String completionWait = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
    client.set(completionWait, pseudoHdfs.get(completionWait));
    clientConf = Files.createDirectories(tmp.resolve("conf"));
    // As every *-site.xml: each one is read after its *-default.xml, which it must override.
    for (String site : List.of("core-site.xml", "hdfs-site.xml", "mapred-site.xml", "yarn-site.xml")) {
      try (OutputStream o = Files.newOutputStream(clientConf.resolve(site))) {
        client.writeXml(o);
      }
    }
  }

  @AfterAll
  static void stopCluster() throws IOException, InterruptedException {
    MiniClusters.stop(yarn, 1, dfs);
  }

  /** Links every Maven-resolved Hadoop jar into HOME/share/hadoop/mapreduce/lib, as in a tarball. */
  private static void layOutHadoopHome(Path home) throws IOException {
    Path lib = Files.createDirectories(home.resolve("share/hadoop/mapreduce/lib"));
    for (String entry : Files.readString(MINICLUSTER_CLASSPATH).trim().split(":")) {
      Path jar = Path.of(entry);
      Path link = lib.resolve(jar.getFileName());
      if (entry.endsWith(".jar") && !Files.exists(link)) {
        Files.createSymbolicLink(link, jar);
      }
    }
  }

  private static Process startJar(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        // As bin/squares starts a client that submits to YARN.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", clientConf + ":" + Files.readString(HADOOP_CLASSPATH).trim(),
        "org.apache.hadoop.util.RunJar", JAR.toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static Proc runJar(String... args) throws IOException, InterruptedException {
    Path log = tmp.resolve("runjar-" + System.nanoTime() + ".log");
    Process p = startJar(log, args);
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), "finished in time: " + List.of(args));
    return new Proc(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** @return the YARN applications named name, by state */
  private static Map<YarnApplicationState, Long> applications(YarnClient client, String name) throws Exception {
    return client.getApplications().stream().filter(a -> a.getName().equals(name))
        .collect(Collectors.groupingBy(ApplicationReport::getYarnApplicationState, TreeMap::new,
            Collectors.counting()));
  }

  private static void put(String dataset, String dir) throws IOException {
    fs.mkdirs(new org.apache.hadoop.fs.Path(dir));
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(DATASETS.resolve(dataset).toUri()),
        new org.apache.hadoop.fs.Path(dir));
  }

  private static String read(String file) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** @return the lines of all part files, sorted (several reducers each sort their own part) */
  private static List<String> sortedPartLines(String dir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
      if (f.getPath().getName().startsWith("part-")) {
        lines.addAll(read(f.getPath().toString()).lines().toList());
      }
    }
    lines.sort(null);
    return lines;
  }

  private static List<String> sortedExpected(String name) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(DATASETS.resolve(name)));
    lines.sort(null);
    return lines;
  }

  /** @return counter name to value for one counter group of a _SUMMARY.json */
  private static Map<String, Long> counters(String summary, String group) {
    int start = summary.indexOf("\"" + group + "\"");
    assertTrue(start >= 0, "counter group " + group + " in " + summary);
    String body = summary.substring(start, summary.indexOf('}', start));
    Map<String, Long> values = new TreeMap<>();
    Matcher m = Pattern.compile("\"([A-Z_]+)\": (\\d+)").matcher(body);
    while (m.find()) {
      values.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return values;
  }

  @Test
  void exactQuantilesOnYarnSpillToTheContainerAndMatchTheOracle() throws Exception {
    // Issue 11: the runs method on a cluster, with the reducer's run buffer so small that every
    // key's runs go through a spill file in the container's own tmp directory.
    put("adversarial/quantiles.csv", "/quantiles");
    Proc p = runJar("stats", "-D", "squares.stats.quantiles.reduce.buffer-bytes=1", "--quantiles",
        "0,0.001,0.25,0.5,0.75,0.9,0.999,1,0.3333", "--key-column", "1", "/quantiles", "/out/quantiles");
    assertEquals(0, p.code(), p.output());
    assertEquals(sortedExpected("adversarial/quantiles.stats-quantiles.expected"), sortedPartLines("/out/quantiles"));
    String summary = read("/out/quantiles/_SUMMARY.json");
    assertTrue(summary.contains("\"exact_method\": \"runs\""), summary);
    assertEquals(6L, counters(summary, "io.squares.mapreduce.SquaresCounter").get("QUANTILE_KEYS_SPILLED"), summary);
  }

  @Test
  void approximateQuantilesOnYarnAreByteIdenticalToLocalModeWhateverTheSplits() throws Exception {
    // Issue 11: 12 keys of ~16,000 values (each sketch compacts, flipping its seeded coins), with
    // 64 KiB sketch blocks. YARN splits by the file's HDFS block (1 MiB here, the namenode's least:
    // 3 splits); local mode by default by the local block size (32 MiB, more than the file: 1
    // split). Different layouts, the same bytes. On YARN in uber mode (asked for: the input is
    // larger than a block): the same 3 splits, as 3 map tasks run one after another in the
    // ApplicationMaster's JVM, which spares the test 4 container starts.
    Path data = tmp.resolve("approx.csv");
    LocalJobs.generate(data, "--rows", "190000", "--keys", "12",
        "--min", "-1000", "--max", "1000", "--seed", "11", "--decimals", "2");
    org.apache.hadoop.fs.Path onHdfs = new org.apache.hadoop.fs.Path("/approx/approx.csv");
    fs.mkdirs(onHdfs.getParent());
    try (OutputStream o = fs.create(onHdfs, true, 1 << 16, fs.getDefaultReplication(onHdfs), 1 << 20)) {
      Files.copy(data, o);
    }
    long size = Files.size(data);
    assertTrue(size > 2 * (1 << 20) && size < 3 * (1 << 20), size + " bytes: 3 HDFS blocks");
    String[] options = {"-D", SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES + "=" + (64 << 10),
        "--quantiles", "0,0.01,0.25,0.5,0.75,0.99,1", "--approx-quantiles", "--key-column", "1", "--reducers", "1"};
    Proc p = runJar(concat(new String[] {"stats", "-D", "mapreduce.job.ubertask.enable=true",
        "-D", "mapreduce.job.ubertask.maxbytes=" + (4 << 20)}, concat(options, "/approx", "/out/approx")));
    assertEquals(0, p.code(), p.output());

    Configuration local = LocalJobs.localConf(); // 2 map slots, default split sizing
    assertEquals(2, local.getInt("mapreduce.local.map.tasks.maximum", 0));
    Path localOut = tmp.resolve("approx-local");
    LocalJobs.Result r = LocalJobs.run(new StatsTool(), local, concat(options, data.toString(), localOut.toString()));
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(Files.readString(localOut.resolve("part-r-00000"), StandardCharsets.UTF_8),
        read("/out/approx/part-r-00000"));
    String summary = read("/out/approx/_SUMMARY.json");
    assertTrue(summary.contains("\"uber\": true"), summary);
    assertEquals(3L, counters(summary, "org.apache.hadoop.mapreduce.JobCounter").get("NUM_UBER_SUBMAPS"), summary);
    long localBlock = FileSystem.getLocal(local).getFileStatus(new org.apache.hadoop.fs.Path(data.toUri())).getBlockSize();
    assertTrue(localBlock > size, "local mode reads the file as one split: block size " + localBlock);
  }

  @Test
  void aLineLongerThanTheLimitIsOneBadRecordOnYarn() throws Exception {
    // Six records of two keys around a 5000-byte line without a break; the limit is 1024 bytes.
    String text = "a,1\nb,2.5\na,3\n" + "9,".repeat(2500) + "\nb,-4\na,5\nb,10\n";
    fs.mkdirs(new org.apache.hadoop.fs.Path("/long"));
    try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path("/long/dump.csv"))) {
      o.write(text.getBytes(StandardCharsets.US_ASCII));
    }
    Proc p = runJar("stats", "-D", "squares.max-line-bytes=1024", "--key-column", "1", "--value-column", "2",
        "/long", "/out/long");
    assertEquals(0, p.code(), p.output());
    // a: 1 3 5 (sum 9, squares 35, mean 3, variance 4, stddev 2); b: 2.5 -4 10.
    assertEquals(List.of("a\t3\t9\t35\t1\t5\t3\t4\t2",
        "b\t3\t8.5\t122.25\t-4\t10\t2.8333333333333333\t49.083333333333333\t7.0059498523279007"),
        read("/out/long/part-r-00000").lines().toList());
    String summary = read("/out/long/_SUMMARY.json");
    Map<String, Long> reasons = counters(summary, "io.squares.core.BadRecordReason");
    reasons.values().removeIf(v -> v == 0);
    assertEquals(Map.of("LINE_TOO_LONG", 1L), reasons);
    assertEquals(1L, counters(summary, "io.squares.mapreduce.SquaresCounter").get("BAD_RECORDS"));
    List<String> sample = read("/out/long/_BAD_RECORDS.tsv").lines().toList();
    assertEquals(2, sample.size(), sample.toString());
    assertTrue(sample.get(1).matches(".*dump\\.csv\t4\t14\tLINE_TOO_LONG\t.*"), sample.get(1));
  }

  @Test
  void overwriteOnHdfsRefusesOverlapAndForeignDirectoriesAndReplacesASquaresOutputInUberMode() throws Exception {
    put("sales/sales.csv", "/safety/in");
    String[] job = {"stats", "--overwrite", "--header", "--key-column", "region", "--value-column", "amount"};
    // Refusals come before anything is submitted: one client JVM each, no job.
    Proc inside = runJar(concat(job, "hdfs:///safety/in", "hdfs:///safety/in/out"));
    assertEquals(ExitCode.USAGE.code(), inside.code(), inside.output());
    assertTrue(Pattern.compile("output hdfs://[^/ ]+/safety/in/out lies inside input hdfs://[^/ ]+/safety/in:")
        .matcher(inside.output()).find(), inside.output());
    org.apache.hadoop.fs.Path reports = new org.apache.hadoop.fs.Path("/safety/reports");
    try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(reports, "precious.txt"))) {
      o.write("a colleague's report\n".getBytes(StandardCharsets.UTF_8));
    }
    Proc foreign = runJar(concat(job, "hdfs:///safety/in", "hdfs:///safety/reports"));
    assertEquals(ExitCode.OUTPUT_EXISTS.code(), foreign.code(), foreign.output());
    assertTrue(Pattern.compile("output hdfs://[^/ ]+/safety/reports exists and was not written by Squares \\(it holds"
        + " 1 entry, precious.txt\\)").matcher(foreign.output()).find(), foreign.output());
    assertEquals("a colleague's report\n", read("/safety/reports/precious.txt"));
    assertEquals(1, fs.listStatus(reports).length);

    // An earlier Squares output (its _SUMMARY.json names the command) is replaced whole, by a job
    // on YARN in uber mode (a 788-byte input), input and output on HDFS.
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path("/safety/out");
    try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(out, "_SUMMARY.json"))) {
      o.write("{\"command\": \"stats\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    fs.create(new org.apache.hadoop.fs.Path(out, "part-r-00001")).close();
    Proc replaced = runJar(concat(job, "hdfs:///safety/in", "hdfs:///safety/out"));
    assertEquals(0, replaced.code(), replaced.output());
    assertEquals(Files.readAllLines(DATASETS.resolve("sales/sales.stats.expected")),
        read("/safety/out/part-r-00000").lines().toList());
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(out, "_SUCCESS")));
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out, "part-r-00001")), "no mix of old and new");
    assertEquals(Files.readString(DATASETS.resolve("sales/sales.csv")), read("/safety/in/sales.csv"));
    String summary = read("/safety/out/_SUMMARY.json");
    assertTrue(summary.contains("\"uber\": true"), "a 788-byte input runs in uber mode: " + summary);
    assertTrue(summary.contains("\"uber_decision\": \"small_input\""), summary);
  }

  private static String[] concat(String[] head, String... tail) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(new String[0]);
  }

  @Test
  void failedMapAttemptsAreRetriedAndOutputAndCountersStayExact() throws Exception {
    put("bad/mixed.csv", "/mixed");
    int maps = 2;
    Proc p = runJar("stats", "-libjars", TESTS_JAR.toAbsolutePath().toString(),
        "-D", "squares.stats.mapper.class=io.squares.testing.FailFirstAttemptStatsMapper",
        "-D", "mapreduce.job.ubertask.enable=false",
        // On a loaded machine a slow retry can get a speculative twin: a fifth, killed attempt.
        "-D", "mapreduce.map.speculative=false",
        "-D", "mapreduce.input.fileinputformat.split.maxsize=" + (Files.size(DATASETS.resolve("bad/mixed.csv")) / maps + 1),
        "--key-column", "1", "--value-column", "2", "/mixed", "/out/mixed");
    assertEquals(0, p.code(), p.output());
    assertEquals(sortedExpected("bad/mixed.stats.expected"), sortedPartLines("/out/mixed"));

    String summary = read("/out/mixed/_SUMMARY.json");
    assertTrue(summary.contains("\"uber\": false"), summary);
    Map<String, Long> job = counters(summary, "org.apache.hadoop.mapreduce.JobCounter");
    assertEquals(maps, job.get("NUM_FAILED_MAPS"), "each map's first attempt failed: " + job);
    assertEquals(2L * maps, job.get("TOTAL_LAUNCHED_MAPS"), "and was retried once: " + job);
    // Counters and bad-record samples of the failed attempts are not counted twice.
    Map<String, Long> oracle = new TreeMap<>();
    for (String line : Files.readAllLines(DATASETS.resolve("bad/mixed.badcounts.expected"))) {
      String[] f = line.split("\t");
      oracle.put(f[0], Long.parseLong(f[1]));
    }
    Map<String, Long> reasons = counters(summary, "io.squares.core.BadRecordReason");
    reasons.values().removeIf(v -> v == 0);
    assertEquals(oracle, reasons);
    long bad = oracle.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(bad, counters(summary, "io.squares.mapreduce.SquaresCounter").get("BAD_RECORDS"));
    assertEquals(bad + 1, read("/out/mixed/_BAD_RECORDS.tsv").lines().count(), "header + one line per bad record");
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path("/out/mixed"))) {
      assertFalse(f.getPath().getName().startsWith("_task_failure."), "failed attempts' notes removed: " + f.getPath());
    }
  }

  @Test
  void aFailingTaskInUberModeFailsItsApplicationMasterAndWithNoRetryLeftTheJobExitsSix() throws Exception {
    put("seed/numbers.txt", "/seed");
    // Hadoop runs uber tasks once, inside the ApplicationMaster: a failing task fails that
    // ApplicationMaster attempt. YARN would start another (mapreduce.am.max-attempts, default 2),
    // which reruns the whole small job; with none left, the job fails and nothing is published.
    Proc p = runJar("stats", "-libjars", TESTS_JAR.toAbsolutePath().toString(),
        "-D", "squares.stats.mapper.class=io.squares.testing.FailFirstAttemptStatsMapper",
        "-D", "mapreduce.am.max-attempts=1",
        "/seed", "/out/seed");
    assertEquals(ExitCode.JOB_FAILED.code(), p.code(), p.output());
    // What the client learns depends on a race in the dying ApplicationMaster: Hadoop's "Task failed
    // task_...", YARN's verdict on the attempt ("failed 1 times ... AM Container ... exited"), or,
    // when the AM died before writing the job's history, the history server's "Unknown Job".
    assertTrue(java.util.regex.Pattern.compile("job job_\\d+_\\d+ failed").matcher(p.output()).find(),
        p.output());
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/out/seed")), "nothing published");
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path("/out"))) {
      assertFalse(f.getPath().getName().startsWith(".seed.squares-"), "staging removed: " + f.getPath());
    }
  }

  @Test
  void aClientStoppedWithSigtermKillsItsJobOnYarnAndPublishesNothing() throws Exception {
    put("seed/numbers.txt", "/stall");
    String name = "squares stats stall-" + System.nanoTime();
    Path log = tmp.resolve("stopped-client.log");
    Process client = startJar(log, "stats", "-libjars", TESTS_JAR.toAbsolutePath().toString(),
        "-D", "squares.stats.mapper.class=io.squares.testing.StallingStatsMapper",
        "-D", "mapreduce.job.name=" + name, "/stall", "/out/stall");
    try (YarnClient rm = YarnClient.createYarnClient()) {
      rm.init(yarn.getConfig());
      rm.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!applications(rm, name).containsKey(YarnApplicationState.RUNNING)) {
        assertTrue(client.isAlive(), () -> "the client ended early: " + read(log));
        assertTrue(System.nanoTime() < deadline, () -> "the job did not start: " + read(log));
        Thread.sleep(100);
      }
      client.destroy(); // SIGTERM, as a scheduler's timeout sends
      assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client stopped");
      assertEquals(128 + 15, client.exitValue(), read(log));
      // Without the kill, YARN would run the job on (here for a minute) after its client is gone.
      // Killed through its ApplicationMaster, an MR job ends FINISHED with final status KILLED.
      while (!killed(rm, name)) {
        assertTrue(System.nanoTime() < deadline, () -> "not killed: " + reports(rm, name) + "\n" + read(log));
        Thread.sleep(100);
      }
    } finally {
      client.destroyForcibly();
    }
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/out/stall")), "nothing published");
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path("/out"))) {
      assertFalse(f.getPath().getName().startsWith(".stall.squares-"), "temporary output removed: " + f.getPath());
    }
  }

  private static List<ApplicationReport> reports(YarnClient client, String name) {
    try {
      return client.getApplications().stream().filter(a -> a.getName().equals(name)).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return whether the one application named name has ended, killed */
  private static boolean killed(YarnClient client, String name) {
    List<ApplicationReport> apps = reports(client, name);
    return apps.size() == 1 && (apps.get(0).getYarnApplicationState() == YarnApplicationState.KILLED
        || (apps.get(0).getYarnApplicationState() == YarnApplicationState.FINISHED
            && apps.get(0).getFinalApplicationStatus() == FinalApplicationStatus.KILLED));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
