package io.squares.record;

import io.squares.core.BadRecordReason;
import io.squares.core.DecimalParser;
import io.squares.core.DelimitedLineParser;
import io.squares.core.KeyPrefetcher;
import io.squares.core.ParsedDecimal;
import io.squares.core.Utf8;
import java.nio.charset.StandardCharsets;

/**
 * Picks the key and value out of one record's bytes: splits the line, checks its encoding and
 * parses the value exactly. One instance serves every record of a task and allocates nothing per
 * record. Plain Java, no Hadoop.
 */
public final class RecordExtractor {
  private final DelimitedLineParser parser;
  private final ColumnSpec keyColumn; // null: no key
  private final ColumnSpec valueColumn; // null: last field
  private final ParsedDecimal value = new ParsedDecimal();
  private final byte delimiter;
  private int keyIndex;
  private int valueIndex;
  private String unresolved;
  private String ambiguity;
  private byte[] keyBuffer;
  private int keyStart;
  private int keyEnd;

  /**
   * @param delimiter the field delimiter
   * @param keyColumn the key column, or null to put every record in one group
   * @param valueColumn the value column, or null for the last field of each record
   */
  public RecordExtractor(byte delimiter, ColumnSpec keyColumn, ColumnSpec valueColumn) {
    this.parser = new DelimitedLineParser(delimiter);
    this.delimiter = delimiter;
    this.keyColumn = keyColumn;
    this.valueColumn = valueColumn;
    this.keyIndex = keyColumn == null ? -1 : keyColumn.index();
    this.valueIndex = valueColumn == null ? -1 : valueColumn.index();
  }

  /** @return whether some column is named and so must be resolved against a header */
  public boolean needsHeader() {
    return (keyColumn != null && keyColumn.isNamed()) || (valueColumn != null && valueColumn.isNamed());
  }

  /**
   * Resolves named columns against a file's header line.
   *
   * @param header the header bytes (a BOM is skipped)
   * @param start first byte
   * @param end end, exclusive
   * @return null when all named columns were found, each once, else the first missing (or
   *     ambiguous: see {@link #ambiguity()}) name; records are then rejected as
   *     {@link BadRecordReason#UNKNOWN_COLUMN}
   */
  public String resolve(byte[] header, int start, int end) {
    unresolved = null;
    ambiguity = null;
    int s = Utf8.skipBom(header, start, end);
    if (parser.split(header, s, end) != null) {
      // A header that is not delimited text (a binary file, a broken quote) names no column.
      unresolved = keyColumn != null && keyColumn.isNamed() ? keyColumn.name()
          : valueColumn != null && valueColumn.isNamed() ? valueColumn.name() : null;
      return unresolved;
    }
    if (keyColumn != null && keyColumn.isNamed()) {
      keyIndex = find(keyColumn.name());
    }
    if (valueColumn != null && valueColumn.isNamed()) {
      valueIndex = find(valueColumn.name());
    }
    return unresolved;
  }

  /**
   * The column a name gives: its only match in the header. A name the header gives to two or more
   * columns is not resolved (which one is meant would be a guess): {@link #ambiguity()} says so.
   */
  private int find(String name) {
    int found = -1;
    StringBuilder columns = null;
    for (int i = 0; i < parser.fieldCount(); i++) {
      String field = new String(parser.fieldBuffer(i), parser.fieldStart(i),
          parser.fieldEnd(i) - parser.fieldStart(i), StandardCharsets.UTF_8);
      if (field.equals(name)) {
        if (found < 0) {
          found = i;
        } else {
          if (columns == null) {
            columns = new StringBuilder().append(found + 1);
          }
          columns.append(", ").append(i + 1);
        }
      }
    }
    if (columns != null) {
      if (ambiguity == null) {
        ambiguity = "'" + name + "' names columns " + columns;
      }
      found = -1;
    }
    if (found < 0 && unresolved == null) {
      unresolved = name;
    }
    return found;
  }

  /**
   * @return after {@link #resolve}, null, or which name the header gives to several columns and
   *     to which (1-based), e.g. {@code 'amount' names columns 2, 4}
   */
  public String ambiguity() {
    return ambiguity;
  }

  /**
   * Extracts the key and value of one record.
   *
   * @param buf the line's bytes (no line terminator)
   * @param start first byte
   * @param end end, exclusive
   * @return null for a good record (then see {@link #value()} and the key accessors), else why it
   *     is bad
   */
  public BadRecordReason extract(byte[] buf, int start, int end) {
    if (unresolved != null) {
      return BadRecordReason.UNKNOWN_COLUMN;
    }
    BadRecordReason reason = parser.split(buf, start, end);
    // Encoding is judged first, as documented: a line that is not UTF-8 is INVALID_ENCODING even
    // when its bytes also break the quoting rules (the parser's ASCII flag covers the whole line).
    if (parser.lineHasNonAscii() && !Utf8.isValid(buf, start, end)) {
      return BadRecordReason.INVALID_ENCODING;
    }
    if (reason != null) {
      return reason;
    }
    int fields = parser.fieldCount();
    int v = valueIndex < 0 ? fields - 1 : valueIndex;
    if (v >= fields || keyIndex >= fields) {
      return BadRecordReason.MISSING_COLUMN;
    }
    if (keyIndex >= 0) {
      keyBuffer = parser.fieldBuffer(keyIndex);
      keyStart = parser.fieldStart(keyIndex);
      keyEnd = parser.fieldEnd(keyIndex);
      // A key is text that becomes a group in the output: one holding a control character (other
      // than TAB, LF, VT, FF, CR) is binary data, such as a fragment of a zip, Parquet or image file
      // between two line breaks that happens to split into a key and a number. Never a made-up group.
      if (Utf8.hasBinaryControl(keyBuffer, keyStart, keyEnd)) {
        return BadRecordReason.CONTROL_CHARACTER;
      }
    }
    return DecimalParser.parse(parser.fieldBuffer(v), parser.fieldStart(v), parser.fieldEnd(v), value);
  }

  /** @return the last good record's value (reused) */
  public ParsedDecimal value() {
    return value;
  }

  /**
   * @return a {@link KeyPrefetcher} for this extractor's key column (after {@link #resolve} for a
   *     named one), or null when records have no key or its column was not found
   */
  public KeyPrefetcher newKeyPrefetcher() {
    return keyIndex < 0 || unresolved != null ? null : new KeyPrefetcher(delimiter, keyIndex);
  }

  /** @return whether records have a key column */
  public boolean hasKey() {
    return keyColumn != null;
  }

  /** @return the buffer holding the last good record's key */
  public byte[] keyBuffer() {
    return keyBuffer;
  }

  /** @return the key's first byte in {@link #keyBuffer()} */
  public int keyStart() {
    return keyStart;
  }

  /** @return the key's end (exclusive) in {@link #keyBuffer()} */
  public int keyEnd() {
    return keyEnd;
  }

  /**
   * @return whether the bytes are empty or only spaces and tabs (a blank line, skipped silently)
   */
  public static boolean isBlank(byte[] buf, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
