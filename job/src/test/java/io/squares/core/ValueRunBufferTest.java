package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ValueRunBuffer}'s memory: what it holds and what it allocates stay within its budget,
 * also when a caller sharing the budget with a table lowers it, and arrays grown under a larger
 * budget are given back when it is emptied.
 */
class ValueRunBufferTest {
  private static ParsedDecimal decimal(String s) {
    ParsedDecimal d = new ParsedDecimal();
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    assertEquals(null, DecimalParser.parse(b, 0, b.length, d), s);
    return d;
  }

  /** Adds values until one is refused; returns how many were taken. */
  private static int fill(ValueRunBuffer buffer, ParsedDecimal v) {
    int n = 0;
    while (buffer.add(0, v)) {
      n++;
      if (n > 10_000_000) {
        throw new AssertionError("never full");
      }
    }
    return n;
  }

  @Test
  void heldAndAllocatedBytesStayWithinTheBudget() {
    long budget = 1 << 20;
    ValueRunBuffer buffer = new ValueRunBuffer(budget);
    int taken = fill(buffer, decimal("12.5"));
    assertEquals(budget / 22, taken, "22 bytes a value in the long form");
    assertTrue(buffer.bytes() <= budget);
    assertTrue(buffer.allocatedBytes() <= budget, buffer.allocatedBytes() + " allocated");
  }

  @Test
  void aLowerBudgetRefusesTheNextValueAndClearGivesTheArraysBack() {
    ValueRunBuffer buffer = new ValueRunBuffer(1 << 20);
    int taken = fill(buffer, decimal("7"));
    long grown = buffer.allocatedBytes();
    assertTrue(grown > 1 << 19, grown + " allocated for " + taken + " values");
    buffer.budget(1 << 16); // the table sharing the budget grew
    assertFalse(buffer.add(0, decimal("8")), "past the lower budget");
    buffer.clear();
    assertTrue(buffer.allocatedBytes() <= 1 << 16, buffer.allocatedBytes() + " allocated after clear");
    assertEquals((1 << 16) / 22, fill(buffer, decimal("9")));
    assertTrue(buffer.allocatedBytes() <= 1 << 16);
    buffer.clear();
    buffer.budget(-5); // the table took everything: an empty buffer still takes one value
    assertTrue(buffer.add(0, decimal("1")));
    assertFalse(buffer.add(0, decimal("2")));
    buffer.prepare(1);
    assertTrue(buffer.writeRun(0) > 0);
  }

  @Test
  void valuesBeyondALongCountTooAndStillComeOutSorted() throws Exception {
    ValueRunBuffer buffer = new ValueRunBuffer(4096);
    String big = "123456789012345678901234567890.";
    List<BigDecimal> added = new ArrayList<>();
    for (int i = 0; buffer.add(0, decimal(big + (997 * i % 1000 + 1))); i++) {
      added.add(new BigDecimal(big + (997 * i % 1000 + 1)));
    }
    assertTrue(added.size() > 10 && buffer.bytes() <= 4096, added.size() + " values, " + buffer.bytes() + " bytes");
    buffer.prepare(1);
    int len = buffer.writeRun(0);
    List<BigDecimal> out = new ArrayList<>();
    Path dir = Files.createTempDirectory("vrb-test");
    try (RunStore store = new RunStore(1 << 20, dir)) {
      store.add(buffer.run(), 0, len);
      store.merge(e -> {
        for (long c = 0; c < e.count(); c++) {
          out.add(e.value());
        }
        return true;
      });
    } finally {
      Files.deleteIfExists(dir);
    }
    Collections.sort(added);
    assertEquals(added.size(), out.size());
    for (int i = 0; i < out.size(); i++) {
      assertEquals(0, added.get(i).compareTo(out.get(i)), added.get(i) + " vs " + out.get(i));
    }
  }
}
