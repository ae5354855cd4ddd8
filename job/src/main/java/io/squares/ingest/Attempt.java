package io.squares.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One attempt at downloading one split into a partial file: its result future, its last sign of
 * progress (for the idle timeout) and a small state machine that lets either the end of the
 * download or an abort win, never both. An abort (timeout, or the run being stopped) asks the
 * subclass to cancel its I/O and discard the partial file, then fails the result. A completed
 * download is verified (length, sha256) but not yet committed: the permit it held is released
 * before the {@link Committer} renames it into place.
 */
abstract class Attempt {
  private enum State { RUNNING, DONE, ABORTED }

  /**
   * A verified partial file, ready to be committed.
   *
   * @param split the split
   * @param writer the closed writer of its partial file
   * @param written size and sha256
   * @param attempt the attempt's number
   */
  record Downloaded(Split split, SplitWriter writer, SplitWriter.Written written, int attempt) {}

  final Split split;
  final int number;
  final AttemptContext ctx;
  final long startNanos = System.nanoTime();
  final CompletableFuture<Downloaded> result = new CompletableFuture<>();
  private volatile long lastActivityNanos = startNanos;
  private volatile ScheduledFuture<?> watch;
  private State state = State.RUNNING;

  /**
   * @param split what to fetch
   * @param number 1 for the first attempt
   * @param ctx shared clients, executors, staging and settings
   */
  Attempt(Split split, int number, AttemptContext ctx) {
    this.split = split;
    this.number = number;
    this.ctx = ctx;
  }

  /** @return the result: the verified partial file, or the failure */
  final CompletableFuture<Downloaded> run() {
    ctx.metrics().increment(IngestCounter.ATTEMPTS);
    ctx.watchdog().watch(this);
    result.whenComplete((r, e) -> {
      ScheduledFuture<?> w = watch;
      if (w != null) {
        w.cancel(false);
      }
      ctx.metrics().addBusyNanos(System.nanoTime() - startNanos);
    });
    try {
      start();
    } catch (Exception | LinkageError e) {
      fail(e);
    }
    return result;
  }

  /**
   * Starts the work without blocking on the network.
   *
   * @throws Exception what starting fails with; the attempt fails with it
   */
  protected abstract void start() throws Exception;

  /** Cancels the attempt's I/O after an abort and discards its partial file; must not block for long. */
  protected abstract void cancelIo();

  /** Notes progress: bytes arrived, or a response. */
  final void touch() {
    lastActivityNanos = System.nanoTime();
  }

  final long lastActivityNanos() {
    return lastActivityNanos;
  }

  final void setWatch(ScheduledFuture<?> w) {
    watch = w;
  }

  /** @return whether the attempt was aborted */
  final synchronized boolean isAborted() {
    return state == State.ABORTED;
  }

  /**
   * Aborts unless the download already ended.
   *
   * @param reason what the result fails with
   */
  final void abort(FetchException reason) {
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.ABORTED;
    }
    cancelIo(); // first, so the partial file is gone before anyone sees the failure
    result.completeExceptionally(reason);
  }

  /**
   * Ends the download with a verified partial file, unless the attempt was aborted meanwhile (the
   * file is then discarded).
   *
   * @param writer the finished writer
   * @param written its size and sha256
   */
  final void downloaded(SplitWriter writer, SplitWriter.Written written) {
    synchronized (this) {
      if (state != State.RUNNING) {
        writer.discard();
        return;
      }
      state = State.DONE;
    }
    result.complete(new Downloaded(split, writer, written, number));
  }

  /**
   * Fails the attempt, unless it already ended.
   *
   * @param failure what it failed with
   */
  final void fail(Throwable failure) {
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.DONE;
    }
    result.completeExceptionally(failure);
  }

  /** @return the split's source and attempt number, for logs */
  @Override
  public String toString() {
    return split.uri() + " (attempt " + number + ")";
  }
}
