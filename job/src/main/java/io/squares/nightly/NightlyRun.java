package io.squares.nightly;

import io.squares.ExitCode;
import io.squares.ingest.StagingArea;
import io.squares.job.OutputGuard;
import io.squares.job.PipelineTool;
import io.squares.job.SquaresTool;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One nightly run for one date, once its lock is held: clean what killed runs left, decide (already
 * published, {@code --force}, a partition or staging directory Squares did not make), run the
 * pipeline ({@link PipelineTool}: ingest, stats, atomic publish) in this JVM, apply retention, and
 * record the outcome in {@code status.json}, {@code history.jsonl} and the log. A stop by INT or TERM
 * is recorded as {@code interrupted} by a shutdown hook that runs after the pipeline's own clean-up.
 */
final class NightlyRun {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);
  /** After the pipeline's {@code ExitHook}s (job kill, temporary output), before the filesystems close. */
  static final int HOOK_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 5;

  /** A refusal or failure that ends the run with an exit code and state (already logged). */
  private static final class Finish extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final RunStatus.State state;

    Finish(int code, RunStatus.State state) {
      super(null, null, false, false);
      this.code = code;
      this.state = state;
    }
  }

  private final NightlySettings settings;
  private final Configuration conf;
  private final StateDir stateDir;
  private final RunLog log;
  private final RunStatus status;
  private final Clock clock;
  private final Instant started;
  private final FileSystem outFs;
  private final FileSystem stagingFs;
  private final Path outputRoot;
  private final Path stagingRoot;
  private final Path partition;
  private final Path staging;
  private boolean finished;
  /** Set when the JVM is stopping: the run starts no further step. */
  private volatile boolean stopping;

  NightlyRun(NightlySettings settings, Configuration conf, StateDir stateDir, RunLog log, Clock clock)
      throws IOException {
    this.settings = settings;
    this.conf = conf;
    this.stateDir = stateDir;
    this.log = log;
    this.clock = clock;
    this.started = clock.instant();
    this.status = new RunStatus(settings.date().toString(), settings.partition(), ProcessHandle.current().pid(),
        settings.force(), started);
    this.outputRoot = new Path(settings.outputRoot());
    this.stagingRoot = new Path(settings.stagingRoot());
    this.outFs = outputRoot.getFileSystem(conf);
    this.stagingFs = stagingRoot.getFileSystem(conf);
    this.partition = new Path(outputRoot, settings.partitionName());
    this.staging = new Path(stagingRoot, settings.partitionName());
  }

  /** @return when the run started */
  Instant started() {
    return started;
  }

  /**
   * Runs the date and records the outcome.
   *
   * @return the exit code
   * @throws IOException when the log file cannot be created
   */
  int run() throws IOException {
    log.open(stateDir.logFile(settings.date(), started, ProcessHandle.current().pid()));
    status.log(log.file().toString());
    Runnable onStop = () -> {
      stopping = true;
      log.log("interrupted");
      finish(ExitCode.INTERRUPTED.code(), RunStatus.State.INTERRUPTED);
    };
    ShutdownHookManager.get().addShutdownHook(onStop, HOOK_PRIORITY, 20, TimeUnit.SECONDS);
    try {
      log.log("date " + settings.date() + " (time zone " + settings.timeZone() + "), partition "
          + settings.partition() + ", staging " + settings.staging() + (settings.force() ? ", --force" : ""));
      writeStatus(null);
      return steps();
    } catch (Finish f) {
      return finish(f.code, f.state);
    } catch (InterruptedException | InterruptedIOException e) {
      log.log("interrupted");
      return finish(ExitCode.INTERRUPTED.code(), RunStatus.State.INTERRUPTED);
    } catch (IOException | RuntimeException e) {
      LOG.debug("nightly failed", e);
      log.log("error: " + e);
      return finish(ExitCode.INTERNAL_ERROR.code(), RunStatus.State.FAILED);
    } finally {
      try {
        ShutdownHookManager.get().removeShutdownHook(onStop);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs or ran, and finds the run finished
      }
    }
  }

  private int steps() throws Finish, IOException, InterruptedException {
    cleanLeftovers();
    List<String> extra = new ArrayList<>();
    if (outFs.exists(new Path(partition, "_SUCCESS"))) {
      if (!settings.force()) {
        log.log(settings.partition() + " is already published; nothing to do (--force recomputes it)");
        return finish(ExitCode.SUCCESS.code(), RunStatus.State.ALREADY_PUBLISHED);
      }
      if (!OutputGuard.isPublishedOutput(outFs, partition)) {
        refuseForeign(settings.partition(), "replaced by --force");
      }
      if (stagingFs.exists(staging) && !ingested(staging)) {
        refuseForeign(settings.staging(), "deleted by --force");
      }
      log.log("--force: re-ingesting, then replacing " + settings.partition() + " atomically");
      stagingFs.delete(staging, true);
      extra.add("--overwrite");
    } else if (outFs.exists(partition)) {
      // Not published (a pipeline publishes with _SUCCESS inside): the pipeline's --overwrite
      // replaces it only when it is empty or a Squares output, and refuses anything else with exit 4.
      log.log(settings.partition() + " exists without _SUCCESS; it will be replaced if empty or a Squares output");
      extra.add("--overwrite");
    }
    if (!ingested(staging) && !children(stagingFs, staging).isEmpty()) {
      refuseForeign(settings.staging(), "used for staging");
    }

    int code = pipeline(extra);
    if (stopping) {
      throw new InterruptedIOException("stopped");
    }
    if (code != 0) {
      String reason = log.lastToolLine();
      if (reason != null) {
        log.log(reason);
      }
      log.log("pipeline failed with exit " + code + "; nothing was published (see " + log.file()
          + "); a rerun resumes");
      return finish(code, RunStatus.State.FAILED);
    }
    status.state(RunStatus.State.PUBLISHED);
    log.log("published " + settings.partition() + " in " + status.pipelineMs() / 1000 + " s");
    if (!retention()) {
      return finish(ExitCode.INTERNAL_ERROR.code(), RunStatus.State.RETENTION_FAILED);
    }
    return finish(ExitCode.SUCCESS.code(), RunStatus.State.PUBLISHED);
  }

  /**
   * Removes what killed runs left beside the partitions ({@link Partitions#isLeftover}). Safe: this
   * run holds the lock, so no other run owns them.
   */
  private void cleanLeftovers() throws IOException {
    for (String name : children(outFs, outputRoot)) {
      if (Partitions.isLeftover(name, settings.date())) {
        log.log("removing leftover " + settings.outputRoot() + "/" + name);
        outFs.delete(new Path(outputRoot, name), true);
      }
    }
  }

  private void refuseForeign(String path, String what) throws Finish {
    log.log(path + " exists but Squares did not make it; not " + what + " (move it away, or choose another root)");
    throw new Finish(ExitCode.OUTPUT_EXISTS.code(), RunStatus.State.FAILED);
  }

  /** @return whether Squares' ingestion made the staging directory (it has {@code _ingest/}) */
  private boolean ingested(Path dir) throws IOException {
    return stagingFs.exists(new Path(dir, StagingArea.RECORDS));
  }

  /**
   * Runs the pipeline in this JVM with its output (and anything else printed meanwhile, Hadoop's
   * log lines included) going to the log file.
   *
   * @return its exit code
   */
  private int pipeline(List<String> extra) throws IOException {
    java.nio.file.Path manifest = stateDir.renderManifest(settings.manifest(), settings.date());
    List<String> args = new ArrayList<>(List.of("--manifest", manifest.toUri().toString(), "--staging",
        settings.staging()));
    args.addAll(extra);
    args.addAll(settings.statsOptions());
    args.add(settings.partition());
    log.log("running: squares pipeline " + String.join(" ", args));
    PipelineTool tool = new PipelineTool();
    tool.setConf(new Configuration(conf));
    PrintStream out = System.out;
    PrintStream err = System.err;
    long t0 = System.nanoTime();
    int code;
    try {
      System.setOut(log.stream());
      System.setErr(log.stream());
      tool.setStreams(log.stream(), log.stream());
      code = tool.run(args.toArray(new String[0]));
    } finally {
      System.setOut(out);
      System.setErr(err);
      status.pipelineMs((System.nanoTime() - t0) / 1_000_000);
    }
    return code;
  }

  /**
   * Deletes partitions, and staging directories, older than the last {@code --keep-days} days up to
   * the date: only partitions Squares published and staging its ingestion made. A partition is
   * first renamed to a hidden name, so readers never see it half-deleted.
   *
   * @return whether everything expired that is Squares' was deleted
   */
  private boolean retention() throws IOException {
    if (settings.keepDays() == 0) {
      return true;
    }
    long t0 = System.nanoTime();
    RetentionPolicy policy = new RetentionPolicy(settings.date(), settings.keepDays());
    log.log("retention: keeping dt >= " + policy.cutoff() + " (" + settings.keepDays() + " days up to "
        + settings.date() + ")");
    boolean ok = true;
    for (String name : policy.expired(children(outFs, outputRoot))) {
      if (stopping) {
        throw new InterruptedIOException("stopped during retention");
      }
      Path p = new Path(outputRoot, name);
      if (!OutputGuard.isPublishedOutput(outFs, p)) {
        log.log("retention: keeping " + settings.outputRoot() + "/" + name
            + ": not published by Squares (no _SUCCESS and Squares " + SquaresTool.SUMMARY + ")");
        continue;
      }
      Path hidden = new Path(outputRoot, Partitions.deletingName(name, clock.millis()));
      if (outFs.rename(p, hidden) && outFs.delete(hidden, true)) {
        status.deletedOne();
        log.log("retention: deleted partition " + name);
      } else {
        log.log("retention: could not delete " + settings.outputRoot() + "/" + name);
        ok = false;
      }
    }
    for (String name : policy.expired(children(stagingFs, stagingRoot))) {
      Path p = new Path(stagingRoot, name);
      if (!ingested(p)) {
        log.log("retention: keeping " + settings.stagingRoot() + "/" + name
            + ": not made by Squares' ingestion (no " + StagingArea.RECORDS + "/)");
        continue;
      }
      if (stagingFs.delete(p, true)) {
        log.log("retention: deleted staging " + name);
      } else {
        log.log("retention: could not delete " + settings.stagingRoot() + "/" + name);
        ok = false;
      }
    }
    status.retentionMs((System.nanoTime() - t0) / 1_000_000);
    return ok;
  }

  /** @return the names of a directory's entries, none when it does not exist */
  private static List<String> children(FileSystem fs, Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (FileStatus s : fs.listStatus(dir)) {
        names.add(s.getPath().getName());
      }
    } catch (FileNotFoundException e) {
      return names;
    }
    names.sort(null);
    return names;
  }

  /**
   * Records the outcome once (the first caller wins: the run, or the shutdown hook of a stopped run).
   *
   * @return the exit code
   */
  private synchronized int finish(int code, RunStatus.State state) {
    if (finished) {
      return code;
    }
    finished = true;
    status.state(state);
    writeStatus(code);
    log.log("done: " + state.text() + ", exit " + code + " (log " + log.file() + ")");
    return code;
  }

  private void writeStatus(Integer code) {
    try {
      String summary = status.wantsSummary() ? summary() : null;
      stateDir.writeStatus(status.toJson(code, clock.instant(), summary), code != null);
    } catch (IOException | RuntimeException e) {
      log.log("could not write " + stateDir.dir().resolve("status.json") + ": " + e);
    }
  }

  /** @return the partition's {@code _SUMMARY.json}, or null when it cannot be read */
  private String summary() {
    try (InputStream in = outFs.open(new Path(partition, SquaresTool.SUMMARY))) {
      return new String(in.readNBytes(16 * 1024 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
