package io.squares.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one after another, in submission order, on a shared executor: the tasks of one split
 * never overlap, and no thread is dedicated to it while nothing is queued.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
  private final Executor delegate;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public synchronized void execute(Runnable task) {
    tail = tail.thenRunAsync(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("unexpected failure in a staging task", e);
      }
    }, delegate);
  }
}
