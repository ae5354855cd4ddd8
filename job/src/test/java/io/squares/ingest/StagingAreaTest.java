package io.squares.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging directory deletes and replaces only what ingestion made. */
class StagingAreaTest {
  @TempDir java.nio.file.Path tmp;

  private StagingArea area(java.nio.file.Path dir) throws IOException {
    return new StagingArea(FileSystem.getLocal(new Configuration()).getRaw(), new Path(dir.toUri()));
  }

  private static Path partial(StagingArea a, String name, String text) throws IOException {
    SplitWriter w = a.open(name);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    w.write(b, 0, b.length);
    w.finish(b.length, "test", null);
    return w.partial();
  }

  private static StagedRecord record(String name, long size) {
    return new StagedRecord("file:/src/" + name, name, size, "0".repeat(64), 1, Instant.EPOCH, 0);
  }

  @Test
  void commitReplacesAFileItStagedButNeverOneItDidNot() throws Exception {
    java.nio.file.Path dir = Files.createDirectories(tmp.resolve("stage"));
    try (StagingArea a = area(dir)) {
      a.prepare();
      a.commit(partial(a, "a.csv", "first\n"), record("a.csv", 6));
      a.commit(partial(a, "a.csv", "second\n"), record("a.csv", 7));
      assertEquals("second\n", Files.readString(dir.resolve("a.csv")));
      assertEquals(7, a.record("a.csv").size());

      Files.writeString(dir.resolve("b.csv"), "someone else's\n");
      Path p = partial(a, "b.csv", "fetched\n");
      IOException e = assertThrows(IOException.class, () -> a.commit(p, record("b.csv", 8)));
      assertTrue(e.getMessage().contains("did not stage it"), e.getMessage());
      assertEquals("someone else's\n", Files.readString(dir.resolve("b.csv")));
      SquaresException refused = assertThrows(SquaresException.class, () -> a.refuseUnstaged(List.of("a.csv", "b.csv")));
      assertEquals(ExitCode.OUTPUT_EXISTS, refused.exitCode());
      assertTrue(refused.getMessage().contains("holds b.csv, which Squares' ingestion did not stage"),
          refused.getMessage());
    }
  }

  @Test
  void prepareRemovesTheManifestOnlyWhereIngestionWroteIt() throws Exception {
    java.nio.file.Path foreign = Files.createDirectories(tmp.resolve("foreign"));
    Files.writeString(foreign.resolve("_MANIFEST.json"), "{\"theirs\": true}");
    try (StagingArea a = area(foreign)) {
      SquaresException e = assertThrows(SquaresException.class, a::prepare);
      assertEquals(ExitCode.OUTPUT_EXISTS, e.exitCode());
    }
    assertEquals("{\"theirs\": true}", Files.readString(foreign.resolve("_MANIFEST.json")));
    assertTrue(Files.notExists(foreign.resolve("_ingest")), "nothing made there");

    java.nio.file.Path ours = Files.createDirectories(tmp.resolve("ours"));
    try (StagingArea a = area(ours)) {
      a.prepare();
      a.complete("{}");
    }
    Files.writeString(ours.resolve("_ingest/.notes.txt"), "a hidden file that is not a temporary record");
    try (StagingArea a = area(ours)) {
      a.prepare();
    }
    assertTrue(Files.notExists(ours.resolve("_MANIFEST.json")), "its own manifest removed by the next run");
    assertTrue(Files.exists(ours.resolve("_ingest/.notes.txt")), "only its own temporary records removed");
  }
}
