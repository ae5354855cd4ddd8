package io.squares;

import io.squares.bench.Bench;
import io.squares.bench.TextbookStats;
import io.squares.core.Echo;
import io.squares.datasets.DatasetGenerator;
import io.squares.job.IngestTool;
import io.squares.job.PipelineTool;
import io.squares.job.SquareTool;
import io.squares.job.StatsTool;
import io.squares.nightly.NightlyTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * The job jar's entry point: {@code hadoop jar squares.jar <subcommand> [generic options]
 * [options] <args>}. Every job subcommand is a {@link Tool} run by {@link ToolRunner}, so
 * {@code -D}, {@code -conf}, {@code -fs}, {@code -files} and {@code -libjars} work as usual.
 */
public final class SquaresMain {
  private static final Map<String, Supplier<Tool>> TOOLS = new TreeMap<>();

  static {
    TOOLS.put("square", SquareTool::new);
    TOOLS.put("stats", StatsTool::new);
    TOOLS.put("ingest", IngestTool::new);
    TOOLS.put("pipeline", PipelineTool::new);
  }

  private SquaresMain() {}

  /**
   * Runs a subcommand.
   *
   * @param args the subcommand and its arguments
   * @return the exit code
   * @throws Exception what {@link ToolRunner} passes on
   */
  public static int run(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      usage();
      return args.length == 0 ? ExitCode.USAGE.code() : ExitCode.SUCCESS.code();
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (command.equals("generate")) {
      return DatasetGenerator.run(rest, System.out, System.err);
    }
    if (command.equals("bench")) {
      return Bench.run(rest, System.out, System.err);
    }
    if (command.equals("nightly")) { // a Tool whose arguments may hold "--" (ToolRunner drops it)
      return NightlyTool.launch(new Configuration(), rest);
    }
    if (command.equals("bench-textbook")) {
      return ToolRunner.run(new Configuration(), new TextbookStats(), rest);
    }
    Supplier<Tool> tool = TOOLS.get(command);
    if (tool == null) {
      System.err.println("squares: unknown subcommand '" + Echo.quote(command) + "'");
      usage();
      return ExitCode.USAGE.code();
    }
    return ToolRunner.run(new Configuration(), tool.get(), rest);
  }

  private static void usage() {
    System.err.println(String.join("\n",
        "Usage: squares <subcommand> [generic options] [options] <args>",
        "",
        "Subcommands:",
        "  square    map-only: the exact square of each record's value, in input order",
        "  stats     per key: count, sum, sum of squares, min, max, mean, variance, stddev",
        "  generate  write a deterministic keyed CSV for tests and benchmarks",
        "  bench     measure stats against the plain Java limit and a textbook job (bin/squares only)",
        "  ingest    fetch input splits concurrently (http(s), any Hadoop filesystem) into a staging directory",
        "  pipeline  ingest, then run stats (or square) over the staged splits",
        "  nightly   the daily batch (bin/nightly): ingest, stats, publish a dt=<date> partition once, retention",
        "",
        "'squares <subcommand> --help' describes each one. Generic options: -D key=value,",
        "-conf file, -fs uri, -jt host:port, -files, -libjars, -archives.",
        "Exit codes: 0 ok, 1 internal error, 2 usage, 3 input not found, 4 output exists,",
        "5 bad records, 6 job failed, 7 ingestion failed (job not submitted), 130 interrupted."));
  }

  /**
   * @param args the subcommand and its arguments
   * @throws Exception when the tool fails unexpectedly
   */
  public static void main(String[] args) throws Exception {
    int code = run(args);
    if (code == ExitCode.SUCCESS.code()) {
      markClassDataArchive(System.getProperty(CDS_MARKER));
    }
    System.exit(code);
  }

  /**
   * The system property naming the file that says this run's class-data-sharing archive (written by
   * the JVM as it exits, {@code -XX:ArchiveClassesAtExit}) is worth keeping: set by
   * {@code bin/squares} on the run that writes one, created here when the run succeeds.
   */
  static final String CDS_MARKER = "squares.cds.marker";

  /**
   * Creates the marker, if one is named: the launcher adopts only the archives of runs that did
   * their work (a failed run's archive holds little more than the option parser's classes). Best
   * effort: the archive is a cache.
   *
   * @param marker the marker's path, or null
   */
  static void markClassDataArchive(String marker) {
    if (marker == null || marker.isEmpty()) {
      return;
    }
    try {
      Files.write(Path.of(marker), new byte[0]);
    } catch (IOException | RuntimeException e) {
      // the archive is a cache: without the marker the next run removes it and writes another
    }
  }
}
