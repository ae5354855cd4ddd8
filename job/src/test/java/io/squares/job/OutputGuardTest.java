package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputGuardTest {
  @TempDir java.nio.file.Path tmp;
  private final Configuration conf = LocalJobs.localConf();

  private Path hadoop(java.nio.file.Path p) {
    return new Path("file://" + p);
  }

  private SquaresException refused(java.nio.file.Path out, boolean overwrite) throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    return assertThrows(SquaresException.class, () -> OutputGuard.checkReplaceable(fs, hadoop(out), overwrite));
  }

  private void allowed(java.nio.file.Path out, boolean overwrite) throws Exception {
    OutputGuard.checkReplaceable(FileSystem.getLocal(conf), hadoop(out), overwrite);
  }

  @Test
  void aMissingOutputIsAlwaysFine() throws Exception {
    allowed(tmp.resolve("new"), false);
    allowed(tmp.resolve("new"), true);
  }

  @Test
  void withoutOverwriteAnythingThereIsRefused() throws Exception {
    SquaresException e = refused(Files.createDirectories(tmp.resolve("empty")), false);
    assertEquals(ExitCode.OUTPUT_EXISTS, e.exitCode());
    assertTrue(e.getMessage().contains("use --overwrite"), e.getMessage());
  }

  @Test
  void overwriteReplacesAnEmptyDirectoryOrASquaresOutput() throws Exception {
    allowed(Files.createDirectories(tmp.resolve("empty")), true);
    for (String summary : List.of("{\"command\": \"stats\"}", "{\n  \"command\":\"square\", \"x\": 1}")) {
      java.nio.file.Path out = Files.createDirectories(tmp.resolve("out-" + summary.hashCode()));
      Files.writeString(out.resolve("_SUMMARY.json"), summary);
      Files.writeString(out.resolve("part-r-00000"), "x\t1\n");
      allowed(out, true);
    }
  }

  @Test
  void overwriteRefusesAFile() throws Exception {
    java.nio.file.Path f = Files.writeString(tmp.resolve("f.csv"), "1\n");
    SquaresException e = refused(f, true);
    assertEquals(ExitCode.OUTPUT_EXISTS, e.exitCode());
    assertTrue(e.getMessage().contains("is a file"), e.getMessage());
  }

  @Test
  void overwriteRefusesADirectorySquaresDidNotWriteSayingWhatIsThere() throws Exception {
    java.nio.file.Path dir = Files.createDirectories(tmp.resolve("reports"));
    Files.writeString(dir.resolve("precious.txt"), "keep me");
    Files.writeString(dir.resolve("q1.xlsx"), "x");
    Files.createDirectories(dir.resolve("old"));
    SquaresException e = refused(dir, true);
    assertEquals(ExitCode.OUTPUT_EXISTS, e.exitCode());
    assertEquals("output file:" + dir + " exists and was not written by Squares (it holds 3 entries, e.g. old);"
        + " --overwrite only replaces an empty directory or a Squares output", e.getMessage());
  }

  @Test
  void aSummaryOfAnotherToolIsNotEnough() throws Exception {
    java.nio.file.Path dir = Files.createDirectories(tmp.resolve("spark"));
    Files.writeString(dir.resolve("_SUMMARY.json"), "{\"command\": \"spark-submit\"}");
    SquaresException e = refused(dir, true);
    assertTrue(e.getMessage().contains("(it holds 1 entry, _SUMMARY.json; its _SUMMARY.json names no Squares"
        + " command)"), e.getMessage());
  }

  @Test
  void refusesOverlapEitherWayNamingBothPaths() throws Exception {
    java.nio.file.Path in = Files.createDirectories(tmp.resolve("in"));
    String real = in.toRealPath().toString();
    SquaresException inside = assertThrows(SquaresException.class, () -> OutputGuard.refuseOverlap(conf, "output",
        hadoop(in.resolve("sub")), "input", List.of(hadoop(in))));
    assertEquals(ExitCode.USAGE, inside.exitCode());
    assertTrue(inside.getMessage().startsWith("output file:" + real + "/sub lies inside input file:" + real + ":"),
        inside.getMessage());
    SquaresException contains = assertThrows(SquaresException.class, () -> OutputGuard.refuseOverlap(conf,
        "output", hadoop(tmp), "input", List.of(hadoop(in.resolve("a.csv")))));
    assertTrue(contains.getMessage().contains(" contains input file:" + real + "/a.csv"), contains.getMessage());
    OutputGuard.refuseOverlap(conf, "output", hadoop(tmp.resolve("input2")), "input", List.of(hadoop(in)));
  }
}
