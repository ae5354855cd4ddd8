package io.squares.ingest;

import static io.squares.ingest.IngestRuns.conf;
import static io.squares.ingest.IngestRuns.ingest;
import static io.squares.ingest.IngestRuns.partials;
import static io.squares.ingest.IngestRuns.randomBytes;
import static io.squares.ingest.IngestRuns.visible;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops an ingestion in the middle, a child JVM: with SIGTERM (its shutdown hook aborts the
 * fetches in flight and removes their partial files), and with SIGKILL (no cleanup code runs: no
 * partial file is visible under a final name, and a rerun removes the leftovers and fetches only
 * what is missing).
 */
class IngestKillTest {
  private static final int SPLITS = 8;
  private static final int SIZE = 256 * 1024;

  @TempDir Path tmp;

  private record Child(Process process, Path log, List<String> command) {}

  /**
   * Starts an ingestion of SPLITS slow splits in a child JVM and returns once some splits are
   * committed and others half written.
   */
  private Child startAndAwaitMidRun(LoopbackServer server, Path stage, List<byte[]> served) throws Exception {
    server.slowBody(16 * 1024, 25); // about 0.4 s per split
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.squares.SquaresMain", "ingest",
        "-D", "fs.defaultFS=file:///", "--concurrency", "2", "--to", stage.toString()));
    for (int i = 0; i < SPLITS; i++) {
      served.add(randomBytes(SIZE, i));
      server.put("/k/s" + i + ".bin", served.get(i));
      command.add(server.uri("/k/s" + i + ".bin").toString());
    }
    Path log = tmp.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(Files.isDirectory(stage) && !visible(stage).isEmpty() && !partials(stage).isEmpty())) {
        assertTrue(child.isAlive(), () -> "the child ended early: " + read(log));
        assertTrue(System.nanoTime() < deadline, () -> "no progress: " + read(log));
        Thread.sleep(10);
      }
    } catch (Throwable t) {
      child.destroyForcibly();
      throw t;
    }
    return new Child(child, log, command);
  }

  private static void assertCommittedAreWhole(Path stage, List<byte[]> served) throws Exception {
    List<String> committed = visible(stage);
    assertTrue(committed.size() < SPLITS, "stopped before the end: " + committed);
    for (String name : committed) {
      int i = Integer.parseInt(name.substring(1, name.indexOf('.')));
      assertArrayEquals(served.get(i), Files.readAllBytes(stage.resolve(name)), name + " is complete");
    }
  }

  @Test
  void aStoppedRunRemovesItsPartialFilesAndExitsAsSigtermSays() throws Exception {
    Path stage = tmp.resolve("stage");
    List<byte[]> served = new ArrayList<>();
    try (LoopbackServer server = new LoopbackServer(16)) {
      Child child = startAndAwaitMidRun(server, stage, served);
      child.process().destroy(); // SIGTERM: shutdown hooks run
      assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), "stopped in time");
      assertEquals(128 + 15, child.process().exitValue(), read(child.log()));
      assertFalse(Files.exists(stage.resolve(StagingArea.MARKER)));
      assertCommittedAreWhole(stage, served);
      assertEquals(List.of(), partials(stage), "the fetches in flight were aborted and their files removed");
      assertTrue(read(child.log()).contains("stopped: aborting the fetches in flight"), read(child.log()));
      assertFalse(Files.exists(stage.resolve(StagingArea.RECORDS).resolve(StagingLock.NAME)), "the lock released");
    }
  }

  @Test
  void aKilledRunLeavesNoPartialFileUnderAFinalNameAndARerunCompletes() throws Exception {
    Path stage = tmp.resolve("stage");
    List<byte[]> served = new ArrayList<>();
    try (LoopbackServer server = new LoopbackServer(16)) {
      Child child = startAndAwaitMidRun(server, stage, served);
      child.process().destroyForcibly(); // SIGKILL: no cleanup code runs
      child.process().waitFor(30, TimeUnit.SECONDS);
      List<String> command = child.command();
      assertFalse(Files.exists(stage.resolve(StagingArea.MARKER)));
      assertCommittedAreWhole(stage, served);
      List<String> committed = visible(stage);
      List<String> leftovers = partials(stage);
      assertFalse(leftovers.isEmpty(), "the kill left partial files, hidden");
      assertTrue(Files.exists(stage.resolve(StagingArea.RECORDS).resolve(StagingLock.NAME)),
          "and its lock, which the rerun takes over: its process no longer runs");
      List<String> recorded = new ArrayList<>();
      for (String name : committed) {
        if (Files.exists(stage.resolve(StagingArea.RECORDS).resolve(name + ".verified"))) {
          recorded.add(name);
        }
      }

      server.slowBody(64 * 1024, 0);
      List<String> args = new ArrayList<>(List.of("--to", stage.toString()));
      args.addAll(command.subList(command.size() - SPLITS, command.size()));
      IngestRuns.Result rerun = ingest(conf(), args.toArray(new String[0]));
      assertEquals(0, rerun.code(), rerun.err());
      assertTrue(rerun.err().contains("removed "), rerun.err());
      assertEquals(List.of(), partials(stage), "the leftovers were removed");
      for (int i = 0; i < SPLITS; i++) {
        assertArrayEquals(served.get(i), Files.readAllBytes(stage.resolve("s" + i + ".bin")), "s" + i);
      }
      for (String name : recorded) {
        assertEquals(1, server.requests("/k/" + name), name + " was staged before the kill: not fetched again");
      }
      assertTrue(Files.exists(stage.resolve(StagingArea.MARKER)));
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
