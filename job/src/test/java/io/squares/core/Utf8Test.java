package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

  private static byte[] hex(String hex) {
    String h = hex.replace(" ", "");
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  private static boolean valid(byte[] b) {
    return Utf8.isValid(b, 0, b.length);
  }

  /** The JDK's strict decoder, as an independent oracle. */
  private static boolean jdkAccepts(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "41", "C3 A9", "E2 82 AC", "F0 9D 84 9E", "EF BF BF", "F4 8F BF BF",
    "C2 80", "DF BF", "E0 A0 80", "ED 9F BF", "EE 80 80", "F0 90 80 80", "41 C3 A9 E2 82 AC 42"})
  void wellFormedSequencesAreValid(String hex) {
    assertTrue(valid(hex(hex)), hex);
    assertTrue(jdkAccepts(hex(hex)), "oracle agrees: " + hex);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "C0 80", "C1 BF", "E0 80 80", "E0 9F BF", "F0 80 80 80", "F0 8F BF BF", // overlong
    "ED A0 80", "ED BF BF", "ED B0 80", // surrogates
    "F4 90 80 80", "F5 80 80 80", "F7 BF BF BF", "FF", "FE", "F8 88 80 80 80", // too large
    "80", "BF", "41 80 41", // stray continuation
    "C3", "E2 82", "F0 9F 98", "41 C3", // truncated
    "C3 28", "E2 28 A1", "E2 82 28", "F0 9F 28 80", "F0 9F 98 28"})
  void malformedSequencesAreInvalid(String hex) {
    assertFalse(valid(hex(hex)), hex);
    assertFalse(jdkAccepts(hex(hex)), "oracle agrees: " + hex);
  }

  @Test
  void onlyTheGivenRangeIsChecked() {
    byte[] b = hex("FF 41 C3 A9 FF");
    assertTrue(Utf8.isValid(b, 1, 4));
    assertFalse(Utf8.isValid(b, 1, 3), "range cuts a sequence in two");
    assertFalse(Utf8.isValid(b, 0, 4));
  }

  @Test
  void randomBytesAgreeWithTheJdkDecoder() {
    SplittableRandom random = new SplittableRandom(8);
    int[] interesting = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
      0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    int invalid = 0;
    for (int k = 0; k < 50_000; k++) {
      byte[] b = new byte[random.nextInt(0, 7)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
            : random.nextInt(256));
      }
      boolean expected = jdkAccepts(b);
      invalid += expected ? 0 : 1;
      assertEquals(expected, valid(b), () -> java.util.HexFormat.ofDelimiter(" ").formatHex(b));
    }
    assertTrue(invalid > 1000 && invalid < 49_000, "both outcomes are exercised");
  }

  @Test
  void randomCodePointsEncodeToValidUtf8() {
    SplittableRandom random = new SplittableRandom(9);
    for (int k = 0; k < 5_000; k++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(1, 6); n > 0; n--) {
        int cp;
        do {
          cp = random.nextInt(0, Character.MAX_CODE_POINT + 1);
        } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
        sb.appendCodePoint(cp);
      }
      assertTrue(valid(sb.toString().getBytes(StandardCharsets.UTF_8)), sb::toString);
    }
  }

  @Test
  void byteOrderMarkIsSkippedOnlyWhenPresentAndWhole() {
    assertEquals(3, Utf8.skipBom(hex("EF BB BF 41"), 0, 4));
    assertEquals(3, Utf8.skipBom(hex("EF BB BF"), 0, 3));
    assertEquals(0, Utf8.skipBom(hex("41 EF BB BF"), 0, 4));
    assertEquals(0, Utf8.skipBom(hex("EF BB"), 0, 2));
    assertEquals(0, Utf8.skipBom(hex("EF BB BF"), 0, 2), "end cuts the mark");
    assertEquals(4, Utf8.skipBom(hex("41 EF BB BF 42"), 1, 5));
    assertEquals(0, Utf8.skipBom(hex("EF BB BE"), 0, 3));
    assertEquals(0, Utf8.skipBom(new byte[0], 0, 0));
  }

  @Test
  void findsBinaryControlsExactlyAmongEveryOneAndTwoByteCharacter() {
    // The oracle is Java's Unicode category: CONTROL, except the whitespace TAB, LF, VT, FF, CR.
    for (int cp = 0; cp < 0x800; cp++) {
      boolean expected = Character.getType(cp) == Character.CONTROL && "\t\n\u000b\f\r".indexOf(cp) < 0;
      for (String text : new String[] {Character.toString(cp), "x" + Character.toString(cp) + "y", "\u00e9" + Character.toString(cp)}) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, Utf8.hasBinaryControl(b, 0, b.length), "U+" + Integer.toHexString(cp) + " in " + text);
      }
    }
    byte[] split = {'a', (byte) 0xC2, (byte) 0x85, 0x01};
    assertFalse(Utf8.hasBinaryControl(split, 0, 2), "only the range counts");
    assertTrue(Utf8.hasBinaryControl(split, 1, 3));
    assertTrue(Utf8.hasBinaryControl(split, 3, 4));
    byte[] mixed = "Zürich 東京 \uD83D\uDE00 \u00a0\u2028".getBytes(StandardCharsets.UTF_8);
    assertFalse(Utf8.hasBinaryControl(mixed, 0, mixed.length), "other characters are text");
  }
}
