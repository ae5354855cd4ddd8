package io.squares.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Staged names: derivation, refusals and collisions, without Hadoop. */
class SplitNamesTest {
  private static Split split(String uri, String name, String origin) {
    return new Split(new SourceSpec(uri, null, null, origin), URI.create(uri), name, -1);
  }

  @Test
  void theNameIsTheLastPathSegmentDecodedWithoutTheQuery() {
    assertEquals("part-0.csv", SplitNames.derive(URI.create("http://h/a/b/part-0.csv?sig=x#frag")));
    assertEquals("March data.csv", SplitNames.derive(URI.create("http://h/March%20data.csv")));
    assertEquals("x.csv", SplitNames.derive(URI.create("file:///data/x.csv")));
    assertNull(SplitNames.derive(URI.create("http://h/dir/")));
    assertNull(SplitNames.derive(URI.create("http://h")));
  }

  @Test
  void plainNamesAreAccepted() {
    assertNull(SplitNames.problem("part-0001.csv"));
    assertNull(SplitNames.problem("données été.csv"));
    assertNull(SplitNames.problem("a..b"));
  }

  @Test
  void refusesNamesThatAreUnsafeOrHidden() {
    assertTrue(SplitNames.problem("").contains("empty"));
    assertTrue(SplitNames.problem("..").contains("escape"));
    assertTrue(SplitNames.problem("a/../../etc").contains("escape"));
    assertTrue(SplitNames.problem("/etc/passwd").contains("absolute"));
    assertTrue(SplitNames.problem("\\\\server\\share").contains("absolute"));
    assertTrue(SplitNames.problem("a\\b").contains("path separator"));
    assertTrue(SplitNames.problem("_temporary").contains("hidden"));
    assertTrue(SplitNames.problem(".x.csv").contains("hidden"));
    assertTrue(SplitNames.problem("a\nb").contains("control character"));
    assertTrue(SplitNames.problem("c:x").contains("':'"));
    assertTrue(SplitNames.problem("x".repeat(SplitNames.MAX_NAME_BYTES + 1)).contains("longer than"));
  }

  @Test
  void twoSourcesWithTheSameNameAreRefusedNamingBoth() {
    SquaresException e = assertThrows(SquaresException.class, () -> SplitNames.checkUnique(List.of(
        split("http://a/x/part.csv", "part.csv", "list.txt line 1"),
        split("http://a/y/other.csv", "other.csv", "list.txt line 2"),
        split("http://b/z/part.csv", "part.csv", "list.txt line 7"))));
    String m = e.getMessage();
    assertTrue(m.contains("same name 'part.csv'"), m);
    assertTrue(m.contains("http://a/x/part.csv (list.txt line 1)"), m);
    assertTrue(m.contains("http://b/z/part.csv (list.txt line 7)"), m);
  }

  @Test
  void namesDifferingOnlyInCaseCollideToo() {
    SquaresException e = assertThrows(SquaresException.class, () -> SplitNames.checkUnique(List.of(
        split("http://a/A.csv", "A.csv", "argument 1"), split("http://a/a.csv", "a.csv", "argument 2"))));
    assertTrue(e.getMessage().contains("only in case"), e.getMessage());
  }
}
