package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.core.BadRecordReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BadRecordLineTest {
  private static BadRecordLine of(String file, long line, long offset, BadRecordReason reason, String record) {
    byte[] b = record.getBytes(StandardCharsets.UTF_8);
    return BadRecordLine.of(file, line, offset, reason, b, 0, b.length, b.length);
  }

  @Test
  void sampleLinesAreEscapedAndRoundTrip() {
    BadRecordLine b = of("hdfs:///in/a.csv", 12, 340, BadRecordReason.NOT_A_NUMBER, "a\tb\\c\u0001\u007f");
    String line = b.toLine();
    assertEquals("hdfs:///in/a.csv\t12\t340\tNOT_A_NUMBER\t7\ta\\tb\\\\c\\x01\\x7f\n", line);
    BadRecordLine parsed = BadRecordLine.parse(line.substring(0, line.length() - 1));
    assertEquals(new BadRecordLine("hdfs:///in/a.csv", 12, 340, "NOT_A_NUMBER", 7, "a\tb\\c\u0001\u007f"), parsed);
    assertEquals(line, parsed.toLine());
    assertTrue(parsed.describe().startsWith("hdfs:///in/a.csv, line 12 (byte offset 340): NOT_A_NUMBER ("),
        parsed.describe());
    assertTrue(parsed.describe().endsWith(": 'a\\tb\\c\\x01\\x7f'"), parsed.describe());
  }

  @Test
  void unknownLineIsADash() {
    BadRecordLine b = of("f", 0, 99, BadRecordReason.EMPTY_VALUE, "");
    assertEquals("f\t-\t99\tEMPTY_VALUE\t0\t\n", b.toLine());
    BadRecordLine parsed = BadRecordLine.parse("f\t-\t99\tEMPTY_VALUE\t0\t");
    assertEquals(0, parsed.line());
    assertEquals("", parsed.record());
    assertTrue(parsed.describe().startsWith("f, byte offset 99: EMPTY_VALUE"), parsed.describe());
    assertNull(BadRecordLine.parse("not a sample"));
    assertNull(BadRecordLine.parse("f\t1\t2\tR\tnot-a-length\tx"));
    assertNull(BadRecordLine.parse("f\t1\t2\tR\t1\tbad escape \\q"));
  }

  @Test
  void aLongRecordKeepsItsFirst1024BytesAndItsFullLength() {
    // 2000 bytes: 1023 'x' then e-acutes (2 bytes each), so byte 1024 cuts an e-acute in half.
    byte[] b = ("x".repeat(1023) + "\u00e9".repeat(100) + "y".repeat(777)).getBytes(StandardCharsets.UTF_8);
    assertEquals(2000, b.length);
    BadRecordLine s = BadRecordLine.of("f", 3, 7, BadRecordReason.NOT_A_NUMBER, b, 0, b.length, b.length);
    assertEquals(2000, s.recordBytes());
    assertEquals("x".repeat(1023) + "\ufffd", s.record(), "cut at byte 1024, the half character is U+FFFD");
    assertTrue(s.toLine().startsWith("f\t3\t7\tNOT_A_NUMBER\t2000\t" + "x".repeat(1023) + "\ufffd\n"), s.toLine());
    assertEquals("f, line 3 (byte offset 7): NOT_A_NUMBER (" + BadRecordReason.NOT_A_NUMBER.description() + "): '"
        + "x".repeat(120) + " ... (2000 bytes)'", s.describe());
  }

  @Test
  void aTooLongRecordHeldOnlyAsAPrefixKeepsItsTrueLength() {
    byte[] prefix = new byte[1024];
    Arrays.fill(prefix, (byte) 'z');
    BadRecordLine s = BadRecordLine.of("f", 1, 0, BadRecordReason.NOT_A_NUMBER, prefix, 0, prefix.length, 600_000_000L);
    assertEquals(600_000_000L, s.recordBytes());
    assertEquals(1024, s.record().length());
    assertTrue(s.describe().endsWith("z".repeat(120) + " ... (600000000 bytes)'"), s.describe());
    BadRecordLine parsed = BadRecordLine.parse(s.toLine().strip());
    assertEquals(s, parsed);
  }
}
