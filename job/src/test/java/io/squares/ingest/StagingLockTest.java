package io.squares.ingest;

import static io.squares.ingest.IngestRuns.conf;
import static io.squares.ingest.IngestRuns.ingest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingLockTest {
  @TempDir java.nio.file.Path tmp;

  private FileSystem fs() throws Exception {
    return FileSystem.getLocal(conf());
  }

  private Path lockPath() {
    return new Path(tmp.resolve("stage").resolve(StagingArea.RECORDS).resolve(StagingLock.NAME).toUri());
  }

  private void writeLock(String owner) throws Exception {
    java.nio.file.Path p = tmp.resolve("stage").resolve(StagingArea.RECORDS).resolve(StagingLock.NAME);
    Files.createDirectories(p.getParent());
    Files.writeString(p, owner + "\n");
  }

  @Test
  void aHeldLockRefusesAnotherRunUntilReleased() throws Exception {
    FileSystem fs = fs();
    StagingLock held = StagingLock.acquire(fs, lockPath());
    SquaresException e = assertThrows(SquaresException.class, () -> StagingLock.acquire(fs, lockPath()));
    assertEquals(ExitCode.LOCKED, e.exitCode());
    assertTrue(e.getMessage().contains("pid=" + ProcessHandle.current().pid()), e.getMessage());
    assertTrue(e.getMessage().contains("remove " + lockPath()), e.getMessage());
    held.close();
    assertFalse(fs.exists(lockPath()), "released");
    held.close(); // twice is harmless
    StagingLock.acquire(fs, lockPath()).close();
  }

  @Test
  void theLockOfAProcessThatNoLongerRunsHereIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
    writeLock("host=" + StagingLock.host() + " pid=" + gone.pid() + " started=2026-11-26T00:00:00Z");
    try (StagingLock lock = StagingLock.acquire(fs(), lockPath())) {
      String owner = Files.readString(tmp.resolve("stage").resolve(StagingArea.RECORDS).resolve(StagingLock.NAME));
      assertTrue(owner.contains("pid=" + ProcessHandle.current().pid()), owner);
    }
  }

  @Test
  void aLockFromAnotherHostIsNeverTakenOver() throws Exception {
    writeLock("host=some-other-host.example pid=1 started=2026-11-26T00:00:00Z");
    SquaresException e = assertThrows(SquaresException.class, () -> StagingLock.acquire(fs(), lockPath()));
    assertEquals(ExitCode.LOCKED, e.exitCode());
    assertTrue(e.getMessage().contains("some-other-host.example"), e.getMessage());
  }

  @Test
  void anIngestIntoALockedStagingDirectoryExitsLockedAndTouchesNothing() throws Exception {
    java.nio.file.Path stage = tmp.resolve("stage");
    java.nio.file.Path partial = stage.resolve(".x.bin.squares-partial-0123abcd");
    Files.createDirectories(stage);
    Files.writeString(partial, "a live run's partial file");
    java.nio.file.Path source = Files.writeString(tmp.resolve("x.bin"), "data");
    try (StagingLock held = StagingLock.acquire(fs(), lockPath())) {
      IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), source.toUri().toString());
      assertEquals(ExitCode.LOCKED.code(), r.code(), r.err());
      assertTrue(r.err().contains("in use by another ingestion"), r.err());
      assertTrue(Files.exists(partial), "another run's partial file is left alone");
      assertFalse(Files.exists(stage.resolve("x.bin")));
    }
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), source.toUri().toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("data", Files.readString(stage.resolve("x.bin")));
    assertFalse(Files.exists(partial), "once unlocked, the leftover is removed");
    assertFalse(Files.exists(stage.resolve(StagingArea.RECORDS).resolve(StagingLock.NAME)), "released");
  }
}
