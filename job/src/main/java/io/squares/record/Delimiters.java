package io.squares.record;

import io.squares.SquaresException;
import io.squares.core.DelimitedLineParser;

/** Turns a {@code --delimiter} value into the one byte that separates fields. */
public final class Delimiters {
  private Delimiters() {}

  /**
   * @param text one ASCII character, or {@code tab}, {@code \t}, {@code space}
   * @return the delimiter byte
   * @throws SquaresException a usage error for anything else (several characters, a quote, a line
   *     break, non-ASCII)
   */
  public static byte parse(String text) throws SquaresException {
    if (text == null) {
      throw SquaresException.usage("--delimiter needs a value");
    }
    String t = text;
    if (t.equals("tab") || t.equals("\\t")) {
      t = "\t";
    } else if (t.equals("space")) {
      t = " ";
    }
    if (t.length() != 1 || t.charAt(0) > 0x7f || !DelimitedLineParser.isValidDelimiter((byte) t.charAt(0))) {
      throw SquaresException.usage("bad delimiter '" + text
          + "': use one ASCII character other than a double quote or a line break"
          + " (or 'tab', '\\t', 'space')");
    }
    return (byte) t.charAt(0);
  }
}
