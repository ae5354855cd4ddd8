package io.squares.core;

/**
 * Why an input record was rejected.
 *
 * <p>Also used as a Hadoop counter enum, so it carries no state beyond its name; the human text
 * comes from {@link #description()}.
 */
public enum BadRecordReason {
  /** The value field is empty or only blanks. */
  EMPTY_VALUE,
  /** The value is not a decimal number (hex, thousands separators, stray characters, ...). */
  NOT_A_NUMBER,
  /** The value is NaN or an infinity. */
  NOT_FINITE,
  /** The value is a number, but too large or too precise to accept. */
  OUT_OF_RANGE,
  /** The line has fewer fields than the configured key or value column needs. */
  MISSING_COLUMN,
  /** A column the record refers to is not known (for example, not in the header). */
  UNKNOWN_COLUMN,
  /** The line is not valid UTF-8. */
  INVALID_ENCODING,
  /**
   * The key holds a control character other than TAB, LF, VT, FF and CR (U+0000-U+0008,
   * U+000E-U+001F, U+007F-U+009F): binary data, not text.
   */
  CONTROL_CHARACTER,
  /** A quoted field has no closing quote before the end of the record. */
  UNTERMINATED_QUOTE,
  /**
   * Something other than blanks follows the closing quote of a quoted field, or a {@code "}
   * appears inside an unquoted field.
   */
  MALFORMED_QUOTE,
  /**
   * The record (a line, or with {@code --multiline} a whole record) is longer than
   * {@code squares.max-line-bytes}; only a prefix of it is ever held in memory.
   */
  LINE_TOO_LONG;

  /**
   * Short human-readable text for this reason, e.g. for logs and reports.
   *
   * @return the description, never empty
   */
  public String description() {
    switch (this) {
      case EMPTY_VALUE:
        return "value is empty";
      case NOT_A_NUMBER:
        return "value is not a number";
      case NOT_FINITE:
        return "value is NaN or infinite";
      case OUT_OF_RANGE:
        return "value is out of range";
      case MISSING_COLUMN:
        return "line has too few fields";
      case UNKNOWN_COLUMN:
        return "unknown column";
      case INVALID_ENCODING:
        return "line is not valid UTF-8";
      case CONTROL_CHARACTER:
        return "key holds a control character (binary data, not text)";
      case UNTERMINATED_QUOTE:
        return "quoted field is not terminated";
      case MALFORMED_QUOTE:
        return "unexpected characters after closing quote";
      case LINE_TOO_LONG:
        return "record is longer than squares.max-line-bytes";
      default:
        throw new AssertionError(this);
    }
  }
}
