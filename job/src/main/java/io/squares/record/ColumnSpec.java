package io.squares.record;

import io.squares.SquaresException;

/**
 * A column chosen on the command line: a 1-based index ({@code 3}) or a header name
 * ({@code amount}). Names need {@code --header}; they are resolved per file against its header.
 */
public final class ColumnSpec {
  private final int index; // 0-based; -1 when named
  private final String name;

  private ColumnSpec(int index, String name) {
    this.index = index;
    this.name = name;
  }

  /**
   * Parses a column option value.
   *
   * @param option the option it came from, for messages (e.g. {@code --key-column})
   * @param text a 1-based index or a header name
   * @param header whether inputs have a header (names are only allowed then)
   * @return the column
   * @throws SquaresException a usage error when the text is empty, a non-positive index, or a name
   *     without {@code --header}
   */
  public static ColumnSpec parse(String option, String text, boolean header) throws SquaresException {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      throw SquaresException.usage(option + " needs a 1-based column number or a header name");
    }
    if (t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int i;
      try {
        i = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        i = 0;
      }
      if (i < 1) {
        throw SquaresException.usage(option + " " + t + ": column numbers start at 1");
      }
      return new ColumnSpec(i - 1, null);
    }
    if (t.startsWith("-")) {
      throw SquaresException.usage(option + " " + t + ": column numbers start at 1");
    }
    if (!header) {
      throw SquaresException.usage(
          option + " " + t + ": a column name needs --header (or give a 1-based column number)");
    }
    return new ColumnSpec(-1, t);
  }

  /** @return true when the column is given by header name */
  public boolean isNamed() {
    return name != null;
  }

  /** @return the header name, or null for an index */
  public String name() {
    return name;
  }

  /** @return the 0-based index, or -1 for a name */
  public int index() {
    return index;
  }

  @Override
  public String toString() {
    return isNamed() ? name : Integer.toString(index + 1);
  }
}
