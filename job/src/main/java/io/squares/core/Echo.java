package io.squares.core;

import java.nio.charset.StandardCharsets;

/**
 * Bounded echoes of input in messages (stderr, exceptions, {@code _SUMMARY.json}): at most {@value
 * #MAX_CHARS} characters, control characters escaped ({@code \t}, {@code \n}, {@code \r}, other C0
 * characters and DEL as {@code \xNN}, C1 characters and the line and paragraph separators as
 * {@code \}{@code uNNNN}), and {@code " ... (N bytes)"} appended when the text was cut, N being
 * the whole input's length in UTF-8 bytes. The result is what goes between the quotes of a message;
 * the caller adds the quotes. Only a prefix of the input is ever decoded.
 */
public final class Echo {
  /** Most characters of input quoted in a message (escapes included, the cut marker not). */
  public static final int MAX_CHARS = 120;
  /** Bytes enough to decode {@link #MAX_CHARS} characters and see one more: 4 bytes each. */
  private static final int PREFIX_BYTES = 4 * (MAX_CHARS + 1);

  private Echo() {}

  /**
   * @param buf the input's bytes (UTF-8; invalid bytes show as U+FFFD)
   * @param start first byte
   * @param end end, exclusive
   * @return the bounded, escaped text
   */
  public static String quote(byte[] buf, int start, int end) {
    int n = Math.min(end - start, PREFIX_BYTES);
    return quote(new String(buf, start, n, StandardCharsets.UTF_8), end - start);
  }

  /**
   * @param text the input
   * @return the bounded, escaped text
   */
  public static String quote(String text) {
    return quote(text, -1);
  }

  /**
   * @param text the input, or a prefix of it
   * @param bytes the whole input's length in bytes when {@code text} may be a prefix of it, or -1
   *     to take {@code text}'s own UTF-8 length
   * @return the bounded, escaped text; cut (with the marker) when longer than {@link #MAX_CHARS} or
   *     when {@code bytes} says that {@code text} is only a prefix
   */
  public static String quote(String text, long bytes) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 24);
    boolean cut = false;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int before = sb.length();
      append(sb, cp);
      if (sb.length() > MAX_CHARS) {
        sb.setLength(before);
        cut = true;
        break;
      }
      i += Character.charCount(cp);
    }
    long total = bytes >= 0 ? bytes : utf8Length(text);
    if (cut || (bytes >= 0 && bytes > utf8Length(text))) {
      sb.append(" ... (").append(total).append(" bytes)");
    }
    return sb.toString();
  }

  /**
   * @param s a message, perhaps of several lines (an exception's, a diagnostic)
   * @return its first line, without the line feed
   */
  public static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * @param s a string
   * @return the index of its first character in U+0000..U+001F or U+007F, or -1
   */
  public static int firstControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        return i;
      }
    }
    return -1;
  }

  private static void append(StringBuilder sb, int cp) {
    switch (cp) {
      case '\t' -> sb.append("\\t");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      default -> {
        if (cp < 0x20 || cp == 0x7F) {
          sb.append("\\x").append(Character.forDigit(cp >> 4, 16)).append(Character.forDigit(cp & 0xF, 16));
        } else if ((cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
          sb.append(String.format("\\u%04x", cp));
        } else {
          sb.appendCodePoint(cp);
        }
      }
    }
  }

  /**
   * @param s a string (an unpaired surrogate counts as 3 bytes)
   * @return its length in UTF-8 bytes
   */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
