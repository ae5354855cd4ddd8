package io.squares.core;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Escaping of text in tab-separated output, as PostgreSQL's text COPY format and Hive write it:
 * backslash as {@code \\}, TAB as {@code \t}, LF as {@code \n}, CR as {@code \r}. In part files
 * nothing else is escaped (other bytes, non-ASCII UTF-8 included, are written raw), so {@code \N}
 * stays the NULL marker: a key that is literally {@code \N} is written {@code \\N}. In {@code
 * _BAD_RECORDS.tsv} fields ({@link #escapeField}) other C0 control characters and DEL are also
 * written as {@code \xNN}.
 *
 * <p>The byte methods allocate nothing: {@link #needsEscape} scans, and only a record that holds
 * one of the four bytes is escaped, into the caller's buffer or stream.
 */
public final class TsvEscape {
  private TsvEscape() {}

  /**
   * @param b the bytes
   * @param start first byte
   * @param end end, exclusive
   * @return whether {@code b[start, end)} holds a backslash, TAB, LF or CR
   */
  public static boolean needsEscape(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  /**
   * @param b the bytes
   * @param start first byte
   * @param end end, exclusive
   * @return the length of {@code b[start, end)} once escaped
   */
  public static int escapedLength(byte[] b, int start, int end) {
    int n = end - start;
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        n++;
      }
    }
    return n;
  }

  /**
   * Escapes {@code b[start, end)} into {@code dst} from {@code at}, which must have room for
   * {@link #escapedLength} bytes.
   *
   * @return the index after the last byte written
   */
  public static int escape(byte[] b, int start, int end, byte[] dst, int at) {
    for (int i = start; i < end; i++) {
      byte c = b[i];
      byte e = escapeOf(c);
      if (e == 0) {
        dst[at++] = c;
      } else {
        dst[at++] = '\\';
        dst[at++] = e;
      }
    }
    return at;
  }

  /** Writes {@code b[start, end)} escaped to {@code out}, in runs: nothing is allocated. */
  public static void write(byte[] b, int start, int end, OutputStream out) throws IOException {
    int run = start;
    for (int i = start; i < end; i++) {
      byte e = escapeOf(b[i]);
      if (e != 0) {
        out.write(b, run, i - run);
        out.write('\\');
        out.write(e);
        run = i + 1;
      }
    }
    out.write(b, run, end - run);
  }

  private static byte escapeOf(byte c) {
    return switch (c) {
      case '\\' -> '\\';
      case '\t' -> 't';
      case '\n' -> 'n';
      case '\r' -> 'r';
      default -> 0;
    };
  }

  /**
   * @param s a field of {@code _BAD_RECORDS.tsv}
   * @return it escaped: the four escapes above, other C0 control characters and DEL as {@code \xNN}
   */
  public static String escapeField(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c < 0x20 || c == 0x7F) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '\t' -> sb.append("\\t");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          default -> sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /**
   * @param s a field written by {@link #escapeField}
   * @return the text it escapes
   * @throws IllegalArgumentException when {@code s} holds an escape {@link #escapeField} does not
   *     write
   */
  public static String unescapeField(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i + 1 >= s.length()) {
        throw new IllegalArgumentException("a lone backslash at the end");
      }
      char e = s.charAt(++i);
      switch (e) {
        case '\\' -> sb.append('\\');
        case 't' -> sb.append('\t');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 'x' -> {
          int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
          int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
          if (lo < 0) {
            throw new IllegalArgumentException("a bad \\x escape at " + (i - 1));
          }
          sb.append((char) (hi << 4 | lo));
          i += 2;
        }
        default -> throw new IllegalArgumentException("an unknown escape \\" + e + " at " + (i - 1));
      }
    }
    return sb.toString();
  }
}
