package io.squares.nightly;

import io.squares.ExitCode;
import io.squares.SquaresException;
import io.squares.core.Echo;
import io.squares.fs.PathOverlap;
import io.squares.job.CommandTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code squares nightly}, the daily batch ({@code bin/nightly} launches it): for one date, ingest
 * the day's sources to {@code <staging-root>/dt=<date>/}, run {@code stats} over them and publish
 * {@code <output-root>/dt=<date>/} atomically, exactly once, then apply retention; one run per output
 * root at a time. Everything runs in this JVM: the filesystem steps through Hadoop's
 * {@code FileSystem} API, the pipeline through {@link io.squares.job.PipelineTool}.
 */
public class NightlyTool extends CommandTool {
  static final String SYNTAX = "Usage: bin/nightly [--date YYYY-MM-DD] --manifest <file> --staging-root <dir>"
      + " --output-root <dir>\n                   [--keep-days N] [--force] [--state-dir <dir>] [--timezone ZONE]\n"
      + "                   [--config FILE] [-- stats options]";
  static final String DESCRIPTION = "Ingests the day's sources to <staging-root>/dt=<date>/, runs stats over"
      + " them, and publishes <output-root>/dt=<date>/ atomically (readers see no partition or the whole one), then"
      + " deletes partitions older than --keep-days. Everything runs in one JVM. The roots may be paths on the"
      + " default filesystem or any Hadoop filesystem URI (hdfs:///data/sales); set HADOOP_CONF_DIR to run the"
      + " job on a cluster (a root without a scheme is then on its default filesystem). The manifest and the"
      + " state directory are local.";
  static final String FOOTER = String.join("\n",
      "Files (in the state directory):",
      "  lock                 locked while a run is active (released when its process ends, however it ends)",
      "  logs/<date>-<time>-<pid>.log  one log per run (the pipeline's own output included)",
      "  status.json          the last run: date, state, exit code, counts, durations",
      "  history.jsonl        one line per run, as status.json",
      "",
      "Exit codes:",
      "  0    published, or the date was already published (nothing to do)",
      "  1    internal error, or retention failed after publishing (the partition is published)",
      "  2    usage or configuration error (including a bad manifest or stats option, and an output",
      "       root and staging root that overlap)",
      "  3    a filesystem source matched nothing (nothing published)",
      "  4    the date's partition or staging directory exists but Squares did not make it: nothing",
      "       replaced or deleted",
      "  5    bad records beyond the limits given to stats (nothing published)",
      "  6    the Hadoop job failed (nothing published; rerun to retry)",
      "  7    ingestion failed: a source still failed after its retries (nothing published; rerun resumes)",
      "  8    another run holds the lock for this output root",
      "  130  interrupted by INT or TERM (nothing published by this run)");

  private final Clock clock;
  /** The options after {@code --}, when {@link #launch} took them out before the generic options were parsed. */
  private List<String> statsOptions;

  /** A tool on the system clock. */
  public NightlyTool() {
    this(Clock.systemUTC());
  }

  /** @param clock the clock of the default date and the timestamps */
  NightlyTool(Clock clock) {
    this.clock = clock;
  }

  /**
   * Runs {@code squares nightly} as {@link io.squares.SquaresMain} does a {@link org.apache.hadoop.util.Tool},
   * except that the options after {@code --} are set aside first: Hadoop's generic options parser
   * drops every {@code --} it sees, which would mix the stats options into the batch's own.
   *
   * @param conf the configuration (generic options are applied to it)
   * @param args the arguments after the subcommand
   * @return the exit code
   * @throws Exception what {@link ToolRunner} passes on
   */
  public static int launch(Configuration conf, String[] args) throws Exception {
    NightlyTool tool = new NightlyTool();
    int dashes = Arrays.asList(args).indexOf("--");
    if (dashes < 0) {
      return ToolRunner.run(conf, tool, args);
    }
    tool.statsOptions = List.of(Arrays.copyOfRange(args, dashes + 1, args.length));
    return ToolRunner.run(conf, tool, Arrays.copyOfRange(args, 0, dashes));
  }

  @Override
  protected String name() {
    return "nightly";
  }

  @Override
  protected String interruptedMessage() {
    return "interrupted; nothing published by this run";
  }

