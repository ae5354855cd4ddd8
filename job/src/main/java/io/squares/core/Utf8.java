package io.squares.core;

import java.util.Objects;

/** Strict UTF-8 validation and byte-order-mark handling, without decoding. */
public final class Utf8 {
  private Utf8() {
  }

  /**
   * Whether well-formed UTF-8 holds a control character that text does not: a C0 control other
   * than TAB, LF, VT, FF and CR (U+0000-U+0008, U+000E-U+001F), DEL (U+007F) or a C1 control
   * (U+0080-U+009F, encoded {@code C2 80} to {@code C2 9F}): a sign of binary data.
   *
   * @param b well-formed UTF-8 ({@link #isValid})
   * @param start the first byte
   * @param end one past the last byte
   * @return true if it holds one
   */
  public static boolean hasBinaryControl(byte[] b, int start, int end) {
    Objects.checkFromToIndex(start, end, b.length);
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if ((byte) (c + 1) <= 0x20) { // C0, DEL or a non-ASCII byte (rare in keys): look closer
        if (c >= 0 ? (c < '\t' || c > '\r') : c == (byte) 0xC2 && i + 1 < end && b[i + 1] <= (byte) 0x9F) {
          return true; // (in well-formed UTF-8 the byte after C2 is its continuation, 80-BF)
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code b[start, end)} is well-formed UTF-8 (Unicode Table 3-7): no overlong forms, no
   * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated or stray continuation bytes.
   *
   * @param b the bytes
   * @param start the first byte
   * @param end one past the last byte
   * @return true if well-formed
   */
  public static boolean isValid(byte[] b, int start, int end) {
    Objects.checkFromToIndex(start, end, b.length);
    int i = start;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return false; // continuation byte, or overlong two-byte lead (C0, C1)
      }
      if (c < 0xE0) {
        if (i + 1 >= end || !isContinuation(b[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        int low = c == 0xE0 ? 0xA0 : 0x80;  // E0: no overlongs
        int high = c == 0xED ? 0x9F : 0xBF; // ED: no surrogates
        if (c1 < low || c1 > high || !isContinuation(b[i + 2])) {
          return false;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        int low = c == 0xF0 ? 0x90 : 0x80;  // F0: no overlongs
        int high = c == 0xF4 ? 0x8F : 0xBF; // F4: nothing above U+10FFFF
        if (c1 < low || c1 > high || !isContinuation(b[i + 2])
            || !isContinuation(b[i + 3])) {
          return false;
        }
        i += 4;
      } else {
        return false; // F5..FF never appear in UTF-8
      }
    }
    return true;
  }

  /**
   * Skips a UTF-8 byte-order mark.
   *
   * @param b the bytes
   * @param start the first byte
   * @param end one past the last byte
   * @return {@code start + 3} if the bytes begin with EF BB BF, else {@code start}
   */
  public static int skipBom(byte[] b, int start, int end) {
    if (end - start >= 3 && b[start] == (byte) 0xEF && b[start + 1] == (byte) 0xBB
        && b[start + 2] == (byte) 0xBF) {
      return start + 3;
    }
    return start;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
