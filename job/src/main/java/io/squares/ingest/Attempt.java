package io.squares.ingest;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One attempt at one split: its result future, its last sign of progress (for the idle timeout)
 * and a small state machine that lets either the commit or an abort win, never both. An abort
 * (timeout, or the run being stopped) fails the result at once and asks the subclass to cancel its
 * I/O; the thread doing the I/O then discards the partial file.
 */
abstract class Attempt {
  private enum State { RUNNING, COMMITTING, DONE, ABORTED }

  final Split split;
  final int number;
  final AttemptContext ctx;
  final long splitStartNanos;
  final long startNanos = System.nanoTime();
  final CompletableFuture<StagedRecord> result = new CompletableFuture<>();
  private volatile long lastActivityNanos = startNanos;
  private volatile ScheduledFuture<?> watch;
  private State state = State.RUNNING;

  /**
   * @param split what to fetch
   * @param number 1 for the first attempt
   * @param ctx shared clients, executors, staging and settings
   * @param splitStartNanos when the split's first attempt started, for the record
   */
  Attempt(Split split, int number, AttemptContext ctx, long splitStartNanos) {
    this.split = split;
    this.number = number;
    this.ctx = ctx;
    this.splitStartNanos = splitStartNanos;
  }

  /** @return the result: the record of the committed split, or the failure */
  final CompletableFuture<StagedRecord> run() {
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

  /** Cancels the attempt's I/O after an abort; must not block for long. */
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
   * Aborts unless the attempt is already committing or done.
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
    cancelIo(); // first, so the partial file's cleanup is queued before anyone sees the failure
    result.completeExceptionally(reason);
  }

  /**
   * Moves a verified partial file into place and records it, unless the attempt was aborted
   * meanwhile (the partial file is then discarded). Completes the result either way.
   *
   * @param writer the finished writer
   * @param written its size and sha256
   */
  final void commit(SplitWriter writer, SplitWriter.Written written) {
    synchronized (this) {
      if (state != State.RUNNING) {
        writer.discard();
        return;
      }
      state = State.COMMITTING;
    }
    StagedRecord record = new StagedRecord(split.uri().toString(), split.name(), written.size(),
        written.sha256(), number, Instant.now(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - splitStartNanos));
    try {
      ctx.staging().commit(writer.partial(), record);
    } catch (Exception e) {
      writer.discard();
      synchronized (this) {
        state = State.DONE;
      }
      result.completeExceptionally(e);
      return;
    }
    synchronized (this) {
      state = State.DONE;
    }
    ctx.metrics().add(IngestCounter.BYTES_STAGED, written.size());
    result.complete(record);
  }

  /**
   * Fails the attempt, unless an abort already did.
   *
   * @param failure what it failed with
   */
  final void fail(Throwable failure) {
    synchronized (this) {
      if (state == State.ABORTED || state == State.DONE) {
        return;
      }
      state = State.DONE;
    }
    result.completeExceptionally(failure);
  }

  /** @return the split's name and attempt number, for logs */
  @Override
  public String toString() {
    return split.uri() + " (attempt " + number + ")";
  }
}
