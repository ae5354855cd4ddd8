package io.squares.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.squares.fs.PathOverlap.Relation;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathOverlapTest {
  @TempDir java.nio.file.Path tmp;

  private static Relation rel(String a, String b) {
    return PathOverlap.relation(new Path(a), new Path(b));
  }

  @Test
  void comparesComponentByComponent() {
    assertEquals(Relation.SAME, rel("file:/in", "file:/in"));
    assertEquals(Relation.SAME, rel("file:/in/", "file:/in"));
    assertEquals(Relation.INSIDE, rel("file:/in/sub", "file:/in"));
    assertEquals(Relation.CONTAINS, rel("file:/in", "file:/in/sub/a.csv"));
    assertEquals(Relation.NONE, rel("file:/input", "file:/in"));
    assertEquals(Relation.NONE, rel("file:/in", "file:/input/a.csv"));
    assertEquals(Relation.CONTAINS, rel("file:/", "file:/in"));
    assertEquals(Relation.INSIDE, rel("file:/in", "file:/"));
  }

  @Test
  void differentFilesystemsNeverOverlap() {
    assertEquals(Relation.NONE, rel("hdfs://nn:8020/in", "file:/in"));
    assertEquals(Relation.NONE, rel("hdfs://nn:8020/in", "hdfs://other:8020/in"));
    assertEquals(Relation.INSIDE, rel("hdfs://NN:8020/in/x", "hdfs://nn:8020/in"));
  }

  @Test
  void resolvesLocalSymbolicLinksOnTheLongestExistingAncestor() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    java.nio.file.Path in = Files.createDirectories(tmp.resolve("in"));
    java.nio.file.Path link = Files.createSymbolicLink(tmp.resolve("link"), in);
    Path real = new Path("file", null, in.toRealPath().toString());
    assertEquals(real, PathOverlap.resolve(fs, new Path(link.toString())));
    // A path that does not exist yet, below a link: the link is resolved, the rest appended.
    Path below = PathOverlap.resolve(fs, new Path("file://" + link + "/not/yet"));
    assertEquals(new Path(real, "not/yet"), below);
    assertEquals(Relation.INSIDE, PathOverlap.relation(below, real));
    // ".." is taken away by Hadoop's Path before anything else.
    assertEquals(real, PathOverlap.resolve(fs, new Path(tmp + "/in/sub/..")));
  }
}
