package io.squares.core;

/**
 * Finds where RFC 4180 records end in a file fed as consecutive chunks of bytes, for
 * {@code --multiline}: a line terminator (LF, CR LF or a lone CR) inside a quoted field belongs to
 * the field; outside quotes it ends the record.
 *
 * <p>Where a quoted field opens is {@link DelimitedLineParser}'s rule, so that the parser, given a
 * record's bytes, splits it as the scanner delimited it: a field is quoted when its first non-blank
 * byte (after the record's start or a delimiter; blanks are space and tab except the delimiter) is
 * {@code "}. Inside it, {@code ""} is a literal quote and a lone {@code "} closes it. A {@code "}
 * anywhere else opens nothing (the parser then rejects the record as
 * {@link BadRecordReason#MALFORMED_QUOTE}). A UTF-8 byte order mark at the file's start belongs to
 * the first record but is not its first field's first byte.
 *
 * <p>The scanner holds no bytes: it keeps its state (quote, field start, a CR that may be followed
 * by LF) across chunks, and counts the current record's length (bytes without its terminator) and
 * the physical lines it spans, so a caller can skip the middle of a record too long to hold.
 * Usage: call {@link #scan} on each chunk; a return value of 0 or more means the record ended (see
 * {@link #recordLength()}, {@link #recordLines()}) and where the next one starts in the chunk, so
 * call it again from there; -1 means the whole chunk belongs to the current record. At the end of
 * the input call {@link #finish()} for the last record. Not thread-safe; one instance per file.
 */
public final class RecordBoundaryScanner {
  /** Nothing read yet: a byte order mark may come. */
  private static final int FILE_START = 0;
  /** After the first byte of a byte order mark at the file's start. */
  private static final int BOM1 = 1;
  /** After the second byte of a byte order mark at the file's start. */
  private static final int BOM2 = 2;
  /** In the leading blanks of a field (or at a record's start). */
  private static final int FIELD_START = 3;
  /** In a field that is not (or no longer) quoted. */
  private static final int UNQUOTED = 4;
  /** Inside a quoted field. */
  private static final int QUOTED = 5;
  /** After a {@code "} inside a quoted field: it closed the field, unless another one follows. */
  private static final int AFTER_QUOTE = 6;
  /** The record ended at a CR: a LF right after it belongs to the same terminator. */
  private static final int AFTER_CR = 7;

  private final byte delimiter;
  private final boolean spaceIsBlank;
  private final boolean tabIsBlank;

  private int state = FILE_START;
  private boolean crInQuotes; // the last byte was a CR inside a quoted field
  private boolean any; // the current record has at least one byte (content or terminator)
  private long length; // the current record's bytes so far, without its terminator
  private int lines = 1; // physical lines the current record spans so far

  private long recordLength;
  private int recordLines;
  private boolean recordUnterminated;

  /**
   * @param delimiter the field delimiter (see {@link DelimitedLineParser#isValidDelimiter})
   * @throws IllegalArgumentException for an invalid delimiter
   */
  public RecordBoundaryScanner(byte delimiter) {
    if (!DelimitedLineParser.isValidDelimiter(delimiter)) {
      throw new IllegalArgumentException("invalid delimiter byte " + (delimiter & 0xFF));
    }
    this.delimiter = delimiter;
    this.spaceIsBlank = delimiter != ' ';
    this.tabIsBlank = delimiter != '\t';
  }

