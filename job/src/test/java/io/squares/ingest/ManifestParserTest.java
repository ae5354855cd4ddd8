package io.squares.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest format, without Hadoop: fields, comments, and errors that name file, line and reason. */
class ManifestParserTest {
  private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private static List<SourceSpec> parse(String text) throws Exception {
    return ManifestParser.parse("list.txt", new BufferedReader(new StringReader(text)));
  }

  private static String error(String text) {
    SquaresException e = assertThrows(SquaresException.class, () -> parse(text));
    assertEquals(ExitCode.USAGE, e.exitCode());
    return e.getMessage();
  }

  @Test
  void readsSourcesWithOptionalFieldsAndSkipsCommentsAndBlankLines() throws Exception {
    List<SourceSpec> s = parse("\uFEFF# splits of March\n"
        + "http://127.0.0.1:8080/data/part-0.csv\n"
        + "\n"
        + "   \t\n"
        + "  http://127.0.0.1:8080/x?sig=1  name=part-1.csv\tsha256=" + SHA.toUpperCase() + "   # the second\n"
        + "file:///data/in/*.csv\n");
    assertEquals(3, s.size());
    assertEquals(new SourceSpec("http://127.0.0.1:8080/data/part-0.csv", null, null, "list.txt line 2"), s.get(0));
    assertEquals(new SourceSpec("http://127.0.0.1:8080/x?sig=1", "part-1.csv", SHA, "list.txt line 5"), s.get(1));
    assertEquals("file:///data/in/*.csv", s.get(2).uri());
    assertEquals("list.txt line 6", s.get(2).origin());
  }

  @Test
  void blankAndCommentLinesGiveNoSource() throws Exception {
    assertNull(ManifestParser.parseLine("x", "   "));
    assertNull(ManifestParser.parseLine("x", "  # http://127.0.0.1/a"));
  }

  @Test
  void unknownFieldNamesTheLine() {
    String m = error("http://127.0.0.1/a.csv\nhttp://127.0.0.1/b.csv md5=abc\n");
    assertTrue(m.startsWith("list.txt line 2: unknown field 'md5=abc'"), m);
  }

  @Test
  void textAfterTheSourceThatIsNoFieldIsRefused() {
    String m = error("http://127.0.0.1/my file.csv\n");
    assertTrue(m.startsWith("list.txt line 1: unexpected 'file.csv'"), m);
    assertTrue(m.contains("%20"), m);
  }

  @Test
  void badChecksumsAreRefused() {
    assertTrue(error("http://127.0.0.1/a sha256=abc").contains("line 1: sha256=abc is not 64 hexadecimal digits"));
    assertTrue(error("http://127.0.0.1/a sha256=" + SHA.replace('9', 'g')).contains("not 64 hexadecimal"));
    assertTrue(error("http://127.0.0.1/a sha256=" + SHA + " sha256=" + SHA).contains("sha256= given twice"));
  }

  @Test
  void emptyValuesAndRepeatedNamesAreRefused() {
    assertTrue(error("http://127.0.0.1/a name=").contains("line 1: name= has no value"));
    assertTrue(error("http://127.0.0.1/a name=x name=y").contains("line 1: name= given twice"));
  }

  @Test
  void namesThatEscapeTheStagingDirectoryAreRefused() {
    assertTrue(error("#\nhttp://127.0.0.1/a name=../a.csv").contains("line 2: the staged name '../a.csv' would escape"));
    assertTrue(error("http://127.0.0.1/a name=/etc/passwd").contains("is absolute"));
    assertTrue(error("http://127.0.0.1/a name=sub/a.csv").contains("contains a path separator"));
    assertTrue(error("http://127.0.0.1/a name=..").contains("would escape"));
  }

  @Test
  void hiddenNamesAreRefusedBecauseHadoopWouldSkipThem() {
    assertTrue(error("http://127.0.0.1/a name=_SUCCESS").contains("Hadoop skips such files"));
    assertTrue(error("http://127.0.0.1/a name=.hidden").contains("starts with '.'"));
  }

  @Test
  void malformedUrisAreRefused() {
    assertTrue(error("http://127.0.0.1/a\nhttp://[bad/x\n").startsWith("list.txt line 2: 'http://[bad/x' is not a valid URI"));
    assertTrue(error("http:///no-host.csv").contains("line 1: 'http:///no-host.csv' has no host"));
    assertTrue(error("mailto:someone@example.org").contains("not a hierarchical URI"));
  }

  @Test
  void aManifestWithoutSourcesIsRefused() {
    assertEquals("list.txt: the manifest lists no sources", error("# nothing yet\n\n"));
  }

  @Test
  void inputQuotedInErrorsIsEscapedAndBounded() {
    String control = error("file:///data/a\u0001b.csv\n");
    assertTrue(control.startsWith("list.txt line 1: the source 'file:///data/a\\x01b.csv' contains a control character"),
        control);
    String longField = error("http://h/a.csv " + "z".repeat(5000) + "\n");
    assertTrue(longField.contains("unexpected '" + "z".repeat(120) + " ... (5000 bytes)' after the source"), longField);
    assertTrue(longField.length() < 400, longField);
    String name = error("http://h/a.csv name=x\u001by.csv\n");
    assertTrue(name.contains("'x\\x1by.csv' contains a control character"), name);
  }
}
