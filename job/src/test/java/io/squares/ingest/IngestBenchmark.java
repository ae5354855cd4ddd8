package io.squares.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ingestion benchmark (not a test; run it with {@code bin/bench-ingest}). Serves N splits of S
 * MiB from a loopback HTTP server that waits L ms before every response, then runs, as separate
 * processes and interleaved so that they share the machine's conditions:
 * <ol>
 *   <li>{@code bin/squares ingest} at its default limits, from a manifest with {@code sha256=}
 *       for every split (checksums verified, atomic commit);</li>
 *   <li>the same with {@code --concurrency 1};</li>
 *   <li>Hadoop's multi-threaded copy {@code hadoop fs -cp -t 16}, FsShell from the same Hadoop jars,
 *       reading the same URLs through Hadoop's {@code HttpFileSystem};</li>
 *   <li>(extra) {@code bin/squares ingest --concurrency 16}, the default before issue 10.</li>
 * </ol>
 * It checks every copy (file count, sizes, sha256), and prints the whole-process wall times, the
 * ingestion phase of our runs (from {@code _MANIFEST.json}), the ratios, and the bound
 * 1.5 &times; (ceil(N / concurrency) &times; L + transfer time), where the transfer time is measured
 * here: one connection fetching every split with no latency and no checks.
 */
public final class IngestBenchmark {
  private static final Pattern WALL_MS = Pattern.compile("\"wall_ms\": (\\d+)");
  private static final int OLD_DEFAULT = 16;

  private final int splits;
  private final int sizeBytes;
  private final long latencyMillis;
  private final int fsThreads;
  private final int repeat;
  private final Path squares;
  private final String hadoopClasspath;
  private final Path work;
  private final Map<String, String> expectedSha = new HashMap<>();

  private IngestBenchmark(Map<String, String> o) throws IOException {
    splits = Integer.parseInt(o.getOrDefault("splits", "64"));
    sizeBytes = (int) (Double.parseDouble(o.getOrDefault("size-mb", "1")) * 1024 * 1024);
    latencyMillis = Long.parseLong(o.getOrDefault("latency-ms", "200"));
    fsThreads = Integer.parseInt(o.getOrDefault("fs-threads", "16"));
    repeat = Integer.parseInt(o.getOrDefault("repeat", "3"));
    squares = Path.of(required(o, "squares"));
    hadoopClasspath = Files.readString(Path.of(required(o, "hadoop-classpath-file"))).trim();
    work = o.containsKey("work") ? Files.createDirectories(Path.of(o.get("work")))
        : Files.createTempDirectory("squares-bench-");
  }

