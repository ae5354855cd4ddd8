package io.squares.ingest;

import static io.squares.ingest.IngestRuns.conf;
import static io.squares.ingest.IngestRuns.ingest;
import static io.squares.ingest.IngestRuns.json;
import static io.squares.ingest.IngestRuns.manifest;
import static io.squares.ingest.IngestRuns.partials;
import static io.squares.ingest.IngestRuns.randomBytes;
import static io.squares.ingest.IngestRuns.sha256;
import static io.squares.ingest.IngestRuns.visible;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.squares.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code squares ingest} from Hadoop filesystem sources ({@code file://}), with globs and directories. */
class FileSystemIngestTest {
  @TempDir Path tmp;
  private Path src;
  private Path stage;

  @BeforeEach
  void files() throws Exception {
    src = Files.createDirectories(tmp.resolve("src"));
    stage = tmp.resolve("stage");
    Files.write(src.resolve("a-1.csv"), randomBytes(70_000, 1));
    Files.write(src.resolve("a-2.csv"), randomBytes(130_000, 2));
    Files.write(src.resolve("b.csv"), randomBytes(10, 3));
    Files.write(src.resolve("a-_x.csv"), randomBytes(10, 4));
    Files.write(src.resolve("_a-hidden.csv"), randomBytes(10, 5));
    Files.write(src.resolve(".a-dot.csv"), randomBytes(10, 6));
    Path sub = Files.createDirectories(tmp.resolve("more"));
    Files.write(sub.resolve("c.csv"), randomBytes(5_000, 7));
    Files.write(sub.resolve("_SUCCESS"), new byte[0]);
  }

  @Test
  void globsAndDirectoriesStageTheirVisibleFiles() throws Exception {
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), "file://" + src + "/a-*.csv",
        tmp.resolve("more").toUri().toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("a-1.csv", "a-2.csv", "a-_x.csv", "c.csv"), visible(stage));
    for (String n : List.of("a-1.csv", "a-2.csv", "a-_x.csv")) {
      assertArrayEquals(Files.readAllBytes(src.resolve(n)), Files.readAllBytes(stage.resolve(n)), n);
    }
    assertArrayEquals(Files.readAllBytes(tmp.resolve("more/c.csv")), Files.readAllBytes(stage.resolve("c.csv")));
    JsonNode splits = json(stage.resolve(StagingArea.MANIFEST)).get("splits");
    assertEquals(4, splits.size());
    assertEquals(sha256(Files.readAllBytes(src.resolve("a-2.csv"))), splits.get(1).get("sha256").asText());
    assertEquals(130_000, splits.get(1).get("size").asLong());
    assertEquals(List.of(), partials(stage));
  }

  @Test
  void rerunSkipsStagedFilesAndRefetchesAChangedSource() throws Exception {
    String glob = "file://" + src + "/a-?.csv";
    assertEquals(0, ingest(conf(), "--to", stage.toString(), glob).code());
    IngestRuns.Result again = ingest(conf(), "--to", stage.toString(), glob);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("(0 fetched, 2 already staged)"), again.err());
    Files.write(src.resolve("a-2.csv"), new byte[] {42}, StandardOpenOption.APPEND);
    IngestRuns.Result changed = ingest(conf(), "--to", stage.toString(), glob);
    assertEquals(0, changed.code(), changed.err());
    assertTrue(changed.err().contains("(1 fetched, 1 already staged)"), changed.err());
    assertArrayEquals(Files.readAllBytes(src.resolve("a-2.csv")), Files.readAllBytes(stage.resolve("a-2.csv")));
  }

  @Test
  void aChecksumGivenForAFileIsVerified() throws Exception {
    byte[] b = Files.readAllBytes(src.resolve("b.csv"));
    Path good = manifest(tmp, List.of(src.resolve("b.csv").toUri() + " name=b-copy.csv sha256=" + sha256(b)));
    assertEquals(0, ingest(conf(), "--to", stage.toString(), "--manifest", good.toString()).code());
    assertArrayEquals(b, Files.readAllBytes(stage.resolve("b-copy.csv")));

    Path bad = manifest(tmp, List.of(src.resolve("a-1.csv").toUri() + " sha256=" + sha256(b)));
    IngestRuns.Result r = ingest(conf(), "--retries", "1", "--to", tmp.resolve("stage2").toString(),
        "--manifest", bad.toString());
    assertEquals(ExitCode.INGEST_FAILED.code(), r.code(), r.err());
    assertTrue(r.err().contains("sha256 mismatch"), r.err());
    assertEquals(List.of(), visible(tmp.resolve("stage2")));
  }

  @Test
  void aGlobMatchingNothingIsInputNotFound() throws Exception {
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), "file://" + src + "/a-1.csv",
        "file://" + src + "/z-*.csv");
    assertEquals(ExitCode.INPUT_NOT_FOUND.code(), r.code(), r.err());
    assertTrue(r.err().contains("argument 2: file://" + src + "/z-*.csv matched nothing"), r.err());
    r = ingest(conf(), "--to", stage.toString(), "file://" + src + "/missing.csv");
    assertEquals(ExitCode.INPUT_NOT_FOUND.code(), r.code(), r.err());
  }

  @Test
  void aNameOrChecksumForAGlobOfManyFilesIsRefused() throws Exception {
    Path m = manifest(tmp, List.of("file://" + src + "/a-*.csv name=all.csv"));
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), "--manifest", m.toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains(m + " line 1: name= needs a single file, but file://" + src + "/a-*.csv matched 3"),
        r.err());
  }

  @Test
  void aSourceInsideTheStagingDirectoryIsRefused() throws Exception {
    IngestRuns.Result r = ingest(conf(), "--to", src.toString(), "file://" + src + "/b.csv");
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("b.csv lies inside the staging directory file:" + src.toRealPath()), r.err());
  }
}
