package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class RecordBoundaryScannerTest {

  /** One record as the scanner delimits it. */
  record Rec(int start, int end, int lines, boolean unterminated) {}

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Scans the whole input in chunks of the given sizes (cycled), collecting records. */
  private static List<Rec> scan(byte delimiter, byte[] in, int... chunks) {
    RecordBoundaryScanner scanner = new RecordBoundaryScanner(delimiter);
    List<Rec> records = new ArrayList<>();
    int recordStart = 0;
    int pos = 0;
    int c = 0;
    while (pos < in.length) {
      int to = Math.min(in.length, pos + chunks[c++ % chunks.length]);
      // Feed a copy of the chunk alone, so that nothing outside it can be looked at.
      byte[] chunk = java.util.Arrays.copyOfRange(in, pos, to);
      int from = 0;
      while (true) {
        int next = scanner.scan(chunk, from, chunk.length);
        if (next < 0) {
          break;
        }
        records.add(new Rec(recordStart, recordStart + (int) scanner.recordLength(),
            scanner.recordLines(), scanner.recordUnterminated()));
        recordStart = pos + next;
        from = next;
      }
      pos = to;
    }
    if (scanner.finish()) {
      records.add(new Rec(recordStart, recordStart + (int) scanner.recordLength(),
          scanner.recordLines(), scanner.recordUnterminated()));
    }
    return records;
  }

  private static List<Rec> scan(String in) {
    return scan((byte) ',', bytes(in), Integer.MAX_VALUE);
  }

  /** The records' texts. */
  private static List<String> texts(String in) {
    byte[] b = bytes(in);
    List<String> out = new ArrayList<>();
    for (Rec r : scan((byte) ',', b, Integer.MAX_VALUE)) {
      out.add(new String(b, r.start(), r.end() - r.start(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<Integer> lines(String in) {
    return scan(in).stream().map(Rec::lines).toList();
  }

  @Test
  void lineTerminatorsOutsideQuotesEndRecords() {
    assertEquals(List.of("a,1", "b,2", "c,3", "d,4"), texts("a,1\nb,2\r\nc,3\rd,4"));
    assertEquals(List.of("a,1", "b,2"), texts("a,1\nb,2\n"));
    assertEquals(List.of("a,1", "b,2"), texts("a,1\r\nb,2\r\n"));
    assertEquals(List.of("a,1", "b,2"), texts("a,1\rb,2\r"));
    assertEquals(List.of("a", "", "", "b"), texts("a\n\r\n\rb"));
    assertEquals(List.of(""), texts("\n"));
    assertEquals(List.of(), texts(""));
    assertEquals(List.of("  ", "x"), texts("  \nx"));
  }

  @Test
  void lineBreaksInsideQuotesBelongToTheField() {
    assertEquals(List.of("\"x\ny\",5", "z,6"), texts("\"x\ny\",5\nz,6"));
    assertEquals(List.of("\"a\r\nb\",\"c\rd\",1", "e,2"), texts("\"a\r\nb\",\"c\rd\",1\r\ne,2"));
    assertEquals(List.of("k,\"\n\",1"), texts("k,\"\n\",1\n"));
    assertEquals(List.of(2, 1), lines("\"x\ny\",5\nz,6"));
    assertEquals(List.of(3, 1), lines("\"a\r\nb\",\"c\rd\",1\r\ne,2"));
    assertEquals(List.of(4), lines("\"\n\n\r\"\r\n"));
  }

  @Test
  void doubledQuotesStayInsideTheField() {
    assertEquals(List.of("\"he said \"\"hi\n\"\"\",1", "b,2"), texts("\"he said \"\"hi\n\"\"\",1\nb,2"));
    assertEquals(List.of("\"\"\"\",1", "b,2"), texts("\"\"\"\",1\nb,2"));
    assertEquals(List.of("\"\",1", "b,2"), texts("\"\",1\nb,2"));
    assertEquals(List.of("\"a\"\"\nb\",1"), texts("\"a\"\"\nb\",1"));
  }

  @Test
  void onlyAFieldsFirstNonBlankByteOpensAQuote() {
    // A quote inside an unquoted field opens nothing: the parser rejects such a record.
    assertEquals(List.of("y\",5", "z,6"), texts("y\",5\nz,6"));
    assertEquals(List.of("a\"b", "c\",1"), texts("a\"b\nc\",1"));
    assertEquals(List.of("a\"b,\"c\nd\",1"), texts("a\"b,\"c\nd\",1")); // a new field: it opens
    // After a closing quote and other bytes, a quote opens nothing either.
    assertEquals(List.of("\"a\" \"b", "c\",1"), texts("\"a\" \"b\nc\",1"));
    assertEquals(List.of("\"a\"x\"b", "c\",1"), texts("\"a\"x\"b\nc\",1"));
    // Blanks before the quote are skipped, as the parser skips them; then it opens.
    assertEquals(List.of(" \t\"x\ny\",5"), texts(" \t\"x\ny\",5"));
    assertEquals(List.of("1, \"x\ny\"  ,5"), texts("1, \"x\ny\"  ,5"));
    // A tab delimiter is not a blank: the field after it starts right there.
    byte[] tabbed = bytes("a\t\"x\ny\"\t1\nb\t \"p\nq\"\t2");
    List<Rec> recs = scan((byte) '\t', tabbed, Integer.MAX_VALUE);
    assertEquals(2, recs.size());
    assertEquals(new Rec(0, 9, 2, false), recs.get(0));
    assertEquals(new Rec(10, tabbed.length, 2, false), recs.get(1));
    // With a space delimiter, a space is not a blank: the quote after "a " starts a field.
    byte[] spaced = bytes("a \"x\ny\" 1\nb \t\"p\nq\" 2");
    assertEquals(List.of(new Rec(0, 9, 2, false), new Rec(10, spaced.length, 2, false)),
        scan((byte) ' ', spaced, Integer.MAX_VALUE));
  }

  @Test
  void aQuoteStillOpenAtEndOfFileMakesTheRestOneUnterminatedRecord() {
    assertEquals(List.of(new Rec(0, 3, 1, false), new Rec(4, 15, 4, true)),
        scan("a,1\n\"x\ny,5\nz,6\n"));
    assertEquals(List.of(new Rec(0, 1, 1, true)), scan("\""));
    assertEquals(List.of(new Rec(0, 4, 1, true)), scan("\"a\"\""));
  }

  @Test
  void aByteOrderMarkBelongsToTheFirstRecordButDoesNotStartItsField() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] in = concat(bom, bytes("\"x\ny\",5\nz,6"));
    assertEquals(List.of(new Rec(0, 10, 2, false), new Rec(11, 14, 1, false)),
        scan((byte) ',', in, Integer.MAX_VALUE));
    for (int chunk = 1; chunk <= 4; chunk++) { // the mark split across chunks
      assertEquals(scan((byte) ',', in, Integer.MAX_VALUE), scan((byte) ',', in, chunk));
    }
    // Only at the file's start, and only the whole mark: a partial one is an ordinary field.
    byte[] partial = concat(new byte[] {(byte) 0xEF, (byte) 0xBB}, bytes("\"x\ny\",5"));
    assertEquals(List.of(new Rec(0, 4, 1, false), new Rec(5, 9, 1, false)),
        scan((byte) ',', partial, Integer.MAX_VALUE));
    byte[] later = concat(bytes("a\n"), concat(bom, bytes("\"x\ny\"")));
    assertEquals(List.of(new Rec(0, 1, 1, false), new Rec(2, 7, 1, false),
        new Rec(8, 10, 1, false)), scan((byte) ',', later, Integer.MAX_VALUE));
  }

  @Test
  void aCrAtTheEndOfAChunkWaitsForTheNextByte() {
    RecordBoundaryScanner scanner = new RecordBoundaryScanner((byte) ',');
    byte[] a = bytes("a,1\r");
    assertEquals(-1, scanner.scan(a, 0, a.length));
    assertEquals(3, scanner.currentLength());
    byte[] b = bytes("\nb,2");
    assertEquals(1, scanner.scan(b, 0, b.length));
    assertEquals(3, scanner.recordLength());
    assertEquals(-1, scanner.scan(b, 1, b.length));
    assertTrue(scanner.finish());
    assertEquals(3, scanner.recordLength());
    assertFalse(scanner.recordUnterminated());
    assertFalse(scanner.finish());
    // A lone CR: the next record starts at the byte after it.
    assertEquals(-1, scanner.scan(a, 0, a.length));
    assertEquals(0, scanner.scan(bytes("x"), 0, 1));
  }

  @Test
  void currentLengthGrowsWithoutHoldingBytes() {
    RecordBoundaryScanner scanner = new RecordBoundaryScanner((byte) ',');
    byte[] open = bytes("\"");
    assertEquals(-1, scanner.scan(open, 0, 1));
    byte[] piece = bytes("abc\r\ndef,");
    for (int i = 1; i <= 1000; i++) {
      assertEquals(-1, scanner.scan(piece, 0, piece.length));
      assertEquals(1 + 9L * i, scanner.currentLength());
    }
    byte[] end = bytes("\",1\nnext");
    assertEquals(4, scanner.scan(end, 0, end.length));
    assertEquals(9_004, scanner.recordLength());
    assertEquals(1001, scanner.recordLines());
  }

  @Test
  void invalidDelimitersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new RecordBoundaryScanner((byte) '"'));
    assertThrows(IllegalArgumentException.class, () -> new RecordBoundaryScanner((byte) '\n'));
  }

  @Test
  void recordsDoNotDependOnHowTheInputIsChunked() {
    SplittableRandom random = new SplittableRandom(91);
    byte[] alphabet = bytes("ab1,\"\"\" \t\r\n\n;");
    for (int round = 0; round < 300; round++) {
      byte[] in = new byte[random.nextInt(0, 60)];
      for (int i = 0; i < in.length; i++) {
        in[i] = alphabet[random.nextInt(alphabet.length)];
      }
      for (byte delimiter : new byte[] {',', '\t', ' '}) {
        List<Rec> whole = scan(delimiter, in, Integer.MAX_VALUE);
        for (int size = 1; size <= 3; size++) {
          assertEquals(whole, scan(delimiter, in, size));
        }
        assertEquals(whole, scan(delimiter, in, random.nextInt(1, 9), random.nextInt(1, 9),
            random.nextInt(1, 9)));
        // Records tile the input: each starts after the previous one's terminator.
        int expectedStart = 0;
        int lineCount = 0;
        for (Rec r : whole) {
          assertEquals(expectedStart, r.start());
          expectedStart = r.end();
          if (expectedStart < in.length && in[expectedStart] == '\r') {
            expectedStart++;
          }
          if (expectedStart < in.length && in[expectedStart] == '\n'
              && (expectedStart == r.end() || in[expectedStart - 1] == '\r')) {
            expectedStart++;
          }
          lineCount += r.lines();
        }
        assertEquals(in.length, expectedStart);
        if (whole.isEmpty() || !whole.get(whole.size() - 1).unterminated()) {
          assertEquals(physicalLines(in), lineCount);
        }
      }
    }
  }

  /** Lines as an editor counts them: terminators, plus one for a last line without one. */
  private static int physicalLines(byte[] in) {
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '\r' || (in[i] == '\n' && (i == 0 || in[i - 1] != '\r'))) {
        n++;
      }
    }
    boolean open = in.length > 0 && in[in.length - 1] != '\n' && in[in.length - 1] != '\r';
    return n + (open ? 1 : 0);
  }

  /**
   * The independent oracle: commons-csv's RFC 4180 parser. Generated files hold quoted fields with
   * line breaks (LF, CR LF, CR), doubled quotes and delimiters, records ended by LF, CR LF or CR,
   * and empty lines. The scanner's records, split by {@link DelimitedLineParser}, must give
   * commons-csv's records, fields, start positions and start lines.
   */
  @Test
  void recordsMatchCommonsCsv() throws IOException {
    SplittableRandom random = new SplittableRandom(4180);
    String[] breaks = {"\n", "\r\n", "\r"};
    for (char delimiter : new char[] {',', ';', '\t', '|'}) {
      CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
      DelimitedLineParser parser = new DelimitedLineParser((byte) delimiter);
      for (int file = 0; file < 200; file++) {
        StringBuilder sb = new StringBuilder();
        for (int r = random.nextInt(0, 12); r > 0; r--) {
          if (random.nextInt(8) == 0) {
            sb.append(breaks[random.nextInt(3)]); // an empty line
            continue;
          }
          for (int f = random.nextInt(1, 5); f > 0; f--) {
            sb.append(field(random, delimiter, breaks));
            if (f > 1) {
              sb.append(delimiter);
            }
          }
          if (r > 1 || random.nextBoolean()) {
            sb.append(breaks[random.nextInt(3)]);
          }
        }
        String text = sb.toString();
        byte[] in = bytes(text);
        List<Rec> recs = scan((byte) delimiter, in, random.nextInt(1, 16));
        List<CSVRecord> expected = new ArrayList<>();
        List<Long> expectedLines = new ArrayList<>();
        try (CSVParser csv = CSVParser.parse(new StringReader(text), format)) {
          Iterator<CSVRecord> it = csv.iterator();
          long line = 1;
          while (true) {
            CSVRecord rec;
            try {
              rec = it.next();
            } catch (NoSuchElementException e) {
              break;
            }
            expected.add(rec);
            expectedLines.add(line);
            line = csv.getCurrentLineNumber() + 1;
          }
        }
        assertEquals(expected.size(), recs.size(), () -> "records of " + show(text));
        long line = 1;
        for (int i = 0; i < recs.size(); i++) {
          Rec rec = recs.get(i);
          assertFalse(rec.unterminated());
          assertEquals(expected.get(i).getCharacterPosition(), rec.start(), "start of record " + i);
          assertEquals(expectedLines.get(i), line, "line of record " + i);
          line += rec.lines();
          assertNull(parser.split(in, rec.start(), rec.end()), () -> show(text));
          List<String> fields = new ArrayList<>();
          for (int f = 0; f < parser.fieldCount(); f++) {
            fields.add(parser.fieldAsString(f));
          }
          assertEquals(expected.get(i).toList(), fields, () -> show(text));
        }
      }
    }
  }

  /** A field as an RFC 4180 writer would write it: no surrounding blanks unless quoted. */
  private static String field(SplittableRandom random, char delimiter, String[] breaks) {
    StringBuilder v = new StringBuilder();
    boolean quoted = random.nextInt(2) == 0;
    String plain = "ab1.-";
    for (int n = random.nextInt(0, 6); n > 0; n--) {
      if (quoted) {
        switch (random.nextInt(8)) {
          case 0 -> v.append(breaks[random.nextInt(3)]);
          case 1 -> v.append("\"\"");
          case 2 -> v.append(delimiter);
          case 3 -> v.append(' ');
          default -> v.append(plain.charAt(random.nextInt(plain.length())));
        }
      } else {
        v.append(plain.charAt(random.nextInt(plain.length())));
      }
    }
    return quoted ? "\"" + v + "\"" : v.toString();
  }

  private static String show(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
