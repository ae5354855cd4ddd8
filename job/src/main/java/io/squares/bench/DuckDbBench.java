package io.squares.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The side-by-side modes of {@code squares bench}, each contestant a whole process, run alternately
 * (A, B, A, B, ...) on the same generated file, median of {@code --runs}:
 * <ul>
 *   <li>{@code duckdb}: {@code stats} against DuckDB ({@link DuckDbStats}: {@code read_csv}, GROUP
 *       BY key with count, sum, sum of squares as HUGEINT, min, max; 2 threads), per shape;
 *   <li>{@code quantiles}: {@code stats}, {@code stats --approx-quantiles}, {@code stats
 *       --quantiles} (exact) and DuckDB's {@code quantile_cont};
 *   <li>{@code slots}: {@code stats} with 1 and with 2 map slots (local mode).
 * </ul>
 * Outputs are compared key by key after the first round ({@link OutputCheck}); a difference fails
 * the benchmark (exit 1) with the first differing keys.
 */
final class DuckDbBench {
  /** The modes this class runs. */
  static final Set<String> MODES = Set.of("duckdb", "quantiles", "slots");

  /** The issue 10 table's shapes; 100M possible keys over 20M rows give ~18.1M distinct. */
  static final String ISSUE10 = "20000000x1000,20000000x500000,20000000x5000000,80000000x1000,20000000x100000000";

  /** Targets of Squares / DuckDB at default settings (issue 10), by shape. */
  private static final Map<String, Double> DUCKDB_TARGETS = Map.of(
      "20000000x1000", 1.2, "20000000x500000", 1.5, "20000000x5000000", 1.5, "80000000x1000", 1.0,
      "20000000x100000000", 3.2);
  private static final double RSS_TARGET_MB = 1024;
  private static final long CHECK_BUCKET_BYTES = 48L << 20;

  private record Shape(long rows, int keys) {
    String id() {
      return rows + "x" + keys;
    }

    String label() {
      return String.format("%,d x %,d", rows, keys);
    }
  }

  private record Case(String name, List<String> command, Path output) {}

  private record Check(String what, OutputCheck.Side a, OutputCheck.Side b) {}

  private record Measured(ProcessMeter.Sample median, long peakRssKb) {}

  private DuckDbBench() {}