  @Override
  protected ExitCode execute(String[] args) throws Exception {
    int dashes = Arrays.asList(args).indexOf("--");
    String[] own = dashes < 0 ? args : Arrays.copyOfRange(args, 0, dashes);
    List<String> stats = dashes < 0 ? statsOptions : List.of(Arrays.copyOfRange(args, dashes + 1, args.length));
    Options options = options();
    CommandLine cl = parse(options, own);
    if (cl.hasOption(NightlyOption.HELP.longName())) {
      out.print(help());
      out.flush();
      return ExitCode.SUCCESS;
    }
    if (!cl.getArgList().isEmpty()) {
      throw SquaresException.usage("unknown argument '" + Echo.quote(cl.getArgList().get(0)) + "'");
    }
    Map<NightlyOption, String> given = new EnumMap<>(NightlyOption.class);
    for (NightlyOption o : NightlyOption.values()) {
      if (o.hasArg() && cl.hasOption(o.longName())) {
        given.put(o, cl.getOptionValue(o.longName()));
      }
    }
    Map<String, String> file = Map.of();
    String config = given.get(NightlyOption.CONFIG);
    if (config != null) {
      java.nio.file.Path p = java.nio.file.Path.of(config);
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw SquaresException.usage("cannot read config file " + config);
      }
      file = NightlyConfigFile.parse(config, Files.readAllLines(p, StandardCharsets.UTF_8));
    }
    Configuration conf = conf();
    NightlySettings s = NightlySettings.resolve(given, cl.hasOption(NightlyOption.FORCE.longName()), stats, file,
        clock, FileSystem.getDefaultUri(conf).getScheme());
    if (!Files.isRegularFile(s.manifest())) {
      throw SquaresException.usage("manifest not found: " + s.manifest());
    }
    refuseOverlap(conf, s);

    StateDir state = new StateDir(s.stateDir());
    state.create();
    try (StateDir.Lock lock = state.tryLock()) {
      if (lock == null) {
        err.println("nightly: another run holds " + state.lockFile() + " (output root " + s.outputRoot()
            + "); not starting");
        return ExitCode.LOCKED;
      }
      SignalExit.install(ExitCode.INTERRUPTED.code());
      try (RunLog log = new RunLog(err, clock)) {
        int code = new NightlyRun(s, conf, state, log, clock).run();
        return Arrays.stream(ExitCode.values()).filter(c -> c.code() == code).findFirst()
            .orElse(ExitCode.INTERNAL_ERROR);
      }
    }
  }

  private static final int WIDTH = 100;
  private static final int HELP_COLUMN = 22;

  /**
   * @return the help: usage, description, the switches in their {@link NightlyOption} order with
   *     their help texts, the files and the exit codes
   */
  static String help() {
    StringBuilder b = new StringBuilder(SYNTAX).append("\n\n");
    wrap(b, "", DESCRIPTION, 0);
    b.append("\nOptions:\n");
    for (NightlyOption o : NightlyOption.values()) {
      String left = o == NightlyOption.HELP ? "  -h, --help" : "  --" + o.longName()
          + (o.hasArg() ? " " + o.spec().argName() : "");
      if (o == NightlyOption.HELP) {
        option(b, "  -- OPTIONS", "options for stats (e.g. -- --header --key-column region --value-column amount)");
      }
      option(b, left, o.spec().help());
    }
    return b.append("\n").append(FOOTER).append("\n").toString();
  }

  private static void option(StringBuilder b, String left, String help) {
    String pad = left.length() + 2 > HELP_COLUMN ? left + "  " : String.format("%-" + HELP_COLUMN + "s", left);
    wrap(b, pad, help, HELP_COLUMN);
  }

  /** Appends text after a first-line prefix, wrapped at {@link #WIDTH}, later lines indented. */
  private static void wrap(StringBuilder b, String first, String text, int indent) {
    StringBuilder line = new StringBuilder(first);
    boolean empty = true;
    for (String word : text.split(" ")) {
      if (!empty && line.length() + 1 + word.length() > WIDTH) {
        b.append(line).append('\n');
        line = new StringBuilder(" ".repeat(indent));
        empty = true;
      }
      line.append(empty ? "" : " ").append(word);
      empty = false;
    }
    b.append(line).append('\n');
  }

  static Options options() {
    Options options = new Options();
    for (NightlyOption o : NightlyOption.values()) {
      if (o == NightlyOption.HELP) {
        options.addOption(Option.builder("h").longOpt(o.longName()).desc(o.spec().help()).build());
      } else {
        options.addOption(o.toOption());
      }
    }
    return options;
  }

  /** Refuses output and staging roots that overlap (compared qualified, local links resolved). */
  private static void refuseOverlap(Configuration conf, NightlySettings s) throws SquaresException, IOException {
    Path out = new Path(s.outputRoot());
    Path staging = new Path(s.stagingRoot());
    if (PathOverlap.relation(PathOverlap.resolve(out.getFileSystem(conf), out),
        PathOverlap.resolve(staging.getFileSystem(conf), staging)) != PathOverlap.Relation.NONE) {
      throw SquaresException.usage("the output root " + s.outputRoot() + " and the staging root " + s.stagingRoot()
          + " overlap; use two separate directories");
    }
  }
}
