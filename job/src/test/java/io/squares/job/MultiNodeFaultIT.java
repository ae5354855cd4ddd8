package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.squares.SquaresConfig;
import io.squares.testing.Gate;
import io.squares.testing.GatedShuffle;
import io.squares.testing.GatedStatsMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost machine costs time, not results: the {@code stats} job on a real HDFS of three DataNodes
 * (replication 2, 1 MiB blocks) and a real YARN of four NodeManagers (two 512 MiB containers
 * each), all in this JVM, losing parts while it runs: a DataNode while maps read and then its
 * ApplicationMaster (one job), a NodeManager while maps run and then another whose maps had
 * finished (a second job: two jobs, not four, keep the suite short).
 * The job is submitted in-process through the Squares driver (StatsTool), as bin/squares does;
 * tasks wait at a {@link Gate} on HDFS so that each fault strikes at a known point. Every run's
 * output must be byte-identical to a local-mode run of the same input, published exactly once,
 * and {@code _SUMMARY.json}'s {@code task_nodes} must show where the work went.
 *
 * <p>One cluster serves all tests, in order; each fault takes a node no later test needs: first a
 * DataNode and the ApplicationMaster in one job (two DataNodes remain for replication 2; the
 * ApplicationMaster loses no node), then two NodeManagers (two of four remain).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeFaultIT {
  private static final int DATANODES = 3;
  private static final int NODEMANAGERS = 4;
  private static final long BLOCK = 1024 * 1024;
  /** About 2.8 MB of rows: three blocks, three map tasks. */
  private static final int ROWS = 150_000;
  private static final int MAPS = 3;
  /** How long a step may take: generous, for a loaded two-core machine (each container is a JVM). */
  private static final long STEP_SECONDS = 300;
  private static final String INPUT = "/in/rows.csv";

  @TempDir static Path tmp;
  private static MiniDFSCluster dfs;
  private static MiniMRYarnCluster yarn;
  private static FileSystem fs;
  private static YarnClient rm;
  private static byte[] expected;
  private static final ExecutorService JOBS = Executors.newCachedThreadPool();

  @BeforeAll
  static void startCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    conf.setLong("dfs.blocksize", BLOCK);
    conf.setInt("dfs.replication", 2);
    // A DataNode silent for 2 × recheck + 10 × heartbeat (14 s) is dead to the NameNode; readers
    // do not wait for that: a refused connection sends them to the next replica at once.
    conf.setInt("dfs.heartbeat.interval", 1);
    conf.setInt("dfs.namenode.heartbeat.recheck-interval", 2000);
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(DATANODES).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();

    Configuration yarnConf = new Configuration(conf);
    yarnConf.set("fs.defaultFS", fs.getUri().toString());
    // Two 512 MiB containers per NodeManager: three maps cannot all run on one node.
    yarnConf.setInt("yarn.nodemanager.resource.memory-mb", 1024);
    yarnConf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
    yarnConf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    yarnConf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    // A NodeManager silent for 3 s is lost (Hadoop: 10 minutes); the ResourceManager checks every
    // third of that and tells ApplicationMasters, which rerun what ran there.
    yarnConf.setInt("yarn.nm.liveness-monitor.expiry-interval-ms", 3000);
    yarnConf.setInt("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 250);
    yarnConf.setInt("yarn.resourcemanager.am.max-attempts", 2);
    yarnConf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
    MiniClusters.quickNodeManagerStop(yarnConf);
    yarn = new MiniMRYarnCluster("MultiNodeFaultIT", NODEMANAGERS);
    yarn.init(yarnConf);
    yarn.start();
    rm = YarnClient.createYarnClient();
    rm.init(yarn.getConfig());
    rm.start();

    Path rows = tmp.resolve("rows.csv");
    LocalJobs.generate(rows, "--rows", String.valueOf(ROWS), "--keys", "500",
        "--min", "-1000000", "--max", "1000000", "--seed", "12", "--decimals", "2");
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(rows.toUri()), new org.apache.hadoop.fs.Path(INPUT));
    assertEquals(MAPS, (Files.size(rows) + BLOCK - 1) / BLOCK, "one map per block");
    // The reference: the same job on the same bytes in local mode.
    Path local = tmp.resolve("local-out");
    LocalJobs.Result r = LocalJobs.stats("--key-column", "1", "--value-column", "2", rows.toString(), local.toString());
    assertEquals(0, r.exitCode(), r.err());
    expected = Files.readAllBytes(local.resolve("part-r-00000"));
  }

  @AfterAll
  static void stopCluster() throws IOException, InterruptedException {
    JOBS.shutdownNow();
    if (rm != null) {
      rm.close();
    }
    MiniClusters.stop(yarn, NODEMANAGERS, dfs);
  }

  /** A job running in the background, its gate and its output. */
  private record Run(Future<LocalJobs.Result> result, org.apache.hadoop.fs.Path gate, String output) {
    void open(String door) throws IOException {
      fs.create(new org.apache.hadoop.fs.Path(gate, door)).close();
    }

    /** @return attempt id to the NodeManager it runs on, for the attempts that reached the gate */
    Map<String, String> arrived() throws IOException {
      Map<String, String> attempts = new TreeMap<>();
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(gate, Gate.RUNNING);
      if (fs.exists(dir)) {
        for (FileStatus f : fs.listStatus(dir, p -> !p.getName().startsWith("."))) {
          attempts.put(f.getPath().getName(), read(f.getPath().toString()));
        }
      }
      return attempts;
    }

    /** @return the NodeManagers that attempts of the given kind ({@code _m_} or {@code _r_}) reached the gate on */
    Set<String> nodesOf(String kind) throws IOException {
      Set<String> nodes = new TreeSet<>();
      arrived().forEach((attempt, node) -> {
        if (attempt.contains(kind)) {
          nodes.add(node);
        }
      });
      return nodes;
    }

    ApplicationId application() throws IOException {
      String attempt = arrived().keySet().iterator().next(); // attempt_<cluster>_<job>_m_000000_0
      String[] f = attempt.split("_");
      return ApplicationId.newInstance(Long.parseLong(f[1]), Integer.parseInt(f[2]));
    }

    LocalJobs.Result await() throws Exception {
      try {
        return result.get(STEP_SECONDS, TimeUnit.SECONDS);
      } finally {
        result.cancel(true); // a job still running when the test gives up: the driver kills it
      }
    }
  }

  /** The job of the running test, stopped after it whatever happened. */
  private static Run current;

  @AfterEach
  void stopTheJob() {
    if (current != null) {
      current.result().cancel(true); // interrupts the driver, which kills a job still running
    }
  }

  /** Starts {@code stats} on the input in the background, tasks waiting at the given doors. */
  private static Run start(String name, boolean gateMaps, boolean gateReduces) throws IOException {
    org.apache.hadoop.fs.Path gate = new org.apache.hadoop.fs.Path("/gates/" + name);
    fs.mkdirs(gate);
    Configuration conf = new Configuration(yarn.getConfig());
    conf.unset("mapreduce.job.ubertask.enable"); // Squares decides (a four-block input: no uber mode)
    conf.set(Gate.DIR, gate.toString());
    if (!gateMaps) {
      fs.create(new org.apache.hadoop.fs.Path(gate, Gate.MAPS)).close();
    }
    if (!gateReduces) {
      fs.create(new org.apache.hadoop.fs.Path(gate, Gate.REDUCES)).close();
    }
    conf.set(SquaresConfig.STATS_MAPPER, GatedStatsMapper.class.getName());
    conf.set("mapreduce.job.reduce.shuffle.consumer.plugin.class", GatedShuffle.class.getName());
    conf.setInt("mapreduce.job.reduces", 1);
    conf.setInt("mapreduce.map.memory.mb", 512);
    conf.setInt("mapreduce.reduce.memory.mb", 512);
    conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    String jvm = " " + LocalJobs.SHORT_LIVED_JVM;
    conf.set("yarn.app.mapreduce.am.command-opts", "-Xmx400m" + jvm);
    conf.set("mapreduce.map.java.opts", "-Xmx400m" + jvm);
    conf.set("mapreduce.reduce.java.opts", "-Xmx400m" + jvm);
    // The reduce starts when every map is done; no speculative twins to muddle the count.
    conf.setFloat("mapreduce.job.reduce.slowstart.completedmaps", 1.0f);
    conf.setBoolean("mapreduce.map.speculative", false);
    conf.setBoolean("mapreduce.reduce.speculative", false);
    conf.setInt("mapreduce.am.max-attempts", 2);
    // A reducer that cannot reach a lost node's shuffle server gives up on it in seconds.
    conf.setInt("mapreduce.reduce.shuffle.connect.timeout", 5000);
    conf.setInt("mapreduce.reduce.shuffle.read.timeout", 10000);
    conf.setInt("mapreduce.reduce.shuffle.retry-delay.max.ms", 2000);
    // An ApplicationMaster that must reach a NodeManager which has just died (to launch a container
    // there before the ResourceManager noticed, or to clean up a lost task's container before it
    // reruns the task) gives up after 1 s, not Hadoop's 3 minutes (conf/pseudo: 5 s, for a loaded
    // machine's slow daemons; here a stopped NodeManager's port refuses at once).
    conf.setInt("yarn.client.nodemanager-connect.max-wait-ms", 1000);
    conf.setInt("yarn.client.nodemanager-connect.retry-interval-ms", 250);
    conf.setInt("mapreduce.client.completion.pollinterval", 100);
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 100);
    conf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);
    String output = "/t/" + name + "/out";
    Future<LocalJobs.Result> result = JOBS.submit(() -> LocalJobs.run(new StatsTool(), conf,
        "--key-column", "1", "--value-column", "2", INPUT, output));
    current = new Run(result, gate, output);
    return current;
  }

  private static void waitFor(String what, BooleanSupplier condition, Run run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
    while (!condition.getAsBoolean()) {
      if (run.result().isDone()) {
        LocalJobs.Result r = run.await();
        throw new AssertionError("the job ended (exit " + r.exitCode() + ") before " + what + ": " + r.err());
      }
      if (System.nanoTime() > deadline) {
        run.result().cancel(true);
        throw new AssertionError("timed out waiting for " + what + "; " + describe(run).get());
      }
      Thread.sleep(100);
    }
  }

  private static BooleanSupplier attemptsArrived(Run run, String kind, int count) {
    return () -> {
      try {
        return run.arrived().keySet().stream().filter(a -> a.contains(kind)).count() >= count;
      } catch (IOException e) {
        return false;
      }
    };
  }

  /** @return the NodeManager ({@code host:port}) running the application's current ApplicationMaster */
  private static String applicationMasterNode(ApplicationId app) throws Exception {
    ApplicationAttemptId attempt = rm.getApplicationReport(app).getCurrentApplicationAttemptId();
    ContainerId am = rm.getApplicationAttemptReport(attempt).getAMContainerId();
    return rm.getContainerReport(am).getAssignedNode().toString();
  }

  private static int nodeManagerAt(String address) {
    for (int i = 0; i < NODEMANAGERS; i++) {
      NodeManager nm = yarn.getNodeManager(i);
      if (nm.getNMContext().getNodeId().toString().equals(address)) {
        return i;
      }
    }
    throw new AssertionError("no NodeManager at " + address);
  }

  private static Set<String> nodeManagerAddresses() {
    Set<String> all = new TreeSet<>();
    for (int i = 0; i < NODEMANAGERS; i++) {
      all.add(yarn.getNodeManager(i).getNMContext().getNodeId().toString());
    }
    return all;
  }

  private static String read(String file) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Checks the output: byte-identical to local mode's, published once (one part, _SUCCESS,
   * _SUMMARY.json and nothing else; no staging directory beside it), and returns its summary.
   */
  private static JsonNode assertExactAndPublishedOnce(Run run, LocalJobs.Result r) throws IOException {
    assertEquals(0, r.exitCode(), r.err());
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(run.output());
    List<String> names = new ArrayList<>();
    for (FileStatus f : fs.listStatus(out)) {
      names.add(f.getPath().getName());
    }
    names.sort(null);
    assertEquals(List.of("_SUCCESS", "_SUMMARY.json", "part-r-00000"), names);
    assertEquals(List.of("out"), Arrays.stream(fs.listStatus(out.getParent())).map(f -> f.getPath().getName()).toList(),
        "nothing beside the output: no leftover staging directory");
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(out, "part-r-00000"))) {
      assertTrue(Arrays.equals(expected, in.readAllBytes()), "byte-identical to the local-mode run");
    }
    return new ObjectMapper().readTree(read(run.output() + "/_SUMMARY.json"));
  }

  /** task_nodes: node to {map, reduce, failed_or_killed}, checked to name NodeManagers and add up. */
  private static Map<String, long[]> taskNodes(JsonNode summary) {
    JsonNode nodes = summary.get("task_nodes");
    assertTrue(nodes != null && nodes.isObject(), "task_nodes in " + summary);
    Map<String, long[]> byNode = new TreeMap<>();
    long maps = 0;
    long reduces = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long[] c = {e.getValue().get("map").asLong(), e.getValue().get("reduce").asLong(),
          e.getValue().get("failed_or_killed").asLong()};
      byNode.put(e.getKey(), c);
      maps += c[0];
      reduces += c[1];
    }
    assertTrue(nodeManagerAddresses().containsAll(byNode.keySet()),
        "keys are NodeManager addresses " + nodeManagerAddresses() + ": " + nodes);
    assertEquals(new ArrayList<>(new TreeSet<>(byNode.keySet())), new ArrayList<>(byNode.keySet()), "sorted");
    assertEquals(MAPS, maps, "one successful attempt per map: " + nodes);
    assertEquals(1, reduces, "one successful reduce: " + nodes);
    return byNode;
  }

  private static long mapNodes(Map<String, long[]> nodes) {
    return nodes.values().stream().filter(c -> c[0] > 0).count();
  }

  private static long counter(JsonNode summary, String name) {
    return summary.get("counters").get("org.apache.hadoop.mapreduce.JobCounter").path(name).asLong();
  }

  /** @return how many map attempts reached the gate: every one that started */
  private static long mapAttempts(Run run) throws IOException {
    return run.arrived().keySet().stream().filter(a -> a.contains("_m_")).count();
  }

  private static Supplier<String> describe(Run run) {
    return () -> {
      try {
        return "arrived: " + run.arrived();
      } catch (IOException e) {
        return e.toString();
      }
    };
  }

  @Test
  @Order(1)
  void aDataNodeLostWhileMapsReadAndThenTheApplicationMasterKilledCostNothingButTime() throws Exception {
    // Two faults, one job: a DataNode dies while the maps (on several nodes) wait to read, then
    // the ApplicationMaster is killed once every map is done.
    Run run = start("dn-lost-am-killed", true, true);
    waitFor("every map at the gate", attemptsArrived(run, "_m_", MAPS), run);
    // Stop the DataNode holding the most replicas of the input; every block keeps one elsewhere.
    Map<String, Integer> replicas = new TreeMap<>();
    FileStatus input = fs.getFileStatus(new org.apache.hadoop.fs.Path(INPUT));
    for (BlockLocation b : fs.getFileBlockLocations(input, 0, input.getLen())) {
      for (String name : b.getNames()) {
        replicas.merge(name, 1, Integer::sum);
      }
    }
    String busiest = replicas.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    int index = -1;
    List<DataNode> dataNodes = dfs.getDataNodes();
    for (int i = 0; i < dataNodes.size(); i++) {
      if (dataNodes.get(i).getXferAddress().toString().endsWith(busiest.substring(busiest.indexOf(':')))) {
        index = i;
      }
    }
    assertTrue(index >= 0, "the DataNode at " + busiest);
    dfs.stopDataNode(index);
    run.open(Gate.MAPS);

    waitFor("the reduce to wait at its gate (every map done)", attemptsArrived(run, "_r_", 1), run);
    assertEquals(MAPS, mapAttempts(run), () -> "no map failed: reads went to other replicas: " + describe(run).get());
    ApplicationId app = run.application();
    ApplicationAttemptId first = rm.getApplicationReport(app).getCurrentApplicationAttemptId();
    rm.failApplicationAttempt(first); // the ResourceManager kills its container, as a crash would
    waitFor("a second ApplicationMaster", () -> {
      try {
        return !rm.getApplicationReport(app).getCurrentApplicationAttemptId().equals(first);
      } catch (Exception e) {
        return false;
      }
    }, run);
    run.open(Gate.REDUCES); // the first attempt's reduce is gone with its ApplicationMaster
    JsonNode summary = assertExactAndPublishedOnce(run, run.await());
    assertEquals(2, rm.getApplicationAttempts(app).size(), "two ApplicationMaster attempts");
    Map<String, long[]> nodes = taskNodes(summary);
    assertTrue(mapNodes(nodes) >= 2, "maps on two nodes or more: " + summary.get("task_nodes"));
    assertEquals(MAPS, mapAttempts(run), "the second attempt reran no map: it recovered them from the first"
        + " one's history: " + run.arrived());
    assertEquals("large_input", summary.get("uber_decision").asText(), "three blocks: no uber mode");
    assertEquals(false, summary.get("uber").asBoolean());
  }

  @Test
  @Order(2)
  void nodeManagersLostWhileTheirMapsRunAndAfterTheirMapsFinishedCostNothingButTime() throws Exception {
    // Two faults, one job: a NodeManager dies while its maps run (they rerun elsewhere), then, once
    // every map is done and the reduce waits to fetch, another one whose maps had finished (their
    // outputs are lost with its shuffle server and recomputed). A node has room for two tasks and
    // the ApplicationMaster's for one: some map always runs beside it, and some finished map too.
    Run run = start("nm-lost-mid-map-and-after-maps", true, true);
    waitFor("every map at the gate", attemptsArrived(run, "_m_", MAPS), run);
    String am = applicationMasterNode(run.application());
    Set<String> mapNodes = run.nodesOf("_m_");
    mapNodes.remove(am);
    assertTrue(!mapNodes.isEmpty(), () -> "a node runs maps beside the ApplicationMaster's " + am + ": "
        + describe(run).get());
    String midMap = mapNodes.iterator().next();
    long stranded = mapAttemptsOn(run, midMap);
    yarn.getNodeManager(nodeManagerAt(midMap)).stop(); // its containers die with it
    run.open(Gate.MAPS);

    waitFor("the reduce to wait at its gate (every map done)", attemptsArrived(run, "_r_", 1), run);
    assertTrue(mapAttempts(run) >= MAPS + stranded, () -> "the stranded maps ran again: " + describe(run).get());
    Set<String> reduceNodes = run.nodesOf("_r_");
    List<String> candidates = new ArrayList<>(run.nodesOf("_m_"));
    candidates.remove(am);
    candidates.remove(midMap);
    candidates.sort((a, b) -> Boolean.compare(reduceNodes.contains(a), reduceNodes.contains(b)));
    assertTrue(!candidates.isEmpty(), describe(run));
    String afterMaps = candidates.get(0);
    long finished = mapAttemptsOn(run, afterMaps);
    long attemptsBefore = mapAttempts(run);
    yarn.getNodeManager(nodeManagerAt(afterMaps)).stop(); // with it, its shuffle server and map outputs
    run.open(Gate.REDUCES);

    JsonNode summary = assertExactAndPublishedOnce(run, run.await());
    Map<String, long[]> nodes = taskNodes(summary);
    assertEquals(0, nodes.get(midMap)[0], "no map finished on the node lost mid-map");
    assertTrue(nodes.get(midMap)[2] >= stranded, "its " + stranded + " maps failed or were killed there: " + summary);
    assertNotEquals(null, nodes.get(afterMaps), "the node lost after its maps is listed: " + summary.get("task_nodes"));
    assertEquals(0, nodes.get(afterMaps)[0], "none of its map outputs counts");
    assertTrue(nodes.get(afterMaps)[2] >= finished, "its " + finished + " finished maps are failed or killed: " + summary);
    // The maps ran on two nodes or more (the first victim's and another, at the gate at once);
    // their reruns may all land on one node.
    assertTrue(run.nodesOf("_m_").size() >= 2, () -> "maps on two nodes or more: " + describe(run).get());
    assertTrue(mapAttempts(run) >= attemptsBefore + finished, () -> "the finished maps ran again: " + describe(run).get());
  }

  /** @return how many map attempts reached the gate on the given NodeManager */
  private static long mapAttemptsOn(Run run, String node) throws IOException {
    return run.arrived().entrySet().stream().filter(e -> e.getKey().contains("_m_") && e.getValue().equals(node)).count();
  }
}