  /**
   * @param mode one of {@link #MODES}
   * @param args the options after the mode
   * @param out where the report goes
   * @param err where progress and errors go
   * @return 0 when every run succeeded and the outputs agree, 1 otherwise, 2 on a usage error
   * @throws Exception on an unexpected failure
   */
  static int run(String mode, String[] args, PrintStream out, PrintStream err) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("rows", mode.equals("slots") ? "80000000" : "20000000");
    o.put("keys", "1000");
    o.put("shapes", "");
    o.put("runs", "3");
    o.put("threads", "2");
    o.put("quantiles", "0.25,0.5,0.75");
    o.put("dir", Path.of(System.getProperty("java.io.tmpdir"), "squares-bench").toString());
    o.put("squares", Path.of(System.getProperty("squares.home", "."), "bin", "squares").toString());
    o.put("duckdb-jar", "");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        usage(mode, out, o);
        return 0;
      }
      String key = a.startsWith("--") ? a.substring(2) : "";
      if (!o.containsKey(key) || i + 1 >= args.length) {
        err.println("squares bench " + mode + ": unknown option or missing value: " + a + " (try --help)");
        return 2;
      }
      o.put(key, args[++i]);
    }
    if (!ProcessMeter.supported()) {
      err.println("squares bench: needs Linux /proc to measure CPU time and peak RSS");
      return 2;
    }
    List<Shape> shapes = new ArrayList<>();
    try {
      String list = o.get("shapes").equals("issue10") ? ISSUE10 : o.get("shapes");
      if (list.isEmpty()) {
        shapes.add(new Shape(Long.parseLong(o.get("rows")), Integer.parseInt(o.get("keys"))));
      } else {
        for (String s : list.split(",")) {
          String[] rk = s.strip().split("x");
          shapes.add(new Shape(Long.parseLong(rk[0]), Integer.parseInt(rk[1])));
        }
      }
    } catch (RuntimeException e) {
      err.println("squares bench " + mode + ": --shapes takes issue10 or ROWSxKEYS,...: " + o.get("shapes"));
      return 2;
    }
    int runs = Integer.parseInt(o.get("runs"));
    String squares = o.get("squares");
    Path home = Path.of(squares).toAbsolutePath().getParent().getParent();
    Path jar = home.resolve("job/target/squares.jar");
    Path duckJar = o.get("duckdb-jar").isEmpty() ? home.resolve("job/target/duckdb/duckdb_jdbc.jar")
        : Path.of(o.get("duckdb-jar"));
    boolean needsDuck = !mode.equals("slots");
    if (needsDuck && !Files.isRegularFile(duckJar)) {
      err.println("squares bench " + mode + ": DuckDB's JDBC jar is not at " + duckJar + ": run `mvn -q -pl job"
          + " dependency:copy@duckdb` in " + home + " (bin/squares bench does), or pass --duckdb-jar");
      return 2;
    }
    Path dir = Path.of(o.get("dir"));
    Files.createDirectories(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> duck = List.of(java, "-cp", jar + ":" + duckJar, DuckDbStats.class.getName(),
        "--threads", o.get("threads"));
    Path log = dir.resolve("bench-" + mode + ".log");
    Files.deleteIfExists(log);

    out.printf("squares bench %s: %d run(s) each, alternating, median; whole processes; load average %s%n",
        mode, runs, loadAverage());
    if (needsDuck) {
      List<String> version = new ArrayList<>(duck);
      version.add("--version");
      Measured idle = measure(List.of(new Case("DuckDB, no work", version, null)), Math.min(3, runs), log, err,
          List.of())
          .get("DuckDB, no work");
      if (idle == null) {
        return 1;
      }
      out.printf("%s (JDBC %s), %s threads; a DuckDB process doing no work (JVM start, the driver unpacks and"
          + " loads its native library): %.2f s, %d MB%n", lastLine(log), duckJar.getFileName(), o.get("threads"),
          idle.median().wallSeconds(), idle.peakRssKb() / 1024);
    }
    err.println("squares bench: warming up (builds the jar and the class-data archive if needed)...");
    Path tiny = BenchData.generate(dir, 1000, 10, err);
    ProcessMeter.run(List.of(squares, "stats", "--overwrite", tiny.toString(), dir.resolve("warmup").toString()), log);

    List<String[]> rows = new ArrayList<>();
    printHeader(mode, out);
    for (Shape shape : shapes) {
      Path data = BenchData.generate(dir, shape.rows(), shape.keys(), err);
      List<Case> cases = new ArrayList<>();
      List<Check> checks = new ArrayList<>();
      String quantiles = o.get("quantiles");
      int nq = quantiles.split(",").length;
      Path stats = dir.resolve("out-stats");
      Path duckOut = dir.resolve("out-duckdb.tsv");
      switch (mode) {
        case "duckdb" -> {
          cases.add(new Case("Squares stats", stats(squares, data, stats), stats));
          cases.add(new Case("DuckDB", concat(duck, data.toString(), duckOut.toString()), duckOut));
          checks.add(new Check("stats vs DuckDB", squaresSide(stats, 5, 0, 0), duckSide(duckOut, 0)));
        }
        case "quantiles" -> {
          Path approx = dir.resolve("out-approx");
          Path exact = dir.resolve("out-exact");
          cases.add(new Case("stats", stats(squares, data, stats), stats));
          cases.add(new Case("stats --approx-quantiles", concat(List.of(squares, "stats"),
              "--quantiles", quantiles, "--approx-quantiles", "--overwrite", "--key-column", "1",
              data.toString(), approx.toString()), approx));
          cases.add(new Case("stats --quantiles (exact)", concat(List.of(squares, "stats"),
              "--quantiles", quantiles, "--overwrite", "--key-column", "1", data.toString(), exact.toString()),
              exact));
          cases.add(new Case("DuckDB quantile_cont", concat(duck, "--quantiles", quantiles, data.toString(),
              duckOut.toString()), duckOut));
          checks.add(new Check("exact quantiles vs DuckDB", squaresSide(exact, 5, 9, nq), duckSide(duckOut, nq)));
          checks.add(new Check("stats vs DuckDB", squaresSide(stats, 5, 0, 0), duckSide(duckOut, 0)));
          checks.add(new Check("approx's exact columns vs stats", squaresSide(approx, 8, 0, 0),
              squaresSide(stats, 8, 0, 0)));
        }
        default -> {
          Path one = dir.resolve("out-stats-1");
          cases.add(new Case("stats, 1 map slot", slots(squares, 1, data, one), one));
          cases.add(new Case("stats, 2 map slots", slots(squares, 2, data, stats), stats));
          checks.add(new Check("1 slot vs 2 slots", squaresSide(one, 8, 0, 0), squaresSide(stats, 8, 0, 0)));
        }
      }
      String load = loadAverage();
      Map<String, Measured> m = measure(cases, runs, log, err, checks.stream()
          .map(c -> (CheckRun) () -> runCheck(c, dir, out, err)).toList());
      if (m == null) {
        return 1;
      }
      long distinct = countLines(partFiles(cases.get(0).output()));
      rows.add(row(mode, shape, distinct, Files.size(data), m, cases, load));
      out.println("| " + String.join(" | ", rows.get(rows.size() - 1)) + " |"); // as soon as it is known
      out.flush();
    }
    printTable(mode, rows, out);
    out.printf("load average at the end: %s; log: %s%n", loadAverage(), log);
    out.println("outputs agree: yes (checked key by key after the first round of every shape)");
    return 0;
  }

  private static void usage(String mode, PrintStream out, Map<String, String> defaults) {
    out.println("usage: squares bench " + mode + " [--rows N --keys K | --shapes issue10|ROWSxKEYS,...] [--runs R]");
    out.println("                     [--threads T] [--quantiles P,...] [--dir DIR] [--duckdb-jar JAR]");
    out.println("  duckdb:    stats vs DuckDB (GROUP BY key: count, sum, sum(v::HUGEINT*v), min, max), per shape");
    out.println("  quantiles: stats, --approx-quantiles, --quantiles (exact) and DuckDB quantile_cont");
    out.println("  slots:     stats with 1 and 2 map slots (default 80M rows)");
    out.println("  Whole processes, alternating, median of --runs; outputs compared key by key (a difference");
    out.println("  fails the run). --shapes issue10 = " + ISSUE10 + ".");
    out.println("  Defaults: " + defaults);
  }

  /** A check run after the first round; returns whether the outputs agreed. */
  private interface CheckRun {
    boolean run() throws IOException;
  }

  private static boolean runCheck(Check c, Path dir, PrintStream out, PrintStream err) throws IOException {
    OutputCheck.Result r = OutputCheck.compare(c.a(), c.b(), dir.resolve("check"), CHECK_BUCKET_BYTES);
    if (r.agree()) {
      err.printf("squares bench: %s: %,d keys agree%n", c.what(), r.keys());
      return true;
    }
    String msg = String.format("squares bench: OUTPUTS DIFFER: %s: %,d of %,d keys differ; first: %s", c.what(),
        r.mismatches(), r.keys(), String.join("; ", r.examples()));
    err.println(msg);
    out.println(msg);
    return false;
  }

  /**
   * Runs the cases alternately; after the first round, runs the checks.
   *
   * @return per case name, the median sample and the highest peak RSS; null when a run failed or a
   *     check found a difference
   */
  private static Map<String, Measured> measure(List<Case> cases, int runs, Path log, PrintStream err,
      List<CheckRun> checks) throws IOException, InterruptedException {
    Map<String, List<ProcessMeter.Sample>> samples = new LinkedHashMap<>();
    for (int r = 0; r < runs; r++) {
      for (Case c : cases) {
        if (c.output() != null && Files.isRegularFile(c.output())) {
          Files.delete(c.output()); // DuckDB's COPY target; Squares' outputs are replaced by --overwrite
        }
        err.printf("squares bench: run %d/%d: %s%n", r + 1, runs, c.name());
        ProcessMeter.Sample s = ProcessMeter.run(c.command(), log);
        if (s.exitCode() != 0) {
          err.println("squares bench: " + c.name() + " exited " + s.exitCode() + "; see " + log);
          return null;
        }
        samples.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(s);
      }
      if (r == 0) {
        boolean agree = true;
        for (CheckRun check : checks) {
          agree &= check.run();
        }
        if (!agree) {
          return null;
        }
      }
    }
    Map<String, Measured> result = new LinkedHashMap<>();
    for (Map.Entry<String, List<ProcessMeter.Sample>> e : samples.entrySet()) {
      List<ProcessMeter.Sample> list = new ArrayList<>(e.getValue());
      list.sort(Comparator.comparingDouble(ProcessMeter.Sample::wallSeconds));
      long rss = Collections.max(list, Comparator.comparingLong(ProcessMeter.Sample::peakRssKb)).peakRssKb();
      result.put(e.getKey(), new Measured(list.get(list.size() / 2), rss));
    }
    return result;
  }

  private static String[] row(String mode, Shape shape, long distinct, long bytes, Map<String, Measured> m,
      List<Case> cases, String load) {
    List<String> cells = new ArrayList<>();
    cells.add(shape.label());
    cells.add(String.format("%,d", distinct));
    cells.add(String.format("%,.1f", bytes / 1048576.0));
    for (Case c : cases) {
      cells.add(String.format("%.2f", m.get(c.name()).median().wallSeconds()));
    }
    double[] wall = cases.stream().mapToDouble(c -> m.get(c.name()).median().wallSeconds()).toArray();
    switch (mode) {
      case "duckdb" -> {
        Double target = DUCKDB_TARGETS.get(shape.id());
        cells.add(ratio(wall[0] / wall[1], target, true));
      }
      case "quantiles" -> {
        cells.add(ratio(wall[2] / wall[3], 3.0, true));
        cells.add(ratio(wall[1] / wall[0], 1.3, true));
      }
      default -> cells.add(ratio(wall[0] / wall[1], 1.7, false));
    }
    for (Case c : cases) {
      long mb = m.get(c.name()).peakRssKb() / 1024;
      boolean squares = !c.name().startsWith("DuckDB");
      cells.add(String.format("%,d%s", mb, squares && mb > RSS_TARGET_MB ? " (over 1 GiB)" : ""));
    }
    for (Case c : cases) {
      cells.add(String.format("%.1f", m.get(c.name()).median().cpuSeconds()));
    }
    cells.add(load);
    return cells.toArray(String[]::new);
  }

  private static String ratio(double r, Double target, boolean atMost) {
    if (target == null) {
      return String.format("%.2fx", r);
    }
    boolean met = atMost ? r <= target : r >= target;
    return String.format("%.2fx (%s %.1f: %s)", r, atMost ? "<=" : ">=", target, met ? "met" : "MISS");
  }

  private static void printTable(String mode, List<String[]> rows, PrintStream out) {
    printHeader(mode, out);
    for (String[] r : rows) {
      out.println("| " + String.join(" | ", r) + " |");
    }
    out.println();
  }

  private static void printHeader(String mode, PrintStream out) {
    List<String> head = new ArrayList<>(List.of("shape (rows x possible keys)", "distinct keys", "input MiB"));
    List<String> names = switch (mode) {
      case "duckdb" -> List.of("Squares", "DuckDB");
      case "quantiles" -> List.of("stats", "approx", "exact", "DuckDB q");
      default -> List.of("1 slot", "2 slots");
    };
    for (String n : names) {
      head.add(n + " s");
    }
    switch (mode) {
      case "duckdb" -> head.add("Squares / DuckDB");
      case "quantiles" -> {
        head.add("exact / DuckDB q");
        head.add("approx / stats");
      }
      default -> head.add("1 slot / 2 slots");
    }
    for (String n : names) {
      head.add(n + " RSS MB");
    }
    for (String n : names) {
      head.add(n + " CPU s");
    }
    head.add("load at start");
    out.println();
    out.println("| " + String.join(" | ", head) + " |");
    StringBuilder sep = new StringBuilder("| --- |");
    for (int i = 1; i < head.size(); i++) {
      sep.append(i == head.size() - 1 ? " --- |" : " ---: |");
    }
    out.println(sep);
  }

  private static List<String> stats(String squares, Path data, Path output) {
    return List.of(squares, "stats", "--overwrite", "--key-column", "1", data.toString(), output.toString());
  }

  private static List<String> slots(String squares, int slots, Path data, Path output) {
    return List.of(squares, "stats", "-D", "mapreduce.local.map.tasks.maximum=" + slots, "--overwrite",
        "--key-column", "1", data.toString(), output.toString());
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  /** Squares' part files: key, then fields 1..exactTo as text and quantiles from {@code qFrom}. */
  private static OutputCheck.Side squaresSide(Path dir, int exactTo, int qFrom, int nq) {
    return new OutputCheck.Side(dir.getFileName().toString(), dir, range(1, exactTo), range(qFrom,
        qFrom + nq - 1));
  }

  /** DuckDB's file: key, count, sum, sum of squares, min, max, then the quantiles. */
  private static OutputCheck.Side duckSide(Path file, int nq) {
    return new OutputCheck.Side("DuckDB", file, range(1, 5), range(6, 5 + nq));
  }

  private static int[] range(int from, int to) {
    if (to < from) {
      return new int[0];
    }
    int[] r = new int[to - from + 1];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static List<Path> partFiles(Path output) throws IOException {
    if (Files.isRegularFile(output)) {
      return List.of(output);
    }
    try (Stream<Path> files = Files.list(output)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  private static long countLines(List<Path> files) throws IOException {
    long n = 0;
    for (Path f : files) {
      try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
        n += lines.count();
      }
    }
    return n;
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("DuckDB ")) {
        return lines.get(i);
      }
    }
    return "DuckDB";
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
