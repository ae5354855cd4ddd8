package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static io.squares.job.LocalJobs.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.squares.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/nightly} as cron runs it: a process, in local mode, with file:// (and one http://)
 * sources. Each test lays out an incoming directory per date; the manifest names
 * {@code incoming/{date}/sales.csv}. Outputs are compared with the oracle's expected files.
 */
class NightlyIT {
  private static final Path NIGHTLY = ROOT.resolve("bin/nightly");
  private static final Path SALES = DATASETS.resolve("sales/sales.csv");
  private static final List<String> BY_REGION = List.of("--header", "--key-column", "region", "--value-column", "amount");
  private static final List<String> BY_STORE = List.of("--header", "--key-column", "2");

  @TempDir Path tmp;
  /** Inputs shared by the tests that read them and do not change them. */
  @TempDir static Path shared;
  private static Path bigCsv;
  private Path incoming;
  private Path manifest;
  private Path staging;
  private Path out;
  private Path state;

  record Proc(int code, String output) {}

  @BeforeEach
  void layout() throws IOException {
    incoming = Files.createDirectories(tmp.resolve("incoming"));
    manifest = tmp.resolve("manifest.txt");
    Files.writeString(manifest, "# the day's sales\nfile://" + incoming + "/{date}/sales.csv\n");
    staging = tmp.resolve("staging");
    out = tmp.resolve("out");
    state = out.resolve("_nightly");
  }

  /**
   * @return a keyed CSV big enough that a job over it runs for a while in local mode (1,000,000
   *     rows, about 15 MB), written by {@code bin/squares generate} for the first test that needs it
   */
  private static synchronized Path bigInput() throws Exception {
    if (bigCsv == null) {
      Path file = shared.resolve("big.csv");
      Path genLog = shared.resolve("gen.out");
      Process gen = new ProcessBuilder(ROOT.resolve("bin/squares").toString(), "generate", "--rows", "1000000",
          "--keys", "40", "--min", "-1000", "--max", "1000", "--seed", "11", "--decimals", "2", "--header",
          file.toString()).redirectErrorStream(true).redirectOutput(genLog.toFile()).start();
      assertTrue(gen.waitFor(120, TimeUnit.SECONDS) && gen.exitValue() == 0, Files.readString(genLog));
      bigCsv = file;
    }
    return bigCsv;
  }

  private void arrive(String date, Path source) throws IOException {
    Files.copy(source, Files.createDirectories(incoming.resolve(date)).resolve("sales.csv"));
  }

