package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DelimitedLineParserTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Splits a line and returns its fields as strings, asserting success. */
  private static List<String> split(DelimitedLineParser parser, String line) {
    byte[] bytes = utf8(line);
    assertNull(parser.split(bytes, 0, bytes.length), () -> "rejected: " + line);
    return fields(parser);
  }

  private static List<String> fields(DelimitedLineParser parser) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < parser.fieldCount(); i++) {
      fields.add(parser.fieldAsString(i));
    }
    return fields;
  }

  private static BadRecordReason reason(DelimitedLineParser parser, String line) {
    byte[] bytes = utf8(line);
    return parser.split(bytes, 0, bytes.length);
  }

  private final DelimitedLineParser comma = new DelimitedLineParser((byte) ',');

  @Test
  void plainFieldsAreSplitAndTrimmed() {
    assertEquals(List.of("a", "b", "c"), split(comma, "a,b,c"));
    assertEquals(List.of("a", "b c", "d"), split(comma, " a , b c\t,\td "));
    assertEquals(List.of("1.5", "x"), split(comma, "1.5 ,x"));
  }

  @Test
  void emptyLineIsOneEmptyField() {
    assertEquals(List.of(""), split(comma, ""));
    assertEquals(List.of(""), split(comma, "  \t "));
  }

  @Test
  void emptyFieldsAreKept() {
    assertEquals(List.of("", "", ""), split(comma, ",,"));
    assertEquals(List.of("a", ""), split(comma, "a,"));
    assertEquals(List.of("", "a"), split(comma, ",a"));
    assertEquals(List.of("a", "", "b"), split(comma, "a, ,b"));
  }

  @Test
  void quotedFieldsKeepDelimitersAndContentVerbatim() {
    assertEquals(List.of("a,b", "c"), split(comma, "\"a,b\",c"));
    assertEquals(List.of("  padded  ", "x"), split(comma, "\"  padded  \",x"));
    assertEquals(List.of("x", "y"), split(comma, "  \"x\"\t , \"y\"  "));
    assertEquals(List.of("", ""), split(comma, "\"\",\"\""));
    assertEquals(List.of("line\ttab"), split(comma, "\"line\ttab\""));
  }

  @Test
  void doubledQuotesInQuotedFieldsBecomeOneQuote() {
    assertEquals(List.of("he said \"hi\"", "x"), split(comma, "\"he said \"\"hi\"\"\",x"));
    assertEquals(List.of("\""), split(comma, "\"\"\"\""));
    assertEquals(List.of("a\"", "\"b", "c"), split(comma, "\"a\"\"\",\"\"\"b\",c"));
    // Unescaped content lives in the scratch buffer, not in the input.
    byte[] line = utf8("\"a\"\"b\",\"plain\"");
    assertNull(comma.split(line, 0, line.length));
    assertNotSame(line, comma.fieldBuffer(0));
    assertSame(line, comma.fieldBuffer(1));
    assertEquals(8, comma.fieldStart(1));
    assertEquals(13, comma.fieldEnd(1));
  }

  @Test
  void quoteInsideUnquotedFieldIsMalformed() {
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "a\"b,5"));
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "5,5\" screen"));
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "x \"y\""));
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "a,b\""));
    // The second line of "x<LF>y",5 read on its own: a bad record, never a group y".
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "y\",5"));
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, reason(comma, "\"x"));
    // Only a field's first non-blank byte opens a quote; blanks before it are skipped.
    assertEquals(List.of("y", "5"), split(comma, " \t\"y\",5"));
    DelimitedLineParser tab = new DelimitedLineParser((byte) '\t');
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(tab, "a\t \tb\"\t1"));
    assertEquals(List.of("a", "b", "1"), split(tab, "a\t \"b\"\t1"));
    // The non-ASCII flag still covers the whole line.
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "a\"b,é"));
    assertTrue(comma.lineHasNonAscii());
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "é\"b,1"));
    assertTrue(comma.lineHasNonAscii());
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "a\"b,1"));
    assertFalse(comma.lineHasNonAscii());
  }

  @Test
  void lineBreaksInsideQuotedFieldsAreContent() {
    // A --multiline record: CR and LF bytes inside quotes belong to the field, verbatim.
    assertEquals(List.of("x\ny", "5"), split(comma, "\"x\ny\",5"));
    assertEquals(List.of("a\r\nb", "c\rd", "1"), split(comma, "\"a\r\nb\",\"c\rd\",1"));
    assertEquals(List.of("\n\"\n", "2"), split(comma, "\"\n\"\"\n\" ,2"));
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, reason(comma, "\"x\ny,5\n"));
  }

  @Test
  void textAfterClosingQuoteIsMalformed() {
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "\"a\"b,c"));
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "x,\"a\" b"));
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "\"a\"\"b\"c"));
  }

  @Test
  void missingClosingQuoteIsUnterminated() {
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, reason(comma, "\"abc"));
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, reason(comma, "a,\"b,c"));
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, reason(comma, "\"a\"\""));
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, reason(comma, "\""));
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, reason(comma, "  \"  "));
  }

  @Test
  void tabDelimiterIsNotTrimmedButSpacesAre() {
    DelimitedLineParser tab = new DelimitedLineParser((byte) '\t');
    assertEquals(List.of("a", "", "b"), split(tab, "a\t\tb"));
    assertEquals(List.of("a", "b"), split(tab, " a \t b "));
    assertEquals(List.of("", "a", ""), split(tab, "\ta\t"));
    assertEquals(List.of("x,y", "q"), split(tab, "x,y\t \"q\" "));
  }

  @Test
  void spaceDelimiterIsNotTrimmedButTabsAre() {
    DelimitedLineParser space = new DelimitedLineParser((byte) ' ');
    assertEquals(List.of("a", "", "b"), split(space, "a  b"));
    assertEquals(List.of("a", "b"), split(space, "\ta\t b\t"));
    assertEquals(List.of("a b", "c"), split(space, "\"a b\" c"));
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(space, "\"a\"\tb"));
  }

  @Test
  void nonAsciiFlagCoversTheWholeLineAndResetsPerLine() {
    assertEquals(List.of("é", "1"), split(comma, "é,1"));
    assertTrue(comma.lineHasNonAscii());
    split(comma, "a,1");
    assertFalse(comma.lineHasNonAscii());
    split(comma, "\"ü,x\",1");
    assertTrue(comma.lineHasNonAscii());
    split(comma, "\"a\"\"b\",2");
    assertFalse(comma.lineHasNonAscii());
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, reason(comma, "a,\"b,ß"));
    assertTrue(comma.lineHasNonAscii());
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "\"a\"b,€"));
    assertTrue(comma.lineHasNonAscii());
    assertEquals(BadRecordReason.MALFORMED_QUOTE, reason(comma, "\"a\"b,c"));
    assertFalse(comma.lineHasNonAscii());
  }

  @Test
  void parserIsReusableAcrossLinesOfDifferentShapes() {
    DelimitedLineParser parser = new DelimitedLineParser((byte) '|');
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(i % 3 == 0 ? "\"f" + i + "\"\"|\"" : "f" + i);
    }
    List<String> expectedMany = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expectedMany.add(i % 3 == 0 ? "f" + i + "\"|" : "f" + i);
    }
    assertEquals(expectedMany, split(parser, String.join("|", many)));
    assertEquals(List.of("x", "y"), split(parser, "x|y"));
    String longEscaped = "\"" + "ab\"\"".repeat(200) + "\"";
    assertEquals(List.of("ab\"".repeat(200), "z"), split(parser, longEscaped + "|z"));
    assertEquals(List.of("q"), split(parser, "q"));
    assertEquals(1, parser.fieldCount());
    assertThrows(IndexOutOfBoundsException.class, () -> parser.fieldStart(1));
    assertThrows(IndexOutOfBoundsException.class, () -> parser.fieldBuffer(-1));
  }

  @Test
  void splitsOnlyTheGivenRangeOfTheBuffer() {
    byte[] buf = utf8("XX\"a,b\",c,dYY");
    assertNull(comma.split(buf, 2, 11));
    assertEquals(List.of("a,b", "c", "d"), fields(comma));
    assertEquals(3, comma.fieldStart(0));
    assertEquals(10, comma.fieldStart(2));
    assertEquals(11, comma.fieldEnd(2));
  }

  @Test
  void delimiterValidation() {
    for (byte b : new byte[] {',', '\t', ' ', '|', ';', 0x01, 0x00, 0x7F}) {
      assertTrue(DelimitedLineParser.isValidDelimiter(b), "valid " + b);
    }
    for (byte b : new byte[] {'"', '\r', '\n', (byte) 0x80, (byte) 0xFF, (byte) 0xC3}) {
      assertFalse(DelimitedLineParser.isValidDelimiter(b), "invalid " + b);
      assertThrows(IllegalArgumentException.class, () -> new DelimitedLineParser(b));
    }
  }

  @Test
  void randomRfc4180EncodedFieldsRoundTrip() {
    SplittableRandom random = new SplittableRandom(4180);
    char[] alphabet = {'a', 'b', '1', '.', ',', '"', ' ', '\t', ';', 'é', '|'};
    for (char delimiter : new char[] {',', '\t', ' ', ';'}) {
      DelimitedLineParser parser = new DelimitedLineParser((byte) delimiter);
      for (int line = 0; line < 2_000; line++) {
        int count = random.nextInt(1, 8);
        List<String> expected = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < count; f++) {
          StringBuilder field = new StringBuilder();
          for (int len = random.nextInt(0, 8); len > 0; len--) {
            field.append(alphabet[random.nextInt(alphabet.length)]);
          }
          String value = field.toString();
          if (f > 0) {
            sb.append(delimiter);
          }
          boolean needsQuotes = value.indexOf(delimiter) >= 0 || value.indexOf('"') >= 0
              || !value.equals(trimBlanks(value, delimiter));
          if (needsQuotes || random.nextInt(4) == 0) {
            sb.append('"').append(value.replace("\"", "\"\"")).append('"');
            expected.add(value);
          } else {
            sb.append(value);
            expected.add(value);
          }
        }
        String text = sb.toString();
        assertEquals(expected, split(parser, text), () -> "line: " + text);
        assertEquals(text.chars().anyMatch(c -> c >= 0x80), parser.lineHasNonAscii());
      }
    }
  }

  /** Trims spaces and tabs except the delimiter, as the parser does for unquoted fields. */
  private static String trimBlanks(String s, char delimiter) {
    int b = 0;
    int e = s.length();
    while (b < e && isBlank(s.charAt(b), delimiter)) {
      b++;
    }
    while (e > b && isBlank(s.charAt(e - 1), delimiter)) {
      e--;
    }
    return s.substring(b, e);
  }

  private static boolean isBlank(char c, char delimiter) {
    return (c == ' ' || c == '\t') && c != delimiter;
  }
}
