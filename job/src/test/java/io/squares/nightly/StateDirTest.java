package io.squares.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
  @TempDir Path tmp;

  @Test
  void theManifestGetsTheDateInBothSpellings() throws Exception {
    Path m = Files.writeString(tmp.resolve("m.txt"), "# {date}\nhttps://x/{yyyymmdd}.csv\nfile:///in/{date}/{date}.csv\n");
    StateDir s = new StateDir(tmp.resolve("state"));
    Path rendered = s.renderManifest(m, LocalDate.of(2026, 1, 9));
    assertEquals(tmp.resolve("state/manifests/dt=2026-01-09.manifest"), rendered);
    assertEquals("# 2026-01-09\nhttps://x/20260109.csv\nfile:///in/2026-01-09/2026-01-09.csv\n",
        Files.readString(rendered));
  }

  @Test
  void statusIsReplacedAndHistoryGrowsOnlyForFinishedRuns() throws Exception {
    StateDir s = new StateDir(tmp.resolve("state"));
    s.create();
    s.writeStatus("{\"state\": \"running\"}", false);
    s.writeStatus("{\"state\": \"published\"}", true);
    s.writeStatus("{\"state\": \"already_published\"}", true);
    assertEquals("{\"state\": \"already_published\"}\n", Files.readString(tmp.resolve("state/status.json")));
    assertEquals(List.of("{\"state\": \"published\"}", "{\"state\": \"already_published\"}"),
        Files.readAllLines(tmp.resolve("state/history.jsonl")));
    assertEquals(tmp.resolve("state/logs/2026-11-01-20261125T215422Z-42.log"),
        s.logFile(LocalDate.of(2026, 11, 1), Instant.parse("2026-11-25T21:54:22.9Z"), 42));
  }

  @Test
  void theLockIsRefusedToAnotherProcessUntilReleased() throws Exception {
    StateDir s = new StateDir(tmp.resolve("state"));
    s.create();
    try (StateDir.Lock held = s.tryLock()) {
      assertNotNull(held);
      assertEquals(1, otherProcessTakesLock(s.lockFile()), "another process is refused");
      assertNull(s.tryLock(), "and so is a second taker in this process");
    }
    assertEquals(0, otherProcessTakesLock(s.lockFile()), "free once released");
    try (StateDir.Lock again = s.tryLock()) {
      assertNotNull(again);
    }
  }

  /** @return 0 when a separate JVM could lock the file, 1 when it could not */
  private int otherProcessTakesLock(Path lockFile) throws Exception {
    Path src = tmp.resolve("TryLock.java");
    Files.writeString(src, String.join("\n",
        "import java.nio.channels.FileChannel;",
        "import java.nio.file.*;",
        "public class TryLock {",
        "  public static void main(String[] a) throws Exception {",
        "    try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE)) {",
        "      System.exit(c.tryLock() == null ? 1 : 0);",
        "    }",
        "  }",
        "}"), StandardCharsets.UTF_8);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), src.toString(), lockFile.toString()).inheritIO().start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the lock probe did not finish");
    }
    return p.exitValue();
  }
}
