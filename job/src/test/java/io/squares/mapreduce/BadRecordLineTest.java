package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.core.BadRecordReason;
import org.junit.jupiter.api.Test;

class BadRecordLineTest {
  @Test
  void sampleLinesRoundTripWithEscapedRecords() {
    String line = BadRecordLine.format("hdfs:///in/a.csv", 12, 340, BadRecordReason.NOT_A_NUMBER, "a\tb\\c");
    assertEquals("hdfs:///in/a.csv\t12\t340\tNOT_A_NUMBER\ta\\tb\\\\c\n", line);
    BadRecordLine parsed = BadRecordLine.parse(line.substring(0, line.length() - 1));
    assertEquals(new BadRecordLine("hdfs:///in/a.csv", 12, 340, "NOT_A_NUMBER", "a\\tb\\\\c"), parsed);
    assertEquals(line, parsed.toLine());
    assertTrue(parsed.describe().startsWith("hdfs:///in/a.csv, line 12 (byte offset 340): NOT_A_NUMBER ("),
        parsed.describe());
  }

  @Test
  void unknownLineIsWrittenAsDashAndDescribedByOffset() {
    String line = BadRecordLine.format("f", 0, 99, BadRecordReason.EMPTY_VALUE, "");
    BadRecordLine parsed = BadRecordLine.parse(line.substring(0, line.length() - 1));
    assertEquals(0, parsed.line());
    assertTrue(line.contains("\t-\t99\t"), line);
    assertTrue(parsed.describe().startsWith("f, byte offset 99: EMPTY_VALUE"), parsed.describe());
    assertNull(BadRecordLine.parse("not a sample"));
  }
}
