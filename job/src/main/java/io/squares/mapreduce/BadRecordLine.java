package io.squares.mapreduce;

import io.squares.core.BadRecordReason;
import io.squares.core.Echo;
import io.squares.core.TsvEscape;
import java.nio.charset.StandardCharsets;

/**
 * One line of a bad-record sample: {@code file, line, byte_offset, reason, record_bytes, record},
 * tab-separated. {@code record_bytes} is the record's full length; {@code record} holds at most its
 * first {@value #MAX_RECORD_BYTES} bytes, decoded as UTF-8 (U+FFFD for invalid bytes and for a
 * character cut at the end), with backslash, TAB, LF and CR written as {@code \\ \t \n \r} and other
 * C0 control characters and DEL as {@code \xNN} ({@link TsvEscape#escapeField}), so each sample
 * stays on one line. Line is {@code -} when unknown. The components hold the text unescaped.
 *
 * @param file the input file
 * @param line the 1-based line number, or 0 when unknown
 * @param offset the record's byte offset in the file
 * @param reason the reason's name
 * @param recordBytes the record's full length in bytes
 * @param record the record's first bytes, decoded
 */
public record BadRecordLine(String file, long line, long offset, String reason, long recordBytes, String record) {
  /** Header line of {@code _BAD_RECORDS.tsv}. */
  public static final String HEADER = "file\tline\tbyte_offset\treason\trecord_bytes\trecord\n";
  /** Most bytes of a record kept in a sample. */
  public static final int MAX_RECORD_BYTES = 1024;

  /**
   * Makes a sample from a record's bytes; only its first {@value #MAX_RECORD_BYTES} bytes are
   * decoded.
   *
   * @param file the input file
   * @param line the 1-based line number, or 0 when unknown
   * @param offset the byte offset
   * @param reason why the record is bad
   * @param buf the record's bytes (or a prefix of them)
   * @param start first byte
   * @param end end, exclusive
   * @param length the record's full length (at least {@code end - start})
   * @return the sample
   */
  public static BadRecordLine of(String file, long line, long offset, BadRecordReason reason, byte[] buf, int start,
      int end, long length) {
    int n = Math.min(end - start, MAX_RECORD_BYTES);
    return new BadRecordLine(file, line, offset, reason.name(), length,
        new String(buf, start, n, StandardCharsets.UTF_8));
  }

  /**
   * Parses a line written by {@link #toLine}.
   *
   * @param text the line without terminator
   * @return the parsed sample, or null when the line is not a sample line
   */
  public static BadRecordLine parse(String text) {
    String[] f = text.split("\t", -1);
    if (f.length != 6) {
      return null;
    }
    try {
      long line = f[1].equals("-") ? 0 : Long.parseLong(f[1]);
      return new BadRecordLine(TsvEscape.unescapeField(f[0]), line, Long.parseLong(f[2]), f[3],
          Long.parseLong(f[4]), TsvEscape.unescapeField(f[5]));
    } catch (IllegalArgumentException e) { // NumberFormatException too
      return null;
    }
  }

  /** @return the sample line, escaped, terminated by {@code \n} */
  public String toLine() {
    return TsvEscape.escapeField(file) + '\t' + (line > 0 ? Long.toString(line) : "-") + '\t' + offset + '\t'
        + reason + '\t' + recordBytes + '\t' + TsvEscape.escapeField(record) + '\n';
  }

  /**
   * @return a human description: file, line or offset, reason, and the record quoted as {@link
   *     Echo} does (at most {@value Echo#MAX_CHARS} characters, then its full length when cut)
   */
  public String describe() {
    String where = line > 0 ? "line " + line + " (byte offset " + offset + ")" : "byte offset " + offset;
    String why;
    try {
      why = BadRecordReason.valueOf(reason).description();
    } catch (IllegalArgumentException e) {
      why = reason;
    }
    return file + ", " + where + ": " + reason + " (" + why + "): '" + Echo.quote(record, recordBytes) + "'";
  }
}
