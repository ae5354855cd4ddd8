package io.squares.ingest;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports progress while splits are fetched: on a terminal, a live line redrawn four times a
 * second (splits done/total, bytes, rate, in flight, retries, failures, ETA); otherwise a log line
 * every progress interval.
 */
public final class IngestProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestProgress.class);
  private static final long LIVE_INTERVAL_MS = 250;

  private final IngestMetrics metrics;
  private final FetchLimiter limiter;
  private final long total;
  private final PrintWriter terminal;
  private final long startNanos = System.nanoTime();
  private ScheduledFuture<?> task;
  private int width;

  /**
   * @param metrics the run's counters
   * @param limiter the permit queue, for the number in flight
   * @param total splits planned
   * @param console the terminal, or null to log instead
   */
  IngestProgress(IngestMetrics metrics, FetchLimiter limiter, long total, Console console) {
    this.metrics = metrics;
    this.limiter = limiter;
    this.total = total;
    this.terminal = console == null ? null : console.writer();
  }

  /**
   * @param timer runs the updates
   * @param logIntervalMillis how often to log when not on a terminal
   */
  void start(ScheduledExecutorService timer, long logIntervalMillis) {
    long every = terminal != null ? LIVE_INTERVAL_MS : logIntervalMillis;
    task = timer.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  private synchronized void tick() {
    String line = render();
    if (terminal != null) {
      width = Math.max(width, line.length());
      terminal.print("\r" + line + " ".repeat(width - line.length()));
      terminal.flush();
    } else {
      LOG.info("ingest: {}", line);
    }
  }

  /** @return the progress line */
  String render() {
    long done = metrics.splitsDone();
    long bytes = metrics.get(IngestCounter.BYTES_RECEIVED);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    String eta = done == 0 || done >= total ? "?" : String.format(Locale.ROOT, "%.0fs", seconds * (total - done) / done);
    return String.format(Locale.ROOT, "%d/%d splits, %s, %s/s, %d in flight, %d retries, %d failed, ETA %s",
        done, total, IngestReport.mib(bytes), IngestReport.mib(seconds > 0 ? (long) (bytes / seconds) : 0),
        limiter.inFlight(), metrics.get(IngestCounter.RETRIES), metrics.get(IngestCounter.SPLITS_FAILED), eta);
  }

  /** Stops the updates and clears the live line. */
  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
    if (terminal != null && width > 0) {
      terminal.print("\r" + " ".repeat(width) + "\r");
      terminal.flush();
    }
  }
}
