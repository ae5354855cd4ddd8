package io.squares.ingest;

import java.io.Closeable;
import java.io.Console;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.util.functional.FutureIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingestion run: skips splits an earlier run staged and verified, fetches the others through
 * the {@link FetchLimiter} with retries, and when every split is staged writes
 * {@code _MANIFEST.json} and {@code _INGESTED}. Each split's fetch is a chain of futures: an
 * attempt holding a permit until its download is verified, then the commit (rename and record) on
 * a bounded pool, and on a transient failure of either a retry scheduled after its backoff on a
 * timer; no thread waits for a permit, a response or a backoff.
 */
public final class Ingester implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Ingester.class);

  private final IngestSettings settings;
  private final StagingArea staging;
  private final IngestMetrics metrics = new IngestMetrics();
  private final FetchLimiter limiter;
  private final RetryDecider decider;
  private final ExecutorService httpPool;
  private final HttpClient http;
  private final ExecutorService ioPool;
  private final ExecutorService commitPool;
  private final Committer committer;
  private final ScheduledThreadPoolExecutor timer;
  private final AttemptContext ctx;
  private final Set<Attempt> running = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  /**
   * @param conf configuration for source filesystems
   * @param settings the run's settings
   * @param staging the prepared staging directory
   */
  public Ingester(Configuration conf, IngestSettings settings, StagingArea staging) {
    this.settings = settings;
    this.staging = staging;
    this.limiter = new FetchLimiter(settings.concurrency(), settings.perHostConcurrency());
    this.decider = new RetryDecider(settings.retries(), settings.backoffMillis(), settings.maxWaitMillis());
    this.httpPool = Executors.newCachedThreadPool(daemon("squares-http"));
    this.ioPool = Executors.newCachedThreadPool(daemon("squares-io"));
    this.commitPool = Executors.newFixedThreadPool(Math.min(settings.concurrency(), 16), daemon("squares-commit"));
    this.committer = new Committer(staging, metrics);
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("squares-timer"));
    timer.setRemoveOnCancelPolicy(true);
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis()))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .executor(httpPool)
        .build();
    Watchdog watchdog = new Watchdog(timer, settings.idleTimeoutMillis(), settings.splitTimeoutMillis());
    this.ctx = new AttemptContext(conf, http, ioPool, watchdog, staging, metrics);
  }

  /**
   * Runs the ingestion. Failed splits do not throw: the report lists them.
   *
   * @param splits the planned splits
   * @param console the terminal for a live progress line, or null to log progress
   * @return the report
   * @throws InterruptedIOException when the calling thread is interrupted; fetches in flight are
   *     aborted and their partial files removed
   * @throws IOException when the staging directory cannot be listed or the manifest written
   */
  public IngestReport run(List<Split> splits, Console console) throws IOException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    metrics.add(IngestCounter.SPLITS, splits.size());
    Map<String, FileStatus> staged = staging.stagedFiles();
    List<CompletableFuture<SplitOutcome>> futures = new ArrayList<>();
    try (IngestProgress progress = new IngestProgress(metrics, limiter, splits.size(), console)) {
      progress.start(timer, settings.progressIntervalMillis());
      for (Split split : splits) {
        StagedRecord done = alreadyStaged(split, staged.get(split.name()));
        if (done != null) {
          metrics.increment(IngestCounter.SPLITS_RESUMED);
          futures.add(CompletableFuture.completedFuture(SplitOutcome.resumed(split, done)));
        } else {
          futures.add(fetch(split));
        }
      }
      FutureIO.awaitFuture(CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])));
    } catch (InterruptedIOException e) {
      stop();
      throw e;
    }
    long wall = System.nanoTime() - t0;
    List<SplitOutcome> outcomes = new ArrayList<>();
    for (CompletableFuture<SplitOutcome> f : futures) {
      outcomes.add(f.join());
    }
    IngestReport report = new IngestReport(staging.dir(), started, Instant.now(), wall, outcomes, metrics,
        settings, limiter.peak());
    if (report.succeeded()) {
      staging.complete(report.manifestJson());
    }
    return report;
  }

  /** @return the run's counters */
  public IngestMetrics metrics() {
    return metrics;
  }

  /**
   * @return the record of a split an earlier run staged and verified, when it still matches this
   *     split (same source, size, expected sha256, and with --reverify the file's sha256); else null
   */
  private StagedRecord alreadyStaged(Split split, FileStatus file) throws IOException {
    if (file == null) {
      return null;
    }
    StagedRecord r = staging.record(split.name());
    String why = null;
    if (r == null) {
      why = "it has no verification record";
    } else if (!r.source().equals(split.uri().toString())) {
      why = "it was staged from " + r.source();
    } else if (r.size() != file.getLen()) {
      why = "its size " + file.getLen() + " differs from the recorded " + r.size();
    } else if (split.length() >= 0 && split.length() != r.size()) {
      why = "the source's size changed to " + split.length();
    } else if (split.expectedSha256() != null && !split.expectedSha256().equals(r.sha256())) {
      why = "its recorded sha256 differs from the manifest's";
    } else if (settings.reverify()) {
      why = reverify(split.name(), r);
    }
    if (why != null) {
      LOG.info("fetching {} again: {} is staged but {}", split.uri(), split.name(), why);
      return null;
    }
    return r;
  }

  private String reverify(String name, StagedRecord r) {
    try {
      return staging.sha256Of(name).equals(r.sha256()) ? null : "its content no longer matches the recorded sha256";
    } catch (IOException e) {
      return "it cannot be read back (" + e.getMessage() + ")";
    }
  }

  private CompletableFuture<SplitOutcome> fetch(Split split) {
    CompletableFuture<SplitOutcome> outcome = new CompletableFuture<>();
    attempt(split, 1, System.nanoTime(), outcome);
    return outcome;
  }

  private void attempt(Split split, int number, long splitStart, CompletableFuture<SplitOutcome> outcome) {
    limiter.submit(split.hostKey(), () -> {
      if (stopping) {
        return CompletableFuture.<Attempt.Downloaded>failedFuture(new FetchException("ingestion was stopped", false));
      }
      Attempt a = split.isHttp() ? new HttpAttempt(split, number, ctx) : new FileSystemAttempt(split, number, ctx);
      running.add(a);
      a.result.whenComplete((r, e) -> running.remove(a));
      return a.run();
    }).thenApplyAsync(downloaded -> {
      try {
        return committer.commit(downloaded, splitStart);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, commitPool).whenComplete((record, error) -> {
      if (error == null) {
        metrics.increment(IngestCounter.SPLITS_FETCHED);
        outcome.complete(SplitOutcome.fetched(split, record));
        return;
      }
      Throwable cause = HttpAttempt.unwrap(error);
      RetryDecider.Decision d = stopping ? new RetryDecider.Decision(false, 0) : decider.decide(cause, number - 1);
      if (d.retry()) {
        metrics.increment(IngestCounter.RETRIES);
        LOG.info("attempt {} at {} failed: {}; retrying in {} ms", number, split.uri(), cause.getMessage(),
            d.delayMillis());
        try {
          timer.schedule(() -> attempt(split, number + 1, splitStart, outcome), d.delayMillis(), TimeUnit.MILLISECONDS);
          return;
        } catch (RejectedExecutionException e) {
          // stopping: fall through to failure
        }
      }
      metrics.increment(IngestCounter.SPLITS_FAILED);
      LOG.debug("giving up on {}", split.uri(), cause);
      outcome.complete(SplitOutcome.failed(split, cause, number));
    });
  }

  /**
   * Stops the run from another thread (the JVM is being stopped): no new attempts, and those in
   * flight are aborted, their partial files removed.
   */
  public void abort() {
    stop();
  }

  /** Stops launching attempts and aborts those in flight (their partial files are removed). */
  private void stop() {
    stopping = true;
    limiter.close();
    for (Attempt a : running) {
      a.abort(new FetchException("ingestion was interrupted", false));
    }
  }

  /** Stops the run's threads, letting partial-file cleanup finish first (briefly). */
  @Override
  public void close() {
    stopping = true;
    limiter.close();
    timer.shutdownNow();
    HttpClientStopper.stop(http, 1000);
    httpPool.shutdown();
    ioPool.shutdown();
    commitPool.shutdown();
    boolean interrupted = Thread.interrupted();
    try {
      ioPool.awaitTermination(5, TimeUnit.SECONDS);
      commitPool.awaitTermination(5, TimeUnit.SECONDS);
      httpPool.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
