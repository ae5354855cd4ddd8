package io.squares.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits one record (bytes, without its terminator) into delimited fields, RFC 4180 style. A
 * record is one line, or with {@code --multiline} the bytes {@link RecordBoundaryScanner} found,
 * which may hold line breaks inside quoted fields; the parser sees one record at a time.
 *
 * <ul>
 *   <li>A field whose first non-blank byte is {@code "} is quoted: inside it the delimiter is
 *       literal and {@code ""} stands for one {@code "}; its content is kept verbatim (CR and LF
 *       bytes included). After the closing quote only blanks may follow before the delimiter or
 *       the end of the record ({@link BadRecordReason#MALFORMED_QUOTE} otherwise); a missing
 *       closing quote is {@link BadRecordReason#UNTERMINATED_QUOTE}.</li>
 *   <li>An unquoted field is trimmed of surrounding blanks; a {@code "} inside it is
 *       {@link BadRecordReason#MALFORMED_QUOTE}. So no fragment of a record whose quoted field
 *       spans lines (such as {@code y",5}, the second line of {@code "x<LF>y",5}) is ever read
 *       as a good record when lines are read one by one.</li>
 *   <li>Blanks are space and tab, except the delimiter itself when it is one of them.</li>
 *   <li>An empty line is one empty field; a trailing delimiter ends with an empty field.</li>
 * </ul>
 *
 * <p>One instance is reused for every line of a task: field positions live in arrays that only grow,
 * so splitting allocates nothing once they are large enough. A field's bytes are
 * {@code fieldBuffer(i)[fieldStart(i), fieldEnd(i))}: the input buffer, except for quoted fields
 * with escaped quotes, whose unescaped content is in an internal scratch buffer. Results are valid
 * until the next {@link #split}. Not thread-safe.
 */
public final class DelimitedLineParser {
  private static final int INITIAL_FIELDS = 16;

  private final byte delimiter;
  private final boolean spaceIsBlank;
  private final boolean tabIsBlank;

  private int fieldCount;
  private byte[][] buffers = new byte[INITIAL_FIELDS][];
  private int[] starts = new int[INITIAL_FIELDS];
  private int[] ends = new int[INITIAL_FIELDS];
  private boolean nonAscii;
  private byte[] scratch = new byte[64];
  private int scratchLength;

  /**
   * Creates a parser for one delimiter.
   *
   * @param delimiter the field delimiter
   * @throws IllegalArgumentException if {@link #isValidDelimiter(byte)} rejects it
   */
  public DelimitedLineParser(byte delimiter) {
    if (!isValidDelimiter(delimiter)) {
      throw new IllegalArgumentException("invalid delimiter byte " + (delimiter & 0xFF));
    }
    this.delimiter = delimiter;
    this.spaceIsBlank = delimiter != ' ';
    this.tabIsBlank = delimiter != '\t';
  }

  /**
   * Whether a byte can be a delimiter: any ASCII byte except {@code "}, CR and LF.
   *
   * @param b the candidate
   * @return true if valid
   */
  public static boolean isValidDelimiter(byte b) {
    return b >= 0 && b != '"' && b != '\r' && b != '\n';
  }

  /**
   * Splits {@code buf[start, end)}.
   *
   * @param buf the record's bytes
   * @param start the first byte
   * @param end one past the last byte (excluding the record's terminator)
   * @return null on success, otherwise why the record was rejected (the fields are then unspecified,
   *     but {@link #lineHasNonAscii()} is still valid)
   */
  public BadRecordReason split(byte[] buf, int start, int end) {
    Objects.checkFromToIndex(start, end, buf.length);
    fieldCount = 0;
    nonAscii = false;
    scratchLength = 0;
    if (scratch.length < end - start) {
      // Unescaped content is never longer than the line, so the scratch never moves mid-line.
      scratch = new byte[Math.max(end - start, 2 * scratch.length)];
    }
    int i = start;
    while (true) {
      int p = i;
      while (p < end && isBlank(buf[p])) {
        p++;
      }
      if (p < end && buf[p] == '"') {
        int close = p + 1;
        boolean escaped = false;
        while (true) {
          if (close >= end) {
            return unterminated(buf, p, end);
          }
          byte c = buf[close];
          if (c == '"') {
            if (close + 1 < end && buf[close + 1] == '"') {
              escaped = true;
              close += 2;
              continue;
            }
            break;
          }
          if (c < 0) {
            nonAscii = true;
          }
          close++;
        }
        if (escaped) {
          addUnescaped(buf, p + 1, close);
        } else {
          addField(buf, p + 1, close);
        }
        int r = close + 1;
        while (r < end && isBlank(buf[r])) {
          r++;
        }
        if (r == end) {
          return null;
        }
        if (buf[r] != delimiter) {
          scanNonAscii(buf, r, end);
          return BadRecordReason.MALFORMED_QUOTE;
        }
        i = r + 1;
      } else {
        int q = p;
        while (q < end) {
          byte c = buf[q];
          if (c == delimiter) {
            break;
          }
          if (c == '"') { // a quote inside an unquoted field
            scanNonAscii(buf, q, end);
            return BadRecordReason.MALFORMED_QUOTE;
          }
          if (c < 0) {
            nonAscii = true;
          }
          q++;
        }
        int e = q;
        while (e > p && isBlank(buf[e - 1])) {
          e--;
        }
        addField(buf, p, e);
        if (q == end) {
          return null;
        }
        i = q + 1;
      }
    }
  }

  /**
   * The number of fields of the last successful split.
   *
   * @return at least 1
   */
  public int fieldCount() {
    return fieldCount;
  }

  /**
   * The buffer holding field {@code i}.
   *
   * @param i the field index
   * @return the input buffer or the internal scratch buffer
   */
  public byte[] fieldBuffer(int i) {
    return buffers[Objects.checkIndex(i, fieldCount)];
  }

  /**
   * The first byte of field {@code i} in {@link #fieldBuffer(int)}.
   *
   * @param i the field index
   * @return the start offset
   */
  public int fieldStart(int i) {
    return starts[Objects.checkIndex(i, fieldCount)];
  }

  /**
   * One past the last byte of field {@code i} in {@link #fieldBuffer(int)}.
   *
   * @param i the field index
   * @return the end offset
   */
  public int fieldEnd(int i) {
    return ends[Objects.checkIndex(i, fieldCount)];
  }

  /**
   * Field {@code i} decoded as UTF-8; allocates, meant for keys, messages and tests.
   *
   * @param i the field index
   * @return the field's text
   */
  public String fieldAsString(int i) {
    return new String(fieldBuffer(i), fieldStart(i), fieldEnd(i) - fieldStart(i),
        StandardCharsets.UTF_8);
  }

  /**
   * Whether the last split line contained any byte {@code >= 0x80}.
   *
   * @return true if the line is not pure ASCII
   */
  public boolean lineHasNonAscii() {
    return nonAscii;
  }

  private boolean isBlank(byte b) {
    return (b == ' ' && spaceIsBlank) || (b == '\t' && tabIsBlank);
  }

  /** Records an unterminated quote; the rest of the line still counts for the ASCII flag. */
  private BadRecordReason unterminated(byte[] buf, int from, int end) {
    scanNonAscii(buf, from, end);
    return BadRecordReason.UNTERMINATED_QUOTE;
  }

  private void scanNonAscii(byte[] buf, int from, int end) {
    for (int k = from; k < end && !nonAscii; k++) {
      if (buf[k] < 0) {
        nonAscii = true;
      }
    }
  }

  private void addField(byte[] buffer, int start, int end) {
    if (fieldCount == starts.length) {
      int n = 2 * fieldCount;
      buffers = Arrays.copyOf(buffers, n);
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
    }
    buffers[fieldCount] = buffer;
    starts[fieldCount] = start;
    ends[fieldCount] = end;
    fieldCount++;
  }

  /** Copies quoted content into the scratch, turning each {@code ""} into {@code "}. */
  private void addUnescaped(byte[] buf, int from, int to) {
    int begin = scratchLength;
    for (int k = from; k < to; k++) {
      byte c = buf[k];
      scratch[scratchLength++] = c;
      if (c == '"') {
        k++; // skip the second quote of the pair
      }
    }
    addField(scratch, begin, scratchLength);
  }
}
