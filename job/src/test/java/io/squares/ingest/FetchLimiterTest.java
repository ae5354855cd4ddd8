package io.squares.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The permit queue, driven by hand from the test thread: tasks are futures the test completes, so
 * every start happens on the thread that completed another task, and no thread ever waits.
 */
class FetchLimiterTest {
  /** A task whose future the test completes; records when it was started. */
  private static final class Task {
    final String host;
    final CompletableFuture<String> future = new CompletableFuture<>();
    boolean started;

    Task(String host) {
      this.host = host;
    }
  }

  private final List<Task> tasks = new ArrayList<>();

  private CompletableFuture<String> submit(FetchLimiter limiter, String host) {
    Task t = new Task(host);
    tasks.add(t);
    return limiter.submit(host, () -> {
      t.started = true;
      return t.future;
    });
  }

  private long started() {
    return tasks.stream().filter(t -> t.started).count();
  }

  private long running() {
    return tasks.stream().filter(t -> t.started && !t.future.isDone()).count();
  }

  @Test
  void neverRunsMoreThanTheLimitAndStartsTheNextWhenOneCompletes() {
    FetchLimiter limiter = new FetchLimiter(3, 0);
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(submit(limiter, "h"));
    }
    assertEquals(3, started());
    assertEquals(7, limiter.waiting());
    for (int i = 0; i < 10; i++) {
      assertTrue(running() <= 3);
      tasks.get(i).future.complete("r" + i);
      assertEquals("r" + i, results.get(i).join());
      assertEquals(Math.min(10, i + 4), started(), "the freed permit started the next task in order");
    }
    assertEquals(3, limiter.peak());
    assertEquals(0, limiter.inFlight());
  }

  @Test
  void aFailedTaskReleasesItsPermitAndPassesItsFailureOn() {
    FetchLimiter limiter = new FetchLimiter(1, 0);
    CompletableFuture<String> first = submit(limiter, "h");
    CompletableFuture<String> second = submit(limiter, "h");
    tasks.get(0).future.completeExceptionally(new IllegalStateException("boom"));
    assertTrue(first.isCompletedExceptionally());
    assertTrue(tasks.get(1).started);
    tasks.get(1).future.complete("ok");
    assertEquals("ok", second.join());
  }

  @Test
  void aTaskThatThrowsWhenStartedFailsWithoutLeakingItsPermit() {
    FetchLimiter limiter = new FetchLimiter(1, 0);
    CompletableFuture<String> bad = limiter.submit("h", () -> {
      throw new IllegalArgumentException("bad URI");
    });
    assertTrue(bad.isCompletedExceptionally());
    assertEquals(0, limiter.inFlight());
    submit(limiter, "h");
    assertTrue(tasks.get(0).started);
  }

  @Test
  void perHostLimitLetsOtherHostsOvertakeASaturatedOne() {
    FetchLimiter limiter = new FetchLimiter(4, 2);
    for (int i = 0; i < 4; i++) {
      submit(limiter, "a");
    }
    submit(limiter, "b");
    submit(limiter, "b");
    submit(limiter, "b");
    // a: 2 running, 2 waiting; b: 2 running (global 4), 1 waiting
    assertEquals(List.of(true, true, false, false, true, true, false), tasks.stream().map(t -> t.started).toList());
    tasks.get(4).future.complete("b done");
    // the freed permit is b's: a is still at its limit, so the waiting b starts, not the earlier a
    assertTrue(tasks.get(6).started);
    assertEquals(false, tasks.get(2).started);
    tasks.get(0).future.complete("a done");
    assertTrue(tasks.get(2).started);
    assertEquals(4, limiter.peak());
  }

  @Test
  void closeFailsWaitingTasksButLetsRunningOnesFinish() {
    FetchLimiter limiter = new FetchLimiter(1, 0);
    CompletableFuture<String> running = submit(limiter, "h");
    CompletableFuture<String> waiting = submit(limiter, "h");
    limiter.close();
    assertThrows(CancellationException.class, waiting::join);
    tasks.get(0).future.complete("done");
    assertEquals("done", running.join());
    assertTrue(limiter.submit("h", () -> CompletableFuture.completedFuture("x")).isCompletedExceptionally());
  }
}