  private ProcessBuilder builder(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(NIGHTLY.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().remove("HADOOP_CONF_DIR");
    // Each run is a short-lived JVM over a few kilobytes: the C1 compiler only and the serial
    // collector take about half the CPU time of the launcher's defaults (tuned for big inputs),
    // which SquaresJarIT runs.
    pb.environment().put("SQUARES_JAVA_OPTS", "-Xmx1g " + LocalJobs.SHORT_LIVED_JVM);
    return pb;
  }

  private Proc finish(Process p, Path log) throws Exception {
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "nightly finished in time");
    return new Proc(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** A bin/nightly process started and the file its output goes to. */
  record Started(Process process, Path log) {}

  private Started start(List<String> args) throws IOException {
    Path log = tmp.resolve("nightly-" + System.nanoTime() + ".out");
    return new Started(builder(args).redirectOutput(log.toFile()).start(), log);
  }

  private Proc run(List<String> args) throws Exception {
    Started p = start(args);
    return finish(p.process(), p.log());
  }

  /** The usual command line: manifest, roots, extra arguments, then "--" and the stats options. */
  private List<String> args(String date, List<String> extra, List<String> stats) {
    List<String> a = new ArrayList<>(List.of("--manifest", manifest.toString(), "--staging-root", staging.toString(),
        "--output-root", out.toString()));
    if (date != null) {
      a.addAll(List.of("--date", date));
    }
    a.addAll(extra);
    a.add("--");
    a.addAll(stats);
    return a;
  }

  private Proc nightly(String date, String... extra) throws Exception {
    return run(args(date, List.of(extra), BY_REGION));
  }

  private static List<String> lines(Path p) throws IOException {
    return Files.readAllLines(p, StandardCharsets.UTF_8);
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\": (\"([^\"]*)\"|[0-9]+|null|true|false)").matcher(json);
    assertTrue(m.find(), name + " in " + json);
    return m.group(2) != null ? m.group(2) : m.group(1);
  }

  private String status() throws IOException {
    return Files.readString(state.resolve("status.json"));
  }

  private Set<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private void assertPublished(String date, String expected) throws IOException {
    Path partition = out.resolve("dt=" + date);
    assertTrue(Files.exists(partition.resolve("_SUCCESS")), partition + " published");
    assertEquals(lines(DATASETS.resolve(expected)), lines(partition.resolve("part-r-00000")));
  }

  /** @return the output root's entries that are neither partitions nor the state directory */
  private Set<String> leftovers() throws IOException {
    Set<String> n = new TreeSet<>(names(out));
    n.removeIf(s -> s.matches("dt=\\d{4}-\\d{2}-\\d{2}") || s.equals("_nightly"));
    return n;
  }

  /**
   * One published partition serves three cases in turn: the first run (from a config file) publishes
   * it, rerunning the date does nothing, and --force recomputes and replaces it atomically.
   */
  @Test
  void firstRunPublishesFromAConfigFileARerunDoesNothingAndForceReplacesThePartitionAtomically() throws Exception {
    arrive("2026-11-01", SALES);
    Path config = tmp.resolve("nightly.conf");
    Files.writeString(config, String.join("\n",
        "# settings of the sales nightly",
        "manifest = " + manifest,
        "staging_root = " + staging,
        "output_root = " + out + "   # trailing comment",
        "stats_options = --header --key-column region --value-column amount",
        ""));
    Proc p = run(List.of("--config", config.toString(), "--date", "2026-11-01"));
    assertEquals(0, p.code(), p.output());
    assertPublished("2026-11-01", "sales/sales.stats.expected");
    assertTrue(Files.exists(staging.resolve("dt=2026-11-01/sales.csv")), "staged under the date");
    assertEquals(Set.of(), leftovers());

    String status = status();
    assertEquals("2026-11-01", field(status, "date"));
    assertEquals("published", field(status, "state"));
    assertEquals("0", field(status, "exit_code"));
    assertEquals("39", field(status, "records_read"));
    assertEquals("39", field(status, "good_records"));
    assertEquals("0", field(status, "bad_records"));
    assertEquals("1", field(status, "input_files"));
    assertTrue(Long.parseLong(field(status, "pipeline")) > 0, status);
    Path log = Path.of(field(status, "log"));
    assertEquals(Set.of(log.getFileName().toString()), names(state.resolve("logs")), "one log for one run");
    String logText = Files.readString(log);
    assertTrue(logText.contains("squares pipeline: 1 of 1 splits staged"), "pipeline output in the log: " + logText);
    assertTrue(logText.contains("done: published, exit 0"), logText);
    assertEquals(1, lines(state.resolve("history.jsonl")).size());

    // Rerunning a published date does nothing and exits 0.
    Path summary = out.resolve("dt=2026-11-01/_SUMMARY.json");
    String before = Files.readString(summary);

    Proc again = nightly("2026-11-01");
    assertEquals(0, again.code(), again.output());
    assertTrue(again.output().contains("already published"), again.output());
    assertEquals(before, Files.readString(summary), "the partition was not recomputed");
    assertEquals("already_published", field(status(), "state"));
    assertEquals(2, lines(state.resolve("history.jsonl")).size());
    assertEquals(2, names(state.resolve("logs")).size(), "one log per run");

    // --force recomputes the published partition and replaces it atomically.
    Path partition = out.resolve("dt=2026-11-01");
    List<String> old = lines(DATASETS.resolve("sales/sales.stats.expected"));
    List<String> fresh = lines(DATASETS.resolve("sales/sales.stats-by-store.expected"));

    // A reader polls the partition during the forced run: whenever the name exists, one listing
    // of it shows a complete partition, and its part file is wholly the old or the new result.
    AtomicBoolean stop = new AtomicBoolean();
    List<String> seen = new ArrayList<>();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      while (!stop.get()) {
        String look;
        try {
          // The directory the name stands for while we look: a listing opened just before the swap
          // reads the replaced directory (by its inode) as it is being deleted; a reader that looks
          // by name again sees the new partition, so such a look is taken again.
          Object dir = Files.readAttributes(partition, BasicFileAttributes.class).fileKey();
          Set<String> entries = new TreeSet<>();
          try (DirectoryStream<Path> listing = Files.newDirectoryStream(partition)) {
            listing.forEach(e -> entries.add(e.getFileName().toString()));
          }
          if (!entries.containsAll(Set.of("_SUCCESS", "_SUMMARY.json", "part-r-00000"))) {
            look = "INCOMPLETE " + entries;
          } else {
            List<String> l = lines(partition.resolve("part-r-00000"));
            look = l.equals(old) ? "old" : l.equals(fresh) ? "new" : "MIXED " + l;
          }
          if (!dir.equals(Files.readAttributes(partition, BasicFileAttributes.class).fileKey())) {
            continue; // swapped while we looked
          }
        } catch (NoSuchFileException e) {
          look = "none";
        } catch (IOException | UncheckedIOException e) {
          look = "ERROR " + e;
        }
        synchronized (seen) {
          seen.add(look);
        }
      }
    });
    Proc forced = run(args("2026-11-01", List.of("--force"), BY_STORE));
    stop.set(true);
    reader.get(10, TimeUnit.SECONDS);

