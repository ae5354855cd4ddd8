package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bounded echoes: expected texts written out by hand. */
class EchoTest {
  @Test
  void shortPrintableTextIsUnchanged() {
    assertEquals("North, East", Echo.quote("North, East"));
    assertEquals("caf\u00e9 \ud83d\ude00 a\\b \"q\"", Echo.quote("caf\u00e9 \ud83d\ude00 a\\b \"q\""));
    assertEquals("", Echo.quote(""));
  }

  @Test
  void controlCharactersAreEscaped() {
    assertEquals("a\\tb\\nc\\rd\\x00e\\x1bf\\x7fg", Echo.quote("a\tb\nc\rd\u0000e\u001bf\u007fg"));
    assertEquals("\\u0085 \\u2028", Echo.quote("\u0085 \u2028"));
    byte[] b = {'k', 9, 'v', 1};
    assertEquals("k\\tv\\x01", Echo.quote(b, 0, b.length));
  }

  @Test
  void longTextIsCutTo120CharactersWithItsFullLength() {
    String s = "x".repeat(500);
    assertEquals("x".repeat(120) + " ... (500 bytes)", Echo.quote(s));
    assertEquals("x".repeat(120), Echo.quote("x".repeat(120)), "exactly 120: not cut");
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    assertEquals("x".repeat(120) + " ... (300 bytes)", Echo.quote(b, 100, 400));
    // Escapes count: 60 tabs fill the 120 characters.
    assertEquals("\\t".repeat(60) + " ... (61 bytes)", Echo.quote("\t".repeat(61)));
    // A character is never split: 59 tabs (118 characters) and an emoji (2) fit, the next one does not.
    assertEquals("\\t".repeat(59) + "\ud83d\ude00 ... (64 bytes)", Echo.quote("\t".repeat(59) + "\ud83d\ude00" + "z"));
    // The UTF-8 length, not the char count: 200 e-acutes are 400 bytes.
    assertEquals("\u00e9".repeat(120) + " ... (400 bytes)", Echo.quote("\u00e9".repeat(200)));
  }

  @Test
  void aPrefixOfAKnownLengthIsMarkedCut() {
    assertEquals("abc ... (5000 bytes)", Echo.quote("abc", 5000));
    assertEquals("abc", Echo.quote("abc", 3));
  }

  @Test
  void binaryInputIsBoundedAndDecodedLeniently() {
    byte[] b = new byte[100_000];
    new Random(9).nextBytes(b);
    String q = Echo.quote(b, 0, b.length);
    assertTrue(q.endsWith(" ... (100000 bytes)"), q);
    assertTrue(q.length() <= 120 + " ... (100000 bytes)".length(), q);
    for (char c : q.toCharArray()) {
      assertTrue(c >= 0x20 && c != 0x7F, "no raw control character in " + q);
    }
    byte[] invalid = {'a', (byte) 0xff, 'b', (byte) 0xe2, (byte) 0x82};
    assertEquals("a\ufffdb\ufffd", Echo.quote(invalid, 0, invalid.length));
  }

  @Test
  void firstControlFindsC0AndDelOnly() {
    assertEquals(-1, Echo.firstControl("/data/in/caf\u00e9 \ud83d\ude00.csv"));
    assertEquals(3, Echo.firstControl("abc\u0001"));
    assertEquals(0, Echo.firstControl("\u007f"));
    assertEquals(1, Echo.firstControl("a\nb\t"));
  }
}
