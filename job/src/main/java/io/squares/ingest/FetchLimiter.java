package io.squares.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A non-blocking permit queue: at most {@code limit} tasks in flight at once, and at most
 * {@code perHostLimit} for any one host. A task that cannot start yet waits in a queue as an
 * object, not as a parked thread; when a running task's future completes, its permit passes to
 * the first waiting task whose host has room, which is started on the completing thread.
 * Tasks start in submission order except that a task for a saturated host lets later tasks for
 * other hosts go first.
 */
public final class FetchLimiter {
  private final int limit;
  private final int perHostLimit;
  private final ArrayDeque<Waiter<?>> queue = new ArrayDeque<>();
  private final Map<String, Integer> inFlightByHost = new HashMap<>();
  private final AtomicInteger wip = new AtomicInteger();
  private int inFlight;
  private int peak;
  private boolean closed;

  private static final class Waiter<T> {
    final String host;
    final Supplier<CompletableFuture<T>> task;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Waiter(String host, Supplier<CompletableFuture<T>> task) {
      this.host = host;
      this.task = task;
    }
  }

  /**
   * @param limit tasks in flight at once, at least 1
   * @param perHostLimit tasks in flight at once per host, or 0 for no per-host limit
   */
  public FetchLimiter(int limit, int perHostLimit) {
    if (limit < 1 || perHostLimit < 0) {
      throw new IllegalArgumentException("limit " + limit + ", per host " + perHostLimit);
    }
    this.limit = limit;
    this.perHostLimit = perHostLimit;
  }

  /**
   * Queues a task; it is started (its supplier called) once a permit is free for its host.
   *
   * @param host the per-host key
   * @param task starts the work and returns its future; the permit is held until that completes
   * @param <T> the result type
   * @return completes as the task's future does, after the permit is released
   */
  public <T> CompletableFuture<T> submit(String host, Supplier<CompletableFuture<T>> task) {
    Waiter<T> w = new Waiter<>(host, task);
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new CancellationException("ingestion was stopped"));
      }
      queue.add(w);
    }
    drain();
    return w.result;
  }

  /** Fails every task still waiting with a {@link CancellationException}; running ones go on. */
  public void close() {
    List<Waiter<?>> dropped;
    synchronized (this) {
      closed = true;
      dropped = new ArrayList<>(queue);
      queue.clear();
    }
    for (Waiter<?> w : dropped) {
      w.result.completeExceptionally(new CancellationException("ingestion was stopped"));
    }
  }

  /** @return tasks running now */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** @return the most tasks that were ever running at once */
  public synchronized int peak() {
    return peak;
  }

  /** @return tasks waiting for a permit */
  public synchronized int waiting() {
    return queue.size();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return; // the thread already draining will take another pass
    }
    int missed = 1;
    do {
      for (Waiter<?> w : takeReady()) {
        start(w);
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private synchronized List<Waiter<?>> takeReady() {
    List<Waiter<?>> ready = new ArrayList<>();
    Iterator<Waiter<?>> it = queue.iterator();
    while (inFlight < limit && it.hasNext()) {
      Waiter<?> w = it.next();
      int host = inFlightByHost.getOrDefault(w.host, 0);
      if (perHostLimit > 0 && host >= perHostLimit) {
        continue;
      }
      it.remove();
      inFlight++;
      peak = Math.max(peak, inFlight);
      inFlightByHost.put(w.host, host + 1);
      ready.add(w);
    }
    return ready;
  }

  private synchronized void release(String host) {
    inFlight--;
    int left = inFlightByHost.get(host) - 1;
    if (left == 0) {
      inFlightByHost.remove(host);
    } else {
      inFlightByHost.put(host, left);
    }
  }

  private <T> void start(Waiter<T> w) {
    CompletableFuture<T> running;
    try {
      running = w.task.get();
    } catch (RuntimeException | Error e) {
      running = CompletableFuture.failedFuture(e);
    }
    running.whenComplete((value, error) -> {
      release(w.host);
      drain();
      if (error != null) {
        w.result.completeExceptionally(error);
      } else {
        w.result.complete(value);
      }
    });
  }
}