  private static String required(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  /** One contestant: a command line per run, and whether it writes our manifest. */
  private record Contestant(String label, boolean ours, int concurrency, boolean extra) {}

  /** One run's measurements. */
  private record Run(double wallSeconds, double phaseSeconds) {}

  /**
   * @param args {@code --squares <bin/squares> --hadoop-classpath-file <file>} and optionally
   *     {@code --splits 64 --size-mb 1 --latency-ms 200 --fs-threads 16 --repeat 3 --work <dir>}
   * @throws Exception when the benchmark cannot run
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    new IngestBenchmark(o).run();
  }

  private void run() throws Exception {
    Path conf = Files.createDirectories(work.resolve("hadoop-conf"));
    // FsShell insists on a core-site.xml on its classpath, as every Hadoop installation has one.
    Files.writeString(conf.resolve("core-site.xml"), "<?xml version=\"1.0\"?>\n<configuration>\n"
        + "  <property><name>fs.defaultFS</name><value>file:///</value></property>\n</configuration>\n");
    try (LoopbackServer slow = new LoopbackServer(splits + 8); LoopbackServer fast = new LoopbackServer(4)) {
      slow.latency(latencyMillis);
      List<String> urls = new ArrayList<>();
      List<String> manifest = new ArrayList<>();
      for (int i = 0; i < splits; i++) {
        byte[] b = IngestRuns.randomBytes(sizeBytes, i);
        String path = String.format(Locale.ROOT, "/bench/split-%03d.bin", i);
        slow.put(path, b);
        fast.put(path, b);
        String name = path.substring(path.lastIndexOf('/') + 1);
        expectedSha.put(name, IngestRuns.sha256(b));
        urls.add(slow.uri(path).toString());
        manifest.add(slow.uri(path) + " sha256=" + expectedSha.get(name));
      }
      Path manifestFile = work.resolve("manifest.txt");
      Files.write(manifestFile, manifest, StandardCharsets.UTF_8);
      double transfer = transferSeconds(fast, urls);

      List<Contestant> contestants = List.of(
          new Contestant("squares ingest (defaults: " + IngestConfig.CONCURRENCY_DEFAULT + ", "
              + IngestConfig.PER_HOST_CONCURRENCY_DEFAULT + " per host)", true, 0, false),
          new Contestant("squares ingest --concurrency 1", true, 1, false),
          new Contestant("hadoop fs -cp -t " + fsThreads, false, fsThreads, false),
          new Contestant("squares ingest --concurrency 16 (old default)", true, OLD_DEFAULT, true));
      Map<Contestant, List<Run>> runs = new LinkedHashMap<>();
      for (Contestant c : contestants) {
        runs.put(c, new ArrayList<>());
      }
      System.out.printf(Locale.ROOT, "squares ingest benchmark: %d splits x %.1f MiB, %d ms latency per request,"
          + " loopback, %d runs each, interleaved%n", splits, sizeBytes / 1048576.0, latencyMillis, repeat);
      for (int r = 0; r < repeat; r++) {
        for (Contestant c : contestants) {
          Path dest = work.resolve("dest-" + r + "-" + runs.get(c).size() + "-" + (c.ours() ? "ours" + c.concurrency() : "fs"));
          Run run = c.ours() ? runOurs(c, manifestFile, dest) : runFsShell(conf, urls, dest);
          verify(c.label(), dest);
          runs.get(c).add(run);
          System.out.printf(Locale.ROOT, "  run %d  %-42s %6.2f s%n", r + 1, c.label(), run.wallSeconds());
        }
      }
      double startOurs = startup(List.of(squares.toString(), "ingest", "--help"));
      double startFs = startup(List.of(java(), "-Xmx1g", "-cp", conf + ":" + hadoopClasspath,
          "org.apache.hadoop.fs.FsShell", "-ls", "file://" + work));
      report(runs, contestants, transfer, startOurs, startFs);
    }
  }

  private Run runOurs(Contestant c, Path manifest, Path dest) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(squares.toString(), "ingest"));
    if (c.concurrency() > 0) {
      cmd.add("--concurrency");
      cmd.add(Integer.toString(c.concurrency()));
    }
    cmd.addAll(List.of("--to", dest.toString(), "--manifest", manifest.toString()));
    double wall = time(cmd);
    Matcher m = WALL_MS.matcher(Files.readString(dest.resolve(StagingArea.MANIFEST)));
    if (!m.find()) {
      throw new IllegalStateException("no wall_ms in " + dest.resolve(StagingArea.MANIFEST));
    }
    return new Run(wall, Long.parseLong(m.group(1)) / 1000.0);
  }

  private Run runFsShell(Path conf, List<String> urls, Path dest) throws Exception {
    Files.createDirectories(dest);
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-cp", conf + ":" + hadoopClasspath,
        "org.apache.hadoop.fs.FsShell", "-cp", "-t", Integer.toString(fsThreads)));
    cmd.addAll(urls);
    cmd.add(dest.toUri().toString());
    return new Run(time(cmd), Double.NaN);
  }

  private double time(List<String> cmd) throws Exception {
    Path log = work.resolve("last-run.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().remove("HADOOP_CONF_DIR");
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + cmd.get(0));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0) {
      throw new IllegalStateException("exit " + p.exitValue() + " from " + String.join(" ", cmd.subList(0, 4))
          + "...:\n" + Files.readString(log));
    }
    return seconds;
  }

  private double startup(List<String> cmd) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      best = Math.min(best, time(cmd));
    }
    return best;
  }

  /** Checks that dest holds every split, whole, and nothing under a partial name. */
  private void verify(String label, Path dest) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dest)) {
      files = s.filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
          .sorted(Comparator.naturalOrder()).toList();
    }
    if (files.size() != splits) {
      throw new IllegalStateException(label + ": " + files.size() + " files in " + dest + ", expected " + splits);
    }
    for (Path f : files) {
      String sha = IngestRuns.sha256(Files.readAllBytes(f));
      if (!sha.equals(expectedSha.get(f.getFileName().toString()))) {
        throw new IllegalStateException(label + ": wrong content in " + f);
      }
    }
  }

  /** Fetches every split once over one connection, no latency, no checks: the transfer cost alone. */
  private double transferSeconds(LoopbackServer fast, List<String> slowUrls) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    double best = Double.MAX_VALUE;
    for (int pass = 0; pass < 3; pass++) {
      long t0 = System.nanoTime();
      for (String u : slowUrls) {
        URI fastUri = fast.uri(URI.create(u).getPath());
        client.send(HttpRequest.newBuilder(fastUri).build(), HttpResponse.BodyHandlers.ofByteArray());
      }
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private void report(Map<Contestant, List<Run>> runs, List<Contestant> contestants, double transfer,
      double startOurs, double startFs) {
    System.out.printf(Locale.ROOT, "%ntransfer time (1 connection, no latency, no checks): %.2f s%n", transfer);
    System.out.printf(Locale.ROOT, "JVM start, no work: squares ingest --help %.2f s, hadoop fs -ls %.2f s%n%n",
        startOurs, startFs);
    System.out.printf(Locale.ROOT, "%-44s %12s %8s %18s%n", "contestant", "wall median", "min", "ingestion phase");
    Map<Contestant, Double> wall = new HashMap<>();
    Map<Contestant, Double> phase = new HashMap<>();
    for (Contestant c : contestants) {
      List<Run> rs = runs.get(c);
      wall.put(c, median(rs.stream().map(Run::wallSeconds).toList()));
      phase.put(c, median(rs.stream().map(Run::phaseSeconds).toList()));
      double min = rs.stream().mapToDouble(Run::wallSeconds).min().orElse(Double.NaN);
      System.out.printf(Locale.ROOT, "%-44s %10.2f s %6.2f s %16s%n", c.label(), wall.get(c), min,
          c.ours() ? String.format(Locale.ROOT, "%.2f s", phase.get(c)) : "-");
    }
    Contestant ours = contestants.get(0);
    Contestant one = contestants.get(1);
    Contestant fs = contestants.get(2);
    Contestant all = contestants.get(3);
    System.out.printf(Locale.ROOT, "%nratios of whole-process wall time (medians):%n");
    ratio("squares ingest (defaults) / hadoop fs -cp -t " + fsThreads, wall.get(ours) / wall.get(fs), "<= 0.75");
    ratio("squares ingest --concurrency 1 / hadoop fs -cp -t " + fsThreads, wall.get(one) / wall.get(fs), null);
    ratio("squares ingest (defaults) / squares ingest --concurrency 1", wall.get(ours) / wall.get(one), null);
    ratio("squares ingest --concurrency 16 (old default) / hadoop fs -cp -t " + fsThreads,
        wall.get(all) / wall.get(fs), null);
    System.out.printf(Locale.ROOT, "%ningestion phase vs 1.5 x (ceil(%d / concurrency) x %d ms + transfer %.2f s):%n",
        splits, latencyMillis, transfer);
    for (Contestant c : List.of(ours, one, all)) {
      // one host: the defaults allow the smaller of the total and the per-host limit
      int conc = c.concurrency() > 0 ? c.concurrency()
          : Math.min(IngestConfig.CONCURRENCY_DEFAULT, IngestConfig.PER_HOST_CONCURRENCY_DEFAULT);
      double ideal = Math.ceil(splits / (double) conc) * latencyMillis / 1000.0 + transfer;
      double p = phase.get(c);
      System.out.printf(Locale.ROOT, "  %-42s %6.2f s  bound %6.2f s  (%.2f x ideal)  %s%n", c.label(), p, 1.5 * ideal,
          p / ideal, p <= 1.5 * ideal ? "OK" : "MISS");
    }
    System.out.println("\nwork directory: " + work);
  }

  private static void ratio(String what, double value, String target) {
    System.out.printf(Locale.ROOT, "  %-62s %5.2f%s%n", what, value,
        target == null ? "" : "   target " + target + "  " + (value <= Double.parseDouble(target.substring(3)) ? "OK" : "MISS"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
