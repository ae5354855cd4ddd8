package io.squares.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresException;
import io.squares.core.BadRecordReason;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordExtractorTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key(RecordExtractor e) {
    return new String(e.keyBuffer(), e.keyStart(), e.keyEnd() - e.keyStart(), StandardCharsets.UTF_8);
  }

  @Test
  void extractsKeyAndLastFieldByDefault() throws SquaresException {
    RecordExtractor e = new RecordExtractor((byte) ',', ColumnSpec.parse("--key-column", "2", false), null);
    byte[] line = b("x, \"North, East\" ,1,2.50");
    assertNull(e.extract(line, 0, line.length));
    assertEquals("North, East", key(e));
    assertEquals(0, new BigDecimal("2.5").compareTo(e.value().toBigDecimal()));
  }

  @Test
  void resolvesHeaderNamesAndReportsMissingOnes() throws SquaresException {
    RecordExtractor e = new RecordExtractor((byte) ';', ColumnSpec.parse("--key-column", "region", true),
        ColumnSpec.parse("--value-column", "amount", true));
    assertTrue(e.needsHeader());
    byte[] header = b("\uFEFFamount;region");
    assertNull(e.resolve(header, 0, header.length));
    byte[] line = b("-7;west");
    assertNull(e.extract(line, 0, line.length));
    assertEquals("west", key(e));
    byte[] other = b("region;total");
    assertEquals("amount", e.resolve(other, 0, other.length));
    assertEquals(BadRecordReason.UNKNOWN_COLUMN, e.extract(line, 0, line.length));
  }

  @Test
  void reportsMissingColumnsAndBadEncoding() throws SquaresException {
    RecordExtractor e = new RecordExtractor((byte) ',', ColumnSpec.parse("--key-column", "3", false), null);
    byte[] shortLine = b("a,1");
    assertEquals(BadRecordReason.MISSING_COLUMN, e.extract(shortLine, 0, shortLine.length));
    byte[] badUtf8 = {'a', ',', 'b', ',', (byte) 0xff, ',', '1'};
    assertEquals(BadRecordReason.INVALID_ENCODING, e.extract(badUtf8, 0, badUtf8.length));
    byte[] goodUtf8 = b("a,b,Zürich,1");
    assertNull(e.extract(goodUtf8, 0, goodUtf8.length));
    assertEquals("Zürich", key(e));
  }

  @Test
  void invalidEncodingIsReportedBeforeAQuoteError() throws SquaresException {
    RecordExtractor e = new RecordExtractor((byte) ',', ColumnSpec.parse("--key-column", "1", false), null);
    byte[] unterminated = {'"', (byte) 0xff, ',', '1'}; // no closing quote, and 0xff is never UTF-8
    assertEquals(BadRecordReason.INVALID_ENCODING, e.extract(unterminated, 0, unterminated.length));
    byte[] malformed = {'"', 'a', '"', (byte) 0xc3, ',', '1'}; // junk after the quote, truncated UTF-8
    assertEquals(BadRecordReason.INVALID_ENCODING, e.extract(malformed, 0, malformed.length));
    byte[] quoteOnly = b("\"a\"b,1"); // valid UTF-8: the quote error stands
    assertEquals(BadRecordReason.MALFORMED_QUOTE, e.extract(quoteOnly, 0, quoteOnly.length));
  }

  @Test
  void aKeyHoldingAControlCharacterIsBinaryNotAMadeUpGroup() throws SquaresException {
    RecordExtractor e = new RecordExtractor((byte) ',', ColumnSpec.parse("--key-column", "1", false), null);
    for (String line : new String[] {"a\u0000b,1", "\u001b,3", "\"q\u0001\",5", "\u0085x,4", "\"x\u007f\"\"\",2"}) {
      byte[] b = b(line);
      assertEquals(BadRecordReason.CONTROL_CHARACTER, e.extract(b, 0, b.length), line);
    }
    // TAB, VT, FF are text; other columns may hold anything (a log message's ANSI colours)
    for (String line : new String[] {"v\u000bw,6", "f\u000c,7", "\u00a0,8", "\"a\tb\",1", "k,\u001b[31m,2"}) {
      byte[] b = b(line);
      RecordExtractor any = new RecordExtractor((byte) ',', ColumnSpec.parse("--key-column", "1", false),
          ColumnSpec.parse("--value-column", line.startsWith("k,") ? "3" : "2", false));
      assertNull(any.extract(b, 0, b.length), line);
    }
    // judged after the line's encoding, quoting and columns, before the value
    byte[] notUtf8 = {0x01, (byte) 0xff, ',', '1'};
    assertEquals(BadRecordReason.INVALID_ENCODING, e.extract(notUtf8, 0, notUtf8.length));
    byte[] open = b("\"q\u0001,5");
    assertEquals(BadRecordReason.UNTERMINATED_QUOTE, e.extract(open, 0, open.length));
    byte[] badValue = b("\u0001,x");
    assertEquals(BadRecordReason.CONTROL_CHARACTER, e.extract(badValue, 0, badValue.length));
    RecordExtractor second = new RecordExtractor((byte) ',', ColumnSpec.parse("--key-column", "3", false), null);
    byte[] shortLine = b("\u0001,1");
    assertEquals(BadRecordReason.MISSING_COLUMN, second.extract(shortLine, 0, shortLine.length));
    RecordExtractor tab = new RecordExtractor((byte) '\t', ColumnSpec.parse("--key-column", "1", false), null);
    byte[] tsv = b("a\u0001\t1");
    assertEquals(BadRecordReason.CONTROL_CHARACTER, tab.extract(tsv, 0, tsv.length));
    // no key column: nothing to judge (the value must be a number anyway)
    RecordExtractor noKey = new RecordExtractor((byte) ',', null, null);
    byte[] junk = b("\u0001\u0002,4");
    assertNull(noKey.extract(junk, 0, junk.length));
  }

  @Test
  void aNameTheHeaderGivesToSeveralColumnsIsNotGuessed() throws SquaresException {
    RecordExtractor e = new RecordExtractor((byte) ',', ColumnSpec.parse("--key-column", "region", true),
        ColumnSpec.parse("--value-column", "amount", true));
    byte[] header = b("region,amount,store,amount,amount");
    assertEquals("amount", e.resolve(header, 0, header.length));
    assertEquals("'amount' names columns 2, 4, 5", e.ambiguity());
    byte[] line = b("North,1,s1,2,3");
    assertEquals(BadRecordReason.UNKNOWN_COLUMN, e.extract(line, 0, line.length));
    byte[] unique = b("region,amount,store");
    assertNull(e.resolve(unique, 0, unique.length));
    assertNull(e.ambiguity(), "reset for each header");
    assertNull(e.extract(line, 0, line.length));
    assertEquals("North", key(e));
  }

  @Test
  void blankMeansOnlySpacesTabsOrCarriageReturn() {
    assertTrue(RecordExtractor.isBlank(b(" \t\r"), 0, 3));
    assertTrue(RecordExtractor.isBlank(b(""), 0, 0));
    assertFalse(RecordExtractor.isBlank(b(" 1 "), 0, 3));
  }

  @Test
  void columnSpecsAreValidated() throws SquaresException {
    assertEquals(4, ColumnSpec.parse("--value-column", "5", false).index());
    assertEquals("amount", ColumnSpec.parse("--value-column", " amount ", true).name());
    assertEquals(ExitCode.USAGE, assertThrows(SquaresException.class,
        () -> ColumnSpec.parse("--value-column", "0", false)).exitCode());
    assertThrows(SquaresException.class, () -> ColumnSpec.parse("--value-column", "-1", true));
    assertThrows(SquaresException.class, () -> ColumnSpec.parse("--value-column", "amount", false));
    assertThrows(SquaresException.class, () -> ColumnSpec.parse("--value-column", "", true));
    assertThrows(SquaresException.class, () -> ColumnSpec.parse("--value-column", "99999999999", false));
  }

  @Test
  void delimitersAcceptOneAsciiCharacterOrANamedOne() throws SquaresException {
    assertEquals((byte) '\t', Delimiters.parse("tab"));
    assertEquals((byte) '\t', Delimiters.parse("\\t"));
    assertEquals((byte) ' ', Delimiters.parse("space"));
    assertEquals((byte) '|', Delimiters.parse("|"));
    for (String bad : new String[] {"", "ab", "\"", "\n", "\r", "é"}) {
      assertEquals(ExitCode.USAGE, assertThrows(SquaresException.class, () -> Delimiters.parse(bad)).exitCode(), bad);
    }
  }
}
