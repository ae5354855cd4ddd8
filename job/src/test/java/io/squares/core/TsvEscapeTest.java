package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** TSV escaping (PostgreSQL text COPY / Hive style): expected bytes written out by hand. */
class TsvEscapeTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String escaped(String s) throws Exception {
    byte[] b = bytes("##" + s + "##");
    int start = 2;
    int end = b.length - 2;
    byte[] dst = new byte[TsvEscape.escapedLength(b, start, end) + 1];
    int n = TsvEscape.escape(b, start, end, dst, 1);
    assertEquals(dst.length, n);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TsvEscape.write(b, start, end, out);
    assertArrayEquals(java.util.Arrays.copyOfRange(dst, 1, n), out.toByteArray(), "write and escape agree");
    return new String(dst, 1, n - 1, StandardCharsets.UTF_8);
  }

  @Test
  void escapesBackslashTabLineFeedAndCarriageReturnOnly() throws Exception {
    assertEquals("a\\tb", escaped("a\tb"));
    assertEquals("\\\\N", escaped("\\N"));
    assertEquals("x\\ny\\r\\nz\\\\", escaped("x\ny\r\nz\\"));
    assertEquals("\\t\\t", escaped("\t\t"));
    assertEquals("caf\u00e9 \u0001\u007f \ud83d\ude00", escaped("caf\u00e9 \u0001\u007f \ud83d\ude00"), "nothing else");
    assertEquals("", escaped(""));
  }

  @Test
  void needsEscapeScansForTheFourBytes() {
    byte[] plain = bytes("North, East \u00e9 \"q\" \u0001");
    assertFalse(TsvEscape.needsEscape(plain, 0, plain.length));
    for (String s : new String[] {"\\", "\t", "\n", "\r"}) {
      byte[] b = bytes("ab" + s);
      assertTrue(TsvEscape.needsEscape(b, 0, b.length), s);
      assertFalse(TsvEscape.needsEscape(b, 0, 2), "outside the range");
    }
  }

  @Test
  void fieldsEscapeOtherControlCharactersAsHex() {
    assertEquals("a\\tb\\\\c\\nd\\re\\x00f\\x1fg\\x7fh \u00e9\ud83d\ude00\"",
        TsvEscape.escapeField("a\tb\\c\nd\re\u0000f\u001fg\u007fh \u00e9\ud83d\ude00\""));
    assertEquals("plain", TsvEscape.escapeField("plain"));
  }

  @Test
  void fieldsRoundTrip() {
    for (String s : new String[] {"", "plain", "\\", "\\x41", "\\\\t", "\t\n\r\u0000\u0001\u001b\u007f",
        "\ufffd\ud83d\ude00 \"q\"", "ends with \\"}) {
      assertEquals(s, TsvEscape.unescapeField(TsvEscape.escapeField(s)), s);
    }
    assertEquals("A", TsvEscape.unescapeField("\\x41"));
    assertThrows(IllegalArgumentException.class, () -> TsvEscape.unescapeField("a\\"));
    assertThrows(IllegalArgumentException.class, () -> TsvEscape.unescapeField("\\q"));
    assertThrows(IllegalArgumentException.class, () -> TsvEscape.unescapeField("\\x4"));
  }
}
