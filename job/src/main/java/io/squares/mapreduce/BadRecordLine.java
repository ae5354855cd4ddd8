package io.squares.mapreduce;

import io.squares.core.BadRecordReason;

/**
 * One line of a bad-record sample: {@code file, line, byte_offset, reason, record}, tab-separated,
 * with tabs, line breaks and backslashes in the record escaped so each sample stays on one line.
 * Line is {@code -} when unknown.
 */
public record BadRecordLine(String file, long line, long offset, String reason, String record) {
  /** Header line of {@code _BAD_RECORDS.tsv}. */
  public static final String HEADER = "file\tline\tbyte_offset\treason\trecord\n";

  /**
   * @return the sample line, terminated by {@code \n}
   */
  public static String format(String file, long line, long offset, BadRecordReason reason, String record) {
    return file + '\t' + (line > 0 ? Long.toString(line) : "-") + '\t' + offset + '\t' + reason.name()
        + '\t' + escape(record) + '\n';
  }

  /**
   * Parses a line written by {@link #format}.
   *
   * @param text the line without terminator
   * @return the parsed sample, or null when the line is not a sample line
   */
  public static BadRecordLine parse(String text) {
    String[] f = text.split("\t", 5);
    if (f.length != 5) {
      return null;
    }
    try {
      long line = f[1].equals("-") ? 0 : Long.parseLong(f[1]);
      return new BadRecordLine(f[0], line, Long.parseLong(f[2]), f[3], f[4]);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** @return the line as written by {@link #format} (record kept escaped) */
  public String toLine() {
    return file + '\t' + (line > 0 ? Long.toString(line) : "-") + '\t' + offset + '\t' + reason + '\t'
        + record + '\n';
  }

  /** @return a human description: file, line or offset, reason, record */
  public String describe() {
    String where = line > 0 ? "line " + line + " (byte offset " + offset + ")" : "byte offset " + offset;
    String why;
    try {
      why = BadRecordReason.valueOf(reason).description();
    } catch (IllegalArgumentException e) {
      why = reason;
    }
    return file + ", " + where + ": " + reason + " (" + why + "): " + record;
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