    assertEquals(0, forced.code(), forced.output());
    assertPublished("2026-11-01", "sales/sales.stats-by-store.expected");
    assertEquals("published", field(status(), "state"));
    assertEquals("true", field(status(), "forced"));
    assertEquals(Set.of(), leftovers(), "no staging or replaced directory left");
    synchronized (seen) {
      assertTrue(seen.contains("old"), "the reader saw the old partition first");
      assertTrue(seen.stream().allMatch(s -> Set.of("old", "new", "none").contains(s)),
          "old, new or (for an instant) none, never a mix: " + new TreeSet<>(seen));
    }
  }

  @Test
  void aRunKilledMidJobLeavesNoPartitionAndTheRerunResumesAndPublishesOnce() throws Exception {
    Path big = bigInput();
    arrive("2026-11-02", big);
    List<String> stats = List.of("--header", "--key-column", "1", "--value-column", "2");

    // The killed run, in its own session so that the whole process tree dies with it (kill -9).
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    cmd.add(NIGHTLY.toString());
    cmd.addAll(args("2026-11-02", List.of(), stats));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("killed.out").toFile());
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().remove("HADOOP_CONF_DIR");
    Process killed = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    boolean jobRunning = false;
    while (!jobRunning && killed.isAlive() && System.nanoTime() < deadline) {
      jobRunning = names(out).stream().anyMatch(n -> n.startsWith(".dt=2026-11-02.squares-"));
      Thread.sleep(5);
    }
    assertTrue(jobRunning, "the job started: " + Files.readString(tmp.resolve("killed.out")));
    new ProcessBuilder("kill", "-KILL", "--", "-" + killed.pid()).start().waitFor();
    assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
    Thread.sleep(200);
    assertFalse(Files.exists(out.resolve("dt=2026-11-02")), "no partition after the kill: " + names(out));
    assertEquals("running", field(status(), "state"), "the killed run could not record an outcome");

    Proc rerun = run(args("2026-11-02", List.of(), stats));
    assertEquals(0, rerun.code(), rerun.output());
    String log = Files.readString(Path.of(field(status(), "log")));
    assertTrue(log.contains("(0 fetched, 1 already staged)"), "ingestion resumed: " + log);
    assertEquals("published", field(status(), "state"));
    assertEquals(Set.of(), leftovers(), "the killed job's staging directory was removed");
    assertEquals(Set.of("dt=2026-11-02"), names(out).stream().filter(n -> n.startsWith("dt=")).collect(
        java.util.stream.Collectors.toSet()));

    // Published once, and exactly what an uninterrupted run of the same data publishes.
    Path reference = tmp.resolve("reference");
    Process ref = new ProcessBuilder(ROOT.resolve("bin/squares").toString(), "stats", "--header", "--key-column", "1",
        "--value-column", "2", big.toString(), reference.toString()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("ref.out").toFile()).start();
    assertTrue(ref.waitFor(120, TimeUnit.SECONDS) && ref.exitValue() == 0, Files.readString(tmp.resolve("ref.out")));
    assertEquals(lines(reference.resolve("part-r-00000")), lines(out.resolve("dt=2026-11-02/part-r-00000")));
    assertEquals("1000000", field(status(), "records_read"));
  }

  @Test
  void aRunStoppedWithSigtermExits130AndRecordsItWithNothingPublished() throws Exception {
    arrive("2026-11-08", bigInput());
    Path log = tmp.resolve("stopped.out");
    // bin/nightly execs the JVM, so the process started here is the run itself: SIGTERM goes to it.
    Process running = builder(args("2026-11-08", List.of(), List.of("--header", "--key-column", "1",
        "--value-column", "2"))).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    boolean jobRunning = false;
    while (!jobRunning && running.isAlive() && System.nanoTime() < deadline) {
      jobRunning = names(out).stream().anyMatch(n -> n.startsWith(".dt=2026-11-08.squares-"));
      Thread.sleep(5);
    }
    assertTrue(jobRunning, "the job started: " + Files.readString(log));
    running.destroy();
    Proc stopped = finish(running, log);

    assertEquals(ExitCode.INTERRUPTED.code(), stopped.code(), stopped.output());
    assertEquals("interrupted", field(status(), "state"));
    assertEquals("130", field(status(), "exit_code"));
    assertEquals(1, lines(state.resolve("history.jsonl")).size(), "the stop is in the history");
    assertFalse(Files.exists(out.resolve("dt=2026-11-08")), "nothing published");
    assertEquals(Set.of(), leftovers(), "the job's temporary output was removed");
    assertTrue(Files.readString(Path.of(field(status(), "log"))).contains("done: interrupted, exit 130"));
  }

  @Test
  void anOverlappingRunForTheSameOutputRootIsRefusedWithExitEight() throws Exception {
    // The first run's source is served over HTTP only when the test says so, so it holds the lock.
    CountDownLatch requested = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    byte[] body = Files.readAllBytes(SALES);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/sales.csv", exchange -> {
      requested.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    try {
      Path httpManifest = tmp.resolve("http-manifest.txt");
      Files.writeString(httpManifest, "http://127.0.0.1:" + server.getAddress().getPort() + "/sales.csv\n");
      List<String> first = new ArrayList<>(args("2026-11-03", List.of(), BY_REGION));
      first.set(first.indexOf(manifest.toString()), httpManifest.toString());
      Path firstLog = tmp.resolve("first.out");
      Process running = builder(first).redirectOutput(firstLog.toFile()).start();
      assertTrue(requested.await(120, TimeUnit.SECONDS), "the first run is fetching");

      arrive("2026-11-04", SALES);
      Proc second = nightly("2026-11-04");
      assertEquals(ExitCode.LOCKED.code(), second.code(), second.output());
      assertTrue(second.output().contains("another run holds"), second.output());
      assertFalse(Files.exists(out.resolve("dt=2026-11-04")), "the refused run did nothing");
      assertEquals("2026-11-03", field(status(), "date"), "the refused run left the running one's status alone");
      assertEquals("running", field(status(), "state"));

      release.countDown();
      Proc done = finish(running, firstLog);
      assertEquals(0, done.code(), done.output());
      assertPublished("2026-11-03", "sales/sales.stats.expected");
      // Once the lock is free, the other date runs.
      assertEquals(0, nightly("2026-11-04").code());
      assertPublished("2026-11-04", "sales/sales.stats.expected");
    } finally {
      release.countDown();
      server.stop(0);
    }
  }

  @Test
  void retentionDeletesOldPartitionsAndTheirStagingOnlyAfterPublishing() throws Exception {
    for (String d : List.of("2026-11-01", "2026-11-02", "2026-11-03")) {
      arrive(d, SALES);
    }
    assertEquals(0, nightly("2026-11-01").code());
    assertEquals(0, nightly("2026-11-02").code());
    Proc third = nightly("2026-11-03", "--keep-days", "2");
    assertEquals(0, third.code(), third.output());
    assertEquals(Set.of("_nightly", "dt=2026-11-02", "dt=2026-11-03"), names(out), "the last 2 days kept");
    assertEquals(Set.of("dt=2026-11-02", "dt=2026-11-03"), names(staging));
    assertEquals("1", field(status(), "partitions_deleted"));
    assertPublished("2026-11-03", "sales/sales.stats.expected");

    // A run that publishes nothing (its source has not arrived: exit 3) deletes nothing.
    Proc failed = nightly("2026-11-04", "--keep-days", "1");
    assertEquals(ExitCode.INPUT_NOT_FOUND.code(), failed.code(), failed.output());
    assertEquals("failed", field(status(), "state"));
    assertEquals(Set.of("_nightly", "dt=2026-11-02", "dt=2026-11-03"), names(out));

    arrive("2026-11-04", SALES);
    assertEquals(0, nightly("2026-11-04", "--keep-days", "1").code());
    assertEquals(Set.of("_nightly", "dt=2026-11-04"), names(out));
    assertEquals("2", field(status(), "partitions_deleted"));
  }

  @Test
  void usageErrorsExitTwoAndTheDefaultDateIsYesterdayInUtc() throws Exception {
    // Usage errors are found before a run touches its output root or takes its lock: these runs
    // go side by side, and each must still exit on its own account.
    Started help = start(List.of("--help"));
    Map<List<String>, Started> usage = new LinkedHashMap<>();
    for (List<String> bad : List.of(
        List.of("--staging-root", "s", "--output-root", "o"),
        args("2026-02-30", List.of(), BY_REGION),
        args("2026-11-01", List.of("--keep-days", "0"), BY_REGION),
        args("2026-11-01", List.of("--frobnicate"), BY_REGION),
        List.of("--manifest", tmp.resolve("missing.txt").toString(), "--staging-root", "s", "--output-root", "o"))) {
      usage.put(bad, start(bad));
    }
    Proc helped = finish(help.process(), help.log());
    assertEquals(0, helped.code(), helped.output());
    for (Map.Entry<List<String>, Started> e : usage.entrySet()) {
      Proc p = finish(e.getValue().process(), e.getValue().log());
      assertEquals(ExitCode.USAGE.code(), p.code(), e.getKey() + ": " + p.output());
    }
    // No --date: yesterday in UTC. Its source has not arrived: exit 3, and status.json says so.
    Proc p = run(args(null, List.of(), BY_REGION));
    assertEquals(ExitCode.INPUT_NOT_FOUND.code(), p.code(), p.output());
    assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(1).toString(), field(status(), "date"));
    assertEquals("3", field(status(), "exit_code"));
    assertFalse(Arrays.stream(out.toFile().list()).anyMatch(n -> n.startsWith("dt=")), "nothing published");
  }

  /** @return every file below dir with its content, to show a directory untouched */
  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    return m;
  }

  private Path foreign(Path dir, String... files) throws IOException {
    Files.createDirectories(dir);
    for (String f : files) {
      Files.writeString(dir.resolve(f), "not made by Squares: " + f + "\n");
    }
    return dir;
  }

  @Test
  void retentionDeletesOnlyPartitionsSquaresPublishedAndStagingItsIngestionMade() throws Exception {
    arrive("2026-11-01", SALES);
    arrive("2026-11-03", SALES);
    assertEquals(0, nightly("2026-11-01").code());
    Path oldForeign = foreign(out.resolve("dt=2026-10-01"), "precious.txt");
    Path successOnly = foreign(out.resolve("dt=2026-10-02"), "_SUCCESS", "part-00000");
    Path stagingForeign = foreign(staging.resolve("dt=2026-10-01"), "notes.txt");
    Map<String, String> before = new TreeMap<>();
    for (Path d : List.of(oldForeign, successOnly, stagingForeign)) {
      before.put(d.toString(), contents(d).toString());
    }
    Proc p = nightly("2026-11-03", "--keep-days", "2");
    assertEquals(0, p.code(), p.output());
    assertEquals(Set.of("_nightly", "dt=2026-10-01", "dt=2026-10-02", "dt=2026-11-03"), names(out),
        "the published 2026-11-01 deleted, the foreign ones kept");
    assertEquals(Set.of("dt=2026-10-01", "dt=2026-11-03"), names(staging));
    for (Path d : List.of(oldForeign, successOnly, stagingForeign)) {
      assertEquals(before.get(d.toString()), contents(d).toString(), d + " untouched");
    }
    assertEquals("1", field(status(), "partitions_deleted"));
    assertTrue(p.output().contains("retention: keeping " + out + "/dt=2026-10-01: not published by Squares"),
        p.output());
  }

  @Test
  void forceRefusesAPartitionOrStagingSquaresDidNotMake() throws Exception {
    arrive("2026-11-05", SALES);
    Path partition = foreign(out.resolve("dt=2026-11-05"), "_SUCCESS", "report.csv");
    Map<String, String> before = contents(partition);
    Proc p = nightly("2026-11-05", "--force");
    assertEquals(ExitCode.OUTPUT_EXISTS.code(), p.code(), p.output());
    assertTrue(p.output().contains(partition + " exists but Squares did not make it; not replaced by --force"),
        p.output());
    assertEquals(before, contents(partition));
    assertEquals(Set.of(), names(staging), "nothing staged");

    // Without _SUCCESS: the pipeline's --overwrite refuses it (exit 4) before anything is fetched.
    arrive("2026-11-06", SALES);
    Path unpublished = foreign(out.resolve("dt=2026-11-06"), "precious.txt");
    p = nightly("2026-11-06");
    assertEquals(ExitCode.OUTPUT_EXISTS.code(), p.code(), p.output());
    assertTrue(p.output().contains("exists and was not written by Squares (it holds 1 entry, precious.txt)"),
        p.output());
    assertEquals(Set.of("precious.txt"), names(unpublished));

    // A staging directory for the date that ingestion did not make.
    arrive("2026-11-07", SALES);
    Path stage = foreign(staging.resolve("dt=2026-11-07"), "notes.txt");
    p = nightly("2026-11-07");
    assertEquals(ExitCode.OUTPUT_EXISTS.code(), p.code(), p.output());
    assertTrue(p.output().contains(stage + " exists but Squares did not make it; not used for staging"), p.output());
    assertEquals(Set.of("notes.txt"), names(stage));
    assertFalse(Files.exists(out.resolve("dt=2026-11-07")));
  }

  @Test
  void overlappingRootsAreRefused() throws Exception {
    arrive("2026-11-01", SALES);
    Path inside = out.resolve("staging");
    Proc p = run(List.of("--manifest", manifest.toString(), "--staging-root", inside.toString(), "--output-root",
        out.toString(), "--date", "2026-11-01"));
    assertEquals(ExitCode.USAGE.code(), p.code(), p.output());
    assertTrue(p.output().contains("the output root " + out + " and the staging root " + inside + " overlap"),
        p.output());
    Path link = Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectories(out));
    p = run(List.of("--manifest", manifest.toString(), "--staging-root", link.toString(), "--output-root",
        out.toString(), "--date", "2026-11-01"));
    assertEquals(ExitCode.USAGE.code(), p.code(), p.output());
    assertFalse(Files.exists(out.resolve("dt=2026-11-01")));
  }
}
