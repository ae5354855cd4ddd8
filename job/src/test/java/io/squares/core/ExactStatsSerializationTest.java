package io.squares.core;

import static io.squares.core.StatsSerialization.bytes;
import static io.squares.core.StatsSerialization.read;
import static io.squares.core.StatsTestData.fields;
import static io.squares.core.StatsTestData.statsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExactStatsSerializationTest {

  private static List<BigDecimal> decimals(String... texts) {
    return Arrays.stream(texts).map(BigDecimal::new).collect(Collectors.toList());
  }

  /** Writes, reads into a reused instance that held other state, and compares. */
  private static void assertRoundTrips(ExactStats original, ExactStats reused) throws IOException {
    byte[] written = bytes(original);
    read(written, reused);
    assertEquals(fields(original), fields(reused));
    assertEquals(original, reused);
    assertArrayEquals(written, bytes(reused));
  }

  @Test
  void longFormAndPromotedStatesRoundTripIntoReusedInstances() throws IOException {
    List<ExactStats> states = List.of(
        new ExactStats(),
        statsOf(decimals("5")),
        statsOf(decimals("1", "2", "3.25", "-4")),
        statsOf(decimals("9223372036854775807", "9223372036854775807")), // 128-bit sum
        statsOf(Collections.nCopies(9, new BigDecimal("-9223372036854775808"))), // big sumsq
        statsOf(decimals("123456789012345678901234567890.5", "-1e-30")),
        statsOf(decimals("1e999", "1e-1000")));
    ExactStats reused = statsOf(decimals("-123456789012345678901234567890", "0.001", "7"));
    for (ExactStats state : states) {
      assertRoundTrips(state, reused);
    }
    // Backwards through the list, so each state also overwrites a different one.
    for (int k = states.size() - 1; k >= 0; k--) {
      assertRoundTrips(states.get(k), reused);
    }
  }

  @Test
  void randomStatesRoundTrip() throws IOException {
    SplittableRandom random = new SplittableRandom(31);
    ExactStats reused = new ExactStats();
    for (int run = 0; run < 300; run++) {
      assertRoundTrips(statsOf(StatsTestData.randomValues(random, random.nextInt(0, 20))), reused);
    }
  }

  @Test
  void smallStatesAreCompact() {
    assertEquals(1, bytes(new ExactStats()).length);
    // One value: count, scale, then the sum alone (a tag byte and a one-byte varint).
    assertEquals(4, bytes(statsOf(decimals("5"))).length);
    // count, scale, then four fields of a tag byte and a one-byte varint each.
    assertEquals(10, bytes(statsOf(decimals("5", "-3"))).length);
    assertEquals(11, bytes(statsOf(decimals("0.5", "2.5"))).length);
  }

  @Test
  void singleValuesRoundTripAtAnyMagnitude() throws IOException {
    for (String v : new String[] {"0", "-1", "9223372036854775807", "-9223372036854775808", "1e-30",
        "123456789012345678901234567890.5", "-98765432109876543210987654321098765432109876543210"}) {
      ExactStats one = statsOf(decimals(v));
      ExactStats back = new ExactStats();
      read(bytes(one), back);
      assertEquals(one, back, v);
      assertEquals(0, new BigDecimal(v).pow(2).compareTo(back.sumOfSquares()), v);
    }
  }

  @Test
  void truncatedOrCorruptInputIsRejected() {
    byte[] whole = bytes(statsOf(decimals("123456789012345678901234567890.5", "2")));
    for (int length = 1; length < whole.length; length++) {
      byte[] truncated = Arrays.copyOf(whole, length);
      assertThrows(IOException.class, () -> read(truncated, new ExactStats()),
          "truncated to " + length);
    }
    byte[] badTag = bytes(statsOf(decimals("5")));
    badTag[2] = 9; // the sum's tag
    assertThrows(IOException.class, () -> read(badTag, new ExactStats()));
    byte[] endlessVarint = new byte[12];
    Arrays.fill(endlessVarint, (byte) 0xFF);
    assertThrows(IOException.class, () -> read(endlessVarint, new ExactStats()));
  }
}
