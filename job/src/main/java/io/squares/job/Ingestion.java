package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresException;
import io.squares.ingest.IngestReport;
import io.squares.ingest.IngestSettings;
import io.squares.ingest.Ingester;
import io.squares.ingest.ManifestParser;
import io.squares.ingest.SourceSpec;
import io.squares.ingest.Split;
import io.squares.ingest.SplitOutcome;
import io.squares.ingest.SplitPlanner;
import io.squares.ingest.StagingArea;
import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.NoSuchAlgorithmException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ingestion steps {@code ingest} and {@code pipeline} share: options, sources, the run, the report. */
final class Ingestion {
  /** Switches both subcommands accept (besides their own). */
  static final EnumSet<IngestOption> TUNING = EnumSet.of(IngestOption.CONCURRENCY, IngestOption.PER_HOST,
      IngestOption.RETRIES, IngestOption.CONNECT_TIMEOUT, IngestOption.IDLE_TIMEOUT, IngestOption.SPLIT_TIMEOUT,
      IngestOption.REVERIFY);

  static final String FOOTER_FORMAT = "\nManifest: one source per line (http(s) URL or Hadoop filesystem URI; globs for"
      + " filesystems),\nthen optional name=<staged name> and sha256=<hex>; '#' comments and blank lines are ignored."
      + "\nDurations: 500ms, 10s, 2m. Every option has a squares.ingest.* key (-D works too).";

  private static final Logger LOG = LoggerFactory.getLogger(Ingestion.class);

  private Ingestion() {}

  /**
   * Initializes the JDK's default TLS context (which every {@code HttpClient} needs, about 0.2 s of
   * loading the trust store) on a background thread, so that it overlaps Hadoop's own start-up
   * (configuration, filesystems) instead of following it. Harmless when nothing is fetched.
   */
  static void warmUpHttp() {
    Thread t = new Thread(() -> {
      try {
        SSLContext.getDefault();
        HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
      } catch (NoSuchAlgorithmException | RuntimeException e) {
        LOG.debug("TLS warm-up failed; the HTTP client will report it", e);
      }
    }, "squares-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static void addOptions(Options options, EnumSet<IngestOption> which) {
    for (IngestOption o : which) {
      options.addOption(o.toOption());
    }
  }

  /** Copies the given switches that have a configuration key into the configuration. */
  static void apply(CommandLine cl, EnumSet<IngestOption> which, Configuration conf) {
    for (IngestOption o : which) {
      if (o.configKey() != null && cl.hasOption(o.longName())) {
        conf.set(o.configKey(), o.hasArg() ? cl.getOptionValue(o.longName()) : "true");
      }
    }
  }

  static List<SourceSpec> readManifest(Configuration conf, String file) throws SquaresException, IOException {
    Path p = new Path(file);
    FileSystem fs = p.getFileSystem(conf);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
      return ManifestParser.parse(file, in);
    } catch (FileNotFoundException e) {
      throw SquaresException.usage("manifest not found: " + file);
    }
  }

  /**
   * What the filesystem sources match now, for overlap checks before anything is fetched: each
   * glob's matches, files and directories. Sources that cannot be resolved here are left out; the
   * split planner reports them.
   *
   * @param conf configuration for the filesystems
   * @param specs the sources
   * @return the qualified matches of the sources that are not http(s) URLs
   * @throws IOException when a filesystem cannot be listed
   */
  static List<Path> filesystemMatches(Configuration conf, List<SourceSpec> specs) throws IOException {
    List<Path> matches = new ArrayList<>();
    for (SourceSpec spec : specs) {
      String scheme;
      Path pattern;
      try {
        scheme = ManifestParser.scheme(spec.uri());
        if ("http".equals(scheme) || "https".equals(scheme)) {
          continue;
        }
        pattern = new Path(spec.uri());
      } catch (IllegalArgumentException e) {
        continue;
      }
      FileSystem fs;
      try {
        fs = pattern.getFileSystem(conf);
      } catch (IOException e) {
        LOG.debug("cannot check source {} before planning", spec.uri(), e);
        continue;
      }
      FileStatus[] found = fs.globStatus(pattern);
      if (found != null) {
        for (FileStatus f : found) {
          matches.add(f.getPath());
        }
      }
    }
    return matches;
  }

  static List<SourceSpec> fromArguments(List<String> args) throws SquaresException {
    List<SourceSpec> specs = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String origin = "argument " + (i + 1);
      ManifestParser.checkUri(origin, args.get(i));
      specs.add(new SourceSpec(args.get(i), null, null, origin));
    }
    return specs;
  }

  /**
   * Plans, prepares the staging directory, ingests, and prints the summary or the failure report.
   *
   * @param command the subcommand, for messages
   * @param conf the configuration (options already applied)
   * @param stagingDir the staging directory
   * @param specs the sources
   * @param err where the report goes
   * @return the report
   */
  static IngestReport run(String command, Configuration conf, Path stagingDir, List<SourceSpec> specs, PrintStream err)
      throws SquaresException, IOException {
    IngestSettings settings = IngestSettings.from(conf);
    IngestReport report;
    long t0 = System.nanoTime();
    try (StagingArea staging = StagingArea.open(conf, stagingDir)) {
      List<Split> splits = SplitPlanner.plan(specs, conf, staging.dir());
      LOG.debug("planned {} splits in {} ms", splits.size(), millisSince(t0));
      staging.refuseUnstaged(splits.stream().map(Split::name).toList());
      int removed = staging.prepare();
      LOG.debug("staging directory prepared after {} ms", millisSince(t0));
      if (removed > 0) {
        err.printf("squares %s: removed %d partial file(s) left by an earlier run that did not finish%n", command,
            removed);
      }
      try (Ingester ingester = new Ingester(conf, settings, staging);
          ExitHook onStop = ExitHook.register("aborting the fetches in flight and removing their partial files in "
              + staging.dir(), () -> {
                ingester.abort();
                staging.releaseLock();
              })) {
        LOG.debug("clients ready after {} ms", millisSince(t0));
        report = ingester.run(splits, System.console());
        LOG.debug("ingestion done after {} ms", millisSince(t0));
      }
    }
    LOG.debug("closed after {} ms", millisSince(t0));
    if (report.succeeded()) {
      err.println("squares " + command + ": " + report.summary());
    } else {
      int failed = report.failures().size();
      err.printf("squares %s: %d of %d sources failed after their retries%s; %d staged splits stay in %s"
          + " and a rerun fetches only the missing ones%n", command, failed, report.outcomes().size(),
          command.equals("pipeline") ? " and the job was not submitted" : "", report.outcomes().size() - failed,
          report.stagingDir());
      for (String line : report.failureLines()) {
        err.println(line);
      }
      for (SplitOutcome o : report.failures()) {
        LOG.debug("failed source", o.error());
      }
    }
    return report;
  }

  static ExitCode exitCode(IngestReport report) {
    return report.succeeded() ? ExitCode.SUCCESS : ExitCode.INGEST_FAILED;
  }
}
