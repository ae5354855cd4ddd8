package io.squares.ingest;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the idle and whole-split timeouts of attempts with one scheduler thread for all of
 * them: each attempt has one pending check, rescheduled for when it could next expire.
 */
final class Watchdog {
  private final ScheduledExecutorService scheduler;
  private final long idleNanos;
  private final long splitNanos;

  /**
   * @param scheduler runs the checks
   * @param idleMillis longest time without progress
   * @param splitMillis longest time for one attempt
   */
  Watchdog(ScheduledExecutorService scheduler, long idleMillis, long splitMillis) {
    this.scheduler = scheduler;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    this.splitNanos = TimeUnit.MILLISECONDS.toNanos(splitMillis);
  }

  /** @param attempt an attempt about to start */
  void watch(Attempt attempt) {
    schedule(attempt, Math.min(idleNanos, splitNanos));
  }

  private void schedule(Attempt attempt, long delayNanos) {
    try {
      attempt.setWatch(scheduler.schedule(() -> check(attempt), delayNanos, TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      attempt.abort(new FetchException("ingestion was stopped", false));
    }
  }

  private void check(Attempt attempt) {
    if (attempt.result.isDone()) {
      return;
    }
    long now = System.nanoTime();
    long running = now - attempt.startNanos;
    long idle = now - attempt.lastActivityNanos();
    if (running >= splitNanos) {
      attempt.abort(new FetchException("split timeout: not complete after "
          + TimeUnit.NANOSECONDS.toMillis(splitNanos) + " ms", true));
    } else if (idle >= idleNanos) {
      attempt.abort(new FetchException("idle timeout: no data for "
          + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms", true));
    } else {
      schedule(attempt, Math.min(idleNanos - idle, splitNanos - running));
    }
  }
}
