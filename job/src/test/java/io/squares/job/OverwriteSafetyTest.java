package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, section 1 as regressions: {@code --overwrite} never destroys input or anything Squares
 * did not write. Each refusal is checked for its exit code, its one-line message naming the paths,
 * and a tree of the inputs (every file's sha256, every directory and link) unchanged.
 */
class OverwriteSafetyTest {
  private static final Path SALES = DATASETS.resolve("sales/sales.csv");
  private static final String[] BY_REGION = {"--header", "--key-column", "region", "--value-column", "amount"};

  @TempDir Path tmp;
  private Path in;

  @BeforeEach
  void layout() throws IOException {
    in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(SALES, in.resolve("sales.csv"));
    Files.writeString(in.resolve("more.csv"), "region,store,amount\nNorth,n1,1.5\nWest,w1,2\n");
  }

  /** @return every entry below dir (not following links): a file's sha256, "dir", or a link's target */
  static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> t = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        String key = dir.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          t.put(key, "link " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          t.put(key, "dir");
        } else {
          t.put(key, sha256(Files.readAllBytes(p)));
        }
      }
    }
    return t;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String args(String... a) {
    return String.join(" ", a);
  }

  /** @return the one error line the tool printed */
  private static String errorLine(LocalJobs.Result r, String command) {
    List<String> lines = r.err().lines().filter(l -> l.startsWith("squares " + command + ": ")).toList();
    assertEquals(1, lines.size(), r.err());
    return lines.get(0);
  }

  private static String real(Path p) throws IOException {
    return "file:" + p.toRealPath();
  }

  /** Runs stats, expects a refusal with the code, and the whole temporary tree unchanged. */
  private String refusedStats(ExitCode code, String... args) throws Exception {
    Map<String, String> before = tree(tmp);
    LocalJobs.Result r = LocalJobs.stats(args);
    assertEquals(code.code(), r.exitCode(), args(args) + ": " + r.err());
    assertEquals(before, tree(tmp), "nothing changed: " + args(args));
    return errorLine(r, "stats");
  }

  @Test
  void sameDirectoryAsInputAndOutputIsRefused() throws Exception {
    // bin/squares stats --overwrite --key-column 1 in/ in/  used to delete every file in in/.
    String line = refusedStats(ExitCode.USAGE, "--overwrite", "--key-column", "1", in + "/", in + "/");
    assertTrue(line.contains("output " + real(in) + " is the same path as input " + real(in)), line);
  }

  @Test
  void outputContainingTheInputDirectoryIsRefusedAndAnUnrelatedFileSurvives() throws Exception {
    // stats --overwrite in/sub in/  used to delete in/ whole, including precious.txt.
    Files.writeString(in.resolve("precious.txt"), "not a csv, never to be lost\n");
    Path sub = Files.createDirectories(in.resolve("sub"));
    Files.copy(SALES, sub.resolve("sales.csv"));
    String line = refusedStats(ExitCode.USAGE, "--overwrite", sub.toString(), in + "/");
    assertTrue(line.contains("output " + real(in) + " contains input " + real(sub)), line);
  }

  @Test
  void outputInsideAnInputDirectoryIsRefused() throws Exception {
    // Also when the output does not exist yet, and without --overwrite.
    String line = refusedStats(ExitCode.USAGE, in.toString(), in.resolve("new-out").toString());
    assertTrue(line.contains("output " + real(in) + "/new-out lies inside input " + real(in)), line);
    Files.createDirectories(in.resolve("sub"));
    line = refusedStats(ExitCode.USAGE, "--overwrite", in.toString(), in.resolve("sub").toString());
    assertTrue(line.contains("output " + real(in) + "/sub lies inside input " + real(in)), line);
  }

  @Test
  void aFileAsInputAndOutputIsRefused() throws Exception {
    // stats --overwrite f.csv f.csv  used to replace the input file with an output directory.
    Path f = in.resolve("sales.csv");
    String line = refusedStats(ExitCode.USAGE, "--overwrite", f.toString(), f.toString());
    assertTrue(line.contains("output " + real(f) + " is the same path as input " + real(f)), line);
    LocalJobs.Result sq = LocalJobs.square("--overwrite", f.toString(), f.toString());
    assertEquals(ExitCode.USAGE.code(), sq.exitCode(), sq.err());
  }

  @Test
  void anOutputContainingAnInputIsRefused() throws Exception {
    String line = refusedStats(ExitCode.USAGE, "--overwrite", in.resolve("sales.csv").toString(), tmp.toString());
    assertTrue(line.contains("output " + real(tmp) + " contains input " + real(in) + "/sales.csv"), line);
  }

  @Test
  void overwriteOntoAForeignNonEmptyDirectoryIsRefusedSayingWhatIsThere() throws Exception {
    Path reports = Files.createDirectories(tmp.resolve("reports"));
    Files.writeString(reports.resolve("precious.txt"), "a colleague's report");
    Files.writeString(reports.resolve("q1.csv"), "1\n");
    Files.writeString(reports.resolve("q2.csv"), "2\n");
    String line = refusedStats(ExitCode.OUTPUT_EXISTS, "--overwrite", in.toString(), reports.toString());
    assertEquals("squares stats: output file:" + reports + " exists and was not written by Squares (it holds 3"
        + " entries, e.g. precious.txt); --overwrite only replaces an empty directory or a Squares output", line);
  }

  @Test
  void overwriteOntoAFileIsRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "keep\n");
    String line = refusedStats(ExitCode.OUTPUT_EXISTS, "--overwrite", in.toString(), file.toString());
    assertTrue(line.contains("output file:" + file + " exists and is a file"), line);
    LocalJobs.Result sq = LocalJobs.square("--overwrite", "--header", in.toString(), file.toString());
    assertEquals(ExitCode.OUTPUT_EXISTS.code(), sq.exitCode(), sq.err());
    assertEquals("keep\n", Files.readString(file));
  }

  @Test
  void aSymbolicLinkPointingIntoTheInputIsRefused() throws Exception {
    Path sub = Files.createDirectories(in.resolve("sub"));
    Path link = Files.createSymbolicLink(tmp.resolve("out"), sub);
    String line = refusedStats(ExitCode.USAGE, "--overwrite", in.toString(), link.toString());
    assertTrue(line.contains("output " + real(sub) + " (given as file:" + link + ") lies inside input " + real(in)),
        line);
    Path toInput = Files.createSymbolicLink(tmp.resolve("out2"), in);
    line = refusedStats(ExitCode.USAGE, "--overwrite", in.toString(), toInput.resolve("x").toString());
    assertTrue(line.contains("lies inside input " + real(in)), line);
  }

  @Test
  void aGlobWhoseExpansionContainsTheOutputIsRefused() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.copy(SALES, data.resolve("a.csv"));
    Path out = Files.createDirectories(data.resolve("out"));
    Files.writeString(out.resolve("_SUMMARY.json"), "{\"command\": \"stats\"}");
    Files.writeString(out.resolve("part-r-00000"), "x\t1\n");
    String line = refusedStats(ExitCode.USAGE, "--overwrite", data + "/*", out.toString());
    assertTrue(line.contains("output " + real(out) + " is the same path as input " + real(out)), line);
  }

  @Test
  void overwriteReplacesAnEmptyDirectoryAndThenItsOwnOutput() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Map<String, String> inputs = tree(in);
    String[] args = Stream.concat(Stream.of("--overwrite"), Stream.concat(Stream.of(BY_REGION),
        Stream.of(SALES.toString(), out.toString()))).toArray(String[]::new);
    LocalJobs.Result first = LocalJobs.stats(args);
    assertEquals(0, first.exitCode(), first.err());
    List<String> expected = Files.readAllLines(DATASETS.resolve("sales/sales.stats.expected"));
    assertEquals(expected, LocalJobs.partLines(out, "part-r-"));
    LocalJobs.Result again = LocalJobs.stats(args);
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(expected, LocalJobs.partLines(out, "part-r-"));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("in", "out"), s.map(p -> p.getFileName().toString()).sorted().toList(),
          "no staging or old output left beside it");
    }
    assertEquals(inputs, tree(in));
    assertFalse(Files.exists(out.resolve("precious.txt")));
  }

  // ---------------------------------------------------------------- pipeline and ingestion

  private Path manifest(String... sources) throws IOException {
    return Files.writeString(tmp.resolve("manifest.txt"), String.join("\n", sources) + "\n");
  }

  /** Runs pipeline, expects a refusal with the code, and the whole temporary tree unchanged. */
  private String refusedPipeline(ExitCode code, String... args) throws Exception {
    Map<String, String> before = tree(tmp);
    LocalJobs.Result r = LocalJobs.run(new PipelineTool(), LocalJobs.localConf(), args);
    assertEquals(code.code(), r.exitCode(), args(args) + ": " + r.err());
    assertEquals(before, tree(tmp), "nothing changed: " + args(args));
    return errorLine(r, "pipeline");
  }

  @Test
  void pipelineRefusesAnOutputOverlappingTheStagingDirectoryOrASource() throws Exception {
    Path m = manifest("file://" + in + "/sales.csv");
    Path stage = tmp.resolve("stage");
    String line = refusedPipeline(ExitCode.USAGE, "--manifest", m.toString(), "--staging", stage.toString(),
        stage.resolve("out").toString());
    assertTrue(line.contains("output " + real(tmp) + "/stage/out lies inside staging directory " + real(tmp)
        + "/stage"), line);
    line = refusedPipeline(ExitCode.USAGE, "--manifest", m.toString(), "--staging", stage.toString(), "--overwrite",
        in.toString());
    assertTrue(line.contains("output " + real(in) + " contains source " + real(in) + "/sales.csv"), line);
  }

  @Test
  void pipelineRefusesAStagingDirectoryOverlappingASource() throws Exception {
    Path m = manifest("file://" + in + "/*.csv");
    String line = refusedPipeline(ExitCode.USAGE, "--manifest", m.toString(), "--staging", in.toString(),
        tmp.resolve("out").toString());
    assertTrue(line.contains("source " + real(in) + "/more.csv lies inside the staging directory " + real(in)), line);
    line = refusedPipeline(ExitCode.USAGE, "--manifest", m.toString(), "--staging", tmp.toString(),
        tmp.resolveSibling(tmp.getFileName() + "-never-written").toString());
    assertTrue(line.contains("lies inside the staging directory " + real(tmp)), line);
  }

  @Test
  void pipelineOverwriteOntoAForeignDirectoryIsRefusedBeforeAnythingIsFetched() throws Exception {
    Path reports = Files.createDirectories(tmp.resolve("reports"));
    Files.writeString(reports.resolve("precious.txt"), "keep");
    String line = refusedPipeline(ExitCode.OUTPUT_EXISTS, "--manifest", manifest("file://" + SALES).toString(),
        "--staging", tmp.resolve("stage").toString(), "--overwrite", reports.toString());
    assertTrue(line.contains("output file:" + reports + " exists and was not written by Squares (it holds 1 entry,"
        + " precious.txt)"), line);
    assertFalse(Files.exists(tmp.resolve("stage")), "nothing staged");
  }

  @Test
  void ingestionNeverReplacesAFileItDidNotStage() throws Exception {
    Path stage = Files.createDirectories(tmp.resolve("stage"));
    Files.writeString(stage.resolve("sales.csv"), "someone else's sales.csv\n");
    String[] args = {"--manifest", manifest("file://" + SALES).toString(), "--staging", stage.toString(),
        tmp.resolve("out").toString()};
    String line = refusedPipeline(ExitCode.OUTPUT_EXISTS, args);
    assertTrue(line.contains("the staging directory file:" + stage + " holds sales.csv, which Squares' ingestion"
        + " did not stage"), line);

    Files.delete(stage.resolve("sales.csv"));
    Files.writeString(stage.resolve("_MANIFEST.json"), "{\"mine\": true}");
    line = refusedPipeline(ExitCode.OUTPUT_EXISTS, args);
    assertTrue(line.contains("holds _MANIFEST.json but no _ingest/"), line);

    // What ingestion staged itself it may stage again (here: a rerun after the manifest was removed).
    Files.delete(stage.resolve("_MANIFEST.json"));
    LocalJobs.Result ok = LocalJobs.run(new PipelineTool(), LocalJobs.localConf(), args);
    assertEquals(0, ok.exitCode(), ok.err());
    Files.writeString(stage.resolve("sales.csv"), "changed by hand, same name\n");
    args[args.length - 1] = tmp.resolve("out2").toString();
    LocalJobs.Result again = LocalJobs.run(new PipelineTool(), LocalJobs.localConf(), args);
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(sha256(Files.readAllBytes(SALES)), sha256(Files.readAllBytes(stage.resolve("sales.csv"))),
        "its own staged file re-fetched");
  }
}
