package io.squares.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code squares bench}: generates a keyed CSV with the datasets generator and measures, side by
 * side in one run, whole processes: {@code stats} in local mode with 2 and 1 map slots, the plain
 * single-pass Java limit ({@link PlainStats}), the textbook MapReduce job ({@link TextbookStats}),
 * {@code square}, and a tiny {@code stats} job. Runs are interleaved round-robin so that a noisy
 * neighbour hits every case alike; it prints median wall time, CPU time and peak RSS, the ratios the
 * targets speak of, and checks that the outputs agree.
 */
public final class Bench {
  private record Case(String name, List<String> command, Path output, int runs) {}

  private Bench() {}

  /**
   * @param args options (see {@code --help})
   * @param out where the report goes
   * @param err where progress and errors go
   * @return 0 when every run succeeded and the outputs agree, 1 otherwise, 2 on a usage error
   * @throws Exception on an unexpected failure
   */
  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length > 0 && DuckDbBench.MODES.contains(args[0])) {
      return DuckDbBench.run(args[0], Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    Map<String, String> o = new LinkedHashMap<>();
    o.put("rows", "20000000");
    o.put("keys", "1000");
    o.put("runs", "3");
    o.put("textbook-runs", "1");
    o.put("dir", Path.of(System.getProperty("java.io.tmpdir"), "squares-bench").toString());
    o.put("squares", Path.of(System.getProperty("squares.home", "."), "bin", "squares").toString());
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        out.println("usage: squares bench [--rows N] [--keys K] [--runs R] [--textbook-runs T] [--dir DIR]");
        out.println("       squares bench duckdb|quantiles|slots [options]   (see squares bench MODE --help)");
        out.println("  Measures stats (2 and 1 map slots), the plain Java limit, a textbook MapReduce job,");
        out.println("  square and a 1,000-row stats job, whole process, side by side. Defaults: " + o);
        out.println("  --textbook-runs 0 skips the (slow) textbook job.");
        return 0;
      }
      String key = a.startsWith("--") ? a.substring(2) : "";
      if (!o.containsKey(key) || i + 1 >= args.length) {
        err.println("squares bench: unknown option or missing value: " + a + " (try --help)");
        return 2;
      }
      o.put(key, args[++i]);
    }
    if (!ProcessMeter.supported()) {
      err.println("squares bench: needs Linux /proc to measure CPU time and peak RSS");
      return 2;
    }
    long rows = Long.parseLong(o.get("rows"));
    int keys = Integer.parseInt(o.get("keys"));
    int runs = Integer.parseInt(o.get("runs"));
    int textbookRuns = Integer.parseInt(o.get("textbook-runs"));
    Path dir = Path.of(o.get("dir"));
    String squares = o.get("squares");
    Files.createDirectories(dir);
    Path data = generate(dir, rows, keys, err);
    Path tiny = generate(dir, 1000, 10, err);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path jar = Path.of(squares).toAbsolutePath().getParent().getParent().resolve("job/target/squares.jar");

    List<Case> cases = new ArrayList<>();
    for (int slots : new int[] {2, 1}) {
      Path output = dir.resolve("stats-" + slots);
      cases.add(new Case("stats, " + slots + " map slot" + (slots > 1 ? "s" : ""), List.of(squares, "stats", "-D",
          "mapreduce.local.map.tasks.maximum=" + slots, "--overwrite", "--key-column", "1", data.toString(),
          output.toString()), output, runs));
    }
    Path plainOut = dir.resolve("plain.tsv");
    cases.add(new Case("plain Java, 1 thread (limit)", List.of(java, "-cp", jar.toString(),
        PlainStats.class.getName(), data.toString(), plainOut.toString()), plainOut, runs));
    Path textbookOut = dir.resolve("textbook");
    if (textbookRuns > 0) {
      cases.add(new Case("textbook MapReduce", List.of(squares, "bench-textbook", "-conf",
          Path.of(squares).toAbsolutePath().getParent().getParent().resolve("conf/local.xml").toString(),
          data.toString(), textbookOut.toString()), textbookOut, textbookRuns));
    }
    Path squareOut = dir.resolve("square");
    cases.add(new Case("square, 2 map slots", List.of(squares, "square", "--overwrite", "--value-column", "2",
        data.toString(), squareOut.toString()), squareOut, runs));
    Path tinyOut = dir.resolve("tiny");
    cases.add(new Case("stats, 1,000 rows", List.of(squares, "stats", "--overwrite", "--key-column", "1",
        tiny.toString(), tinyOut.toString()), tinyOut, runs));

    Path log = dir.resolve("bench.log");
    Files.deleteIfExists(log);
    err.println("squares bench: warming up (builds the jar and the class-data archive if needed)...");
    ProcessMeter.run(List.of(squares, "stats", "--overwrite", tiny.toString(), dir.resolve("warmup").toString()), log);
    Map<Case, List<ProcessMeter.Sample>> samples = new LinkedHashMap<>();
    int maxRuns = cases.stream().mapToInt(Case::runs).max().orElse(0);
    for (int r = 0; r < maxRuns; r++) {
      for (Case c : cases) {
        if (r >= c.runs()) {
          continue;
        }
        if (c == cases.stream().filter(x -> x.output().equals(textbookOut)).findFirst().orElse(null)) {
          deleteTree(textbookOut);
        }
        err.printf("squares bench: run %d/%d: %s%n", r + 1, c.runs(), c.name());
        ProcessMeter.Sample s = ProcessMeter.run(c.command(), log);
        if (s.exitCode() != 0) {
          err.println("squares bench: " + c.name() + " exited " + s.exitCode() + "; see " + log);
          return 1;
        }
        samples.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
      }
    }

    Map<String, ProcessMeter.Sample> median = new LinkedHashMap<>();
    out.printf("%nSquares benchmark: %,d rows, %,d keys, %d bytes; median of %d runs (textbook: %d), whole process%n%n",
        rows, keys, Files.size(data), runs, textbookRuns);
    out.println("| case | wall s | CPU s | peak RSS MB |");
    out.println("| --- | ---: | ---: | ---: |");
    for (Map.Entry<Case, List<ProcessMeter.Sample>> e : samples.entrySet()) {
      List<ProcessMeter.Sample> list = new ArrayList<>(e.getValue());
      list.sort(Comparator.comparingDouble(ProcessMeter.Sample::wallSeconds));
      ProcessMeter.Sample m = list.get(list.size() / 2);
      long rss = Collections.max(list, Comparator.comparingLong(ProcessMeter.Sample::peakRssKb)).peakRssKb();
      median.put(e.getKey().name(), m);
      out.printf("| %s | %.2f | %.2f | %d |%n", e.getKey().name(), m.wallSeconds(), m.cpuSeconds(), rss / 1024);
    }
    double stats2 = median.get("stats, 2 map slots").wallSeconds();
    double stats1 = median.get("stats, 1 map slot").wallSeconds();
    double limit = median.get("plain Java, 1 thread (limit)").wallSeconds();
    out.println();
    out.printf("stats (2 slots) / plain Java limit : %5.2fx  (target <= 2.5)%n", stats2 / limit);
    if (median.containsKey("textbook MapReduce")) {
      out.printf("textbook MapReduce / stats         : %5.2fx  (target >= 15)%n",
          median.get("textbook MapReduce").wallSeconds() / stats2);
    }
    out.printf("stats 1 slot / 2 slots             : %5.2fx  (target >= 1.7)%n", stats1 / stats2);
    out.printf("tiny stats job                     : %5.2fs  (target <= 1.5)%n",
        median.get("stats, 1,000 rows").wallSeconds());

    boolean agree = sortedLines(dir.resolve("stats-2"), "part-r-").equals(sortedLines(plainOut))
        && sortedLines(dir.resolve("stats-1"), "part-r-").equals(sortedLines(plainOut));
    out.println("stats output equals the plain program's: " + (agree ? "yes" : "NO"));
    return agree ? 0 : 1;
  }

  private static Path generate(Path dir, long rows, int keys, PrintStream err) throws IOException {
    return BenchData.generate(dir, rows, keys, err);
  }

  private static List<String> sortedLines(Path dir, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    Collections.sort(lines);
    return lines;
  }

  private static List<String> sortedLines(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    Collections.sort(lines);
    return lines;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
