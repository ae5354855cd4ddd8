package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BadRecordReasonTest {

  @Test
  void constantsAreExactlyTheCounterNames() {
    assertArrayEquals(new String[] {"EMPTY_VALUE", "NOT_A_NUMBER", "NOT_FINITE", "OUT_OF_RANGE",
      "MISSING_COLUMN", "UNKNOWN_COLUMN", "INVALID_ENCODING", "CONTROL_CHARACTER",
      "UNTERMINATED_QUOTE",
      "MALFORMED_QUOTE", "LINE_TOO_LONG"},
        Arrays.stream(BadRecordReason.values()).map(Enum::name).toArray(String[]::new));
  }

  @Test
  void everyReasonHasADistinctDescription() {
    Set<String> seen = new HashSet<>();
    for (BadRecordReason reason : BadRecordReason.values()) {
      String d = reason.description();
      assertFalse(d.isBlank(), reason.name());
      assertEquals(d.strip(), d);
      assertFalse(!seen.add(d), "duplicate description " + d);
    }
    assertEquals("value is not a number", BadRecordReason.NOT_A_NUMBER.description());
  }
}
