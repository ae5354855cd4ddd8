package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresConfig;
import io.squares.SquaresException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputExpanderTest {
  @TempDir Path tmp;
  private Path table;

  /** A partitioned table: top-level files, dt= directories, a nested one, hidden files and directories. */
  @BeforeEach
  void tree() throws Exception {
    table = tmp.resolve("table");
    for (String f : new String[] {"z.csv", "a.csv", "dt=2/p0.csv", "dt=1/p1.csv", "dt=1/p0.csv", "dt=1/hour=3/p.csv",
      "_tmp/x.csv", ".hidden/y.csv", "dt=1/_SUCCESS", "dt=1/.p0.csv.crc"}) {
      Path p = table.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, "k,1\n");
    }
  }

  private static List<String> names(List<org.apache.hadoop.fs.Path> paths, Path root) {
    String prefix = root.toUri().toString().replace("file:///", "file:/");
    List<String> out = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : paths) {
      String s = p.toString();
      out.add(s.startsWith(prefix) ? s.substring(prefix.length()) : s);
    }
    return out;
  }

  @Test
  void aSubdirectoryIsNotReadSilently() throws Exception {
    List<org.apache.hadoop.fs.Path> unread = new ArrayList<>();
    List<org.apache.hadoop.fs.Path> files = InputExpander.expand(new Configuration(), List.of(table.toString()),
        new ArrayList<>(), unread);
    assertEquals(List.of("a.csv", "z.csv"), names(files, table));
    assertEquals(List.of("dt=1", "dt=2"), names(unread, table), "hidden directories are skipped, not unread");
    SquaresException e = assertThrows(SquaresException.class, () -> InputExpander.refuseUnread(unread));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertTrue(e.getMessage().startsWith("an input directory holds 2 subdirectories, whose files would not be read: ")
        && e.getMessage().contains(table + "/dt=1") && e.getMessage().contains("pass --recursive"), e.getMessage());
    // the plain entry point refuses too
    assertThrows(SquaresException.class, () -> InputExpander.expand(new Configuration(), List.of(table.toString())));
  }

  @Test
  void recursiveReadsEveryVisibleFileDepthFirstInNameOrder() throws Exception {
    Configuration conf = new Configuration();
    conf.setBoolean(SquaresConfig.INPUT_RECURSIVE, true);
    List<org.apache.hadoop.fs.Path> matched = new ArrayList<>();
    List<org.apache.hadoop.fs.Path> unread = new ArrayList<>();
    List<org.apache.hadoop.fs.Path> files = InputExpander.expand(conf, List.of(table.toString()), matched, unread);
    assertEquals(List.of("a.csv", "dt=1/hour=3/p.csv", "dt=1/p0.csv", "dt=1/p1.csv", "dt=2/p0.csv", "z.csv"),
        names(files, table));
    assertEquals(List.of(), unread);
    assertTrue(names(matched, table).containsAll(List.of("dt=1", "dt=1/hour=3", "dt=2")), matched.toString());
  }

  @Test
  void aGlobOfDirectoriesReadsTheirFilesAndStillRefusesDeeperOnes() throws Exception {
    List<org.apache.hadoop.fs.Path> unread = new ArrayList<>();
    List<org.apache.hadoop.fs.Path> files = InputExpander.expand(new Configuration(), List.of(table + "/dt=*"),
        new ArrayList<>(), unread);
    assertEquals(List.of("dt=1/p0.csv", "dt=1/p1.csv", "dt=2/p0.csv"), names(files, table));
    assertEquals(List.of("dt=1/hour=3"), names(unread, table));
    SquaresException e = assertThrows(SquaresException.class, () -> InputExpander.refuseUnread(unread));
    assertTrue(e.getMessage().startsWith("an input directory holds a subdirectory, whose files"), e.getMessage());
  }

  @Test
  void onlySubdirectoriesIsThatRefusalNotAnEmptyInput() throws Exception {
    Path only = tmp.resolve("only");
    for (int i = 0; i < 5; i++) {
      Files.createDirectories(only.resolve("dt=" + i));
    }
    SquaresException e = assertThrows(SquaresException.class,
        () -> InputExpander.expand(new Configuration(), List.of(only.toString()), new ArrayList<>(), new ArrayList<>()));
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("5 subdirectories") && e.getMessage().endsWith("or name the files or a glob")
        && e.getMessage().contains(" and 2 more"), e.getMessage());
    Configuration conf = new Configuration();
    conf.setBoolean(SquaresConfig.INPUT_RECURSIVE, true);
    SquaresException empty = assertThrows(SquaresException.class,
        () -> InputExpander.expand(conf, List.of(only.toString())));
    assertEquals(ExitCode.INPUT_NOT_FOUND, empty.exitCode(), "recursive over empty directories: no input");
  }

  @Test
  void aNameWithAColonIsAClearRefusalNotAnInternalError() throws Exception {
    // Hadoop's Path reads "t10:00.csv" as scheme "t10" (HADOOP-3257): no job can read the file
    Path dir = tmp.resolve("exports");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("export-2026-12-01T10:00.csv"), "k,1\n");
    for (String arg : new String[] {dir.toString(), dir + "/*.csv", dir + "/export-2026-12-01T10:00.csv"}) {
      SquaresException e = assertThrows(SquaresException.class,
          () -> InputExpander.expand(new Configuration(), List.of(arg)), arg);
      assertEquals(ExitCode.USAGE, e.exitCode());
      assertTrue(e.getMessage().contains("export-2026-12-01T10:00.csv") && e.getMessage().contains("HADOOP-3257")
          && e.getMessage().contains("rename it"), e.getMessage());
    }
  }
}