  /**
   * Scans {@code buf[from, to)}, the bytes that follow everything scanned so far.
   *
   * @param buf the bytes
   * @param from first byte to scan
   * @param to end, exclusive
   * @return where the next record starts in {@code buf} (just past the current record's
   *     terminator; the current record is then described by {@link #recordLength()} and
   *     {@link #recordLines()}), or -1 when the current record goes on past {@code to}
   */
  public int scan(byte[] buf, int from, int to) {
    int i = from;
    while (i < to) {
      byte c = buf[i];
      switch (state) {
        case AFTER_CR:
          complete(false);
          return c == '\n' ? i + 1 : i;
        case FILE_START:
          if (c == (byte) 0xEF) {
            state = BOM1;
            take(1);
            i++;
          } else {
            state = FIELD_START;
          }
          break;
        case BOM1:
        case BOM2:
          if (c == (byte) (state == BOM1 ? 0xBB : 0xBF)) {
            state = state == BOM1 ? BOM2 : FIELD_START;
            take(1);
            i++;
          } else {
            state = UNQUOTED; // the bytes so far began an ordinary field
          }
          break;
        case FIELD_START:
          if (c == '\n' || c == '\r') {
            if (terminator(c)) {
              return i + 1;
            }
          } else {
            if (c == '"') {
              state = QUOTED;
              crInQuotes = false;
            } else if (c != delimiter && !isBlank(c)) {
              state = UNQUOTED;
            }
            take(1);
          }
          i++;
          break;
        case UNQUOTED: {
          int j = i;
          while (j < to) {
            byte d = buf[j];
            if (d == delimiter || d == '\n' || d == '\r') {
              break;
            }
            j++;
          }
          take(j - i);
          i = j;
          if (i < to) {
            byte d = buf[i];
            if (d == delimiter) {
              state = FIELD_START;
              take(1);
            } else if (terminator(d)) {
              return i + 1;
            }
            i++;
          }
          break;
        }
        case QUOTED: {
          int j = i;
          while (j < to) {
            byte d = buf[j];
            if (d == '"' || d == '\n' || d == '\r') {
              break;
            }
            j++;
          }
          if (j > i) {
            crInQuotes = false;
            take(j - i);
            i = j;
          }
          if (i < to) {
            byte d = buf[i];
            if (d == '"') {
              state = AFTER_QUOTE;
              crInQuotes = false;
            } else if (d == '\r') {
              newLine();
              crInQuotes = true;
            } else { // LF: a line of its own unless it ends a CR LF
              if (!crInQuotes) {
                newLine();
              }
              crInQuotes = false;
            }
            take(1);
            i++;
          }
          break;
        }
        case AFTER_QUOTE:
          if (c == '\n' || c == '\r') {
            if (terminator(c)) {
              return i + 1;
            }
          } else {
            if (c == '"') {
              state = QUOTED; // "" inside a quoted field
            } else if (c == delimiter) {
              state = FIELD_START;
            } else {
              state = UNQUOTED; // after the closing quote: the parser will reject the record
            }
            take(1);
          }
          i++;
          break;
        default:
          throw new AssertionError(state);
      }
    }
    return -1;
  }

  /**
   * Ends the input: the bytes since the last record's end, if any, are the last record (then
   * described by {@link #recordLength()}, {@link #recordLines()} and
   * {@link #recordUnterminated()}). The scanner is then ready for a new file.
   *
   * @return whether there was a last record
   */
  public boolean finish() {
    boolean last = any;
    if (last) {
      complete(state == QUOTED);
    }
    state = FILE_START;
    return last;
  }

  /**
   * The bytes of the record in progress so far, without a terminator already seen; lets a caller
   * notice a record that is too long before its end.
   *
   * @return the current record's length so far
   */
  public long currentLength() {
    return length;
  }

  /**
   * The length of the record that last ended.
   *
   * @return its bytes, without its terminator (a byte order mark at the file's start included)
   */
  public long recordLength() {
    return recordLength;
  }

  /**
   * The physical lines the record that last ended spans: 1 plus the line terminators inside its
   * quoted fields (LF, CR LF and a lone CR each count once).
   *
   * @return at least 1
   */
  public int recordLines() {
    return recordLines;
  }

  /**
   * Whether the record that last ended is the rest of the file after a quote that was never
   * closed (only ever true after {@link #finish()}).
   *
   * @return true for an unterminated quoted field
   */
  public boolean recordUnterminated() {
    return recordUnterminated;
  }

  /** Handles a CR or LF outside quotes; returns true when the record is complete (a LF). */
  private boolean terminator(byte c) {
    if (c == '\n') {
      complete(false);
      return true;
    }
    state = AFTER_CR; // whether a LF follows is known only from the next byte
    any = true;
    return false;
  }

  private void newLine() {
    if (lines < Integer.MAX_VALUE) { // saturates rather than wraps on absurd input
      lines++;
    }
  }

  private void take(int n) {
    if (n > 0) {
      length += n;
      any = true;
    }
  }

  private void complete(boolean unterminated) {
    recordLength = length;
    recordLines = lines;
    recordUnterminated = unterminated;
    length = 0;
    lines = 1;
    any = false;
    crInQuotes = false;
    state = FIELD_START;
  }

  private boolean isBlank(byte b) {
    return (b == ' ' && spaceIsBlank) || (b == '\t' && tabIsBlank);
  }
}
