package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.RecordBoundaryScanner;
import io.squares.record.Delimiters;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Reads a whole file (compressed or not) as {@link LineBlock}s of RFC 4180 records, for
 * {@code --multiline}: where records end is {@link RecordBoundaryScanner}'s business, this class
 * only moves bytes. Records are found in place in a large buffer and never copied; each carries its
 * byte offset in the (uncompressed) file and the physical lines it spans. A record longer than
 * {@link SquaresConfig#MAX_LINE_BYTES} is never held whole: once it passes the limit only its first
 * {@value #TOO_LONG_PREFIX} bytes are kept, the rest is scanned for quotes and dropped, and it is
 * handed over with {@link LineBlock#addTooLong(long, int, int, long, int)}. The split must be the
 * whole file ({@link LineBlockInputFormat} does not split files in this mode).
 */
public class MultilineBlockReader extends BlockReader {
  /** Bytes of a too-long record that are kept, at most. */
  public static final int TOO_LONG_PREFIX = LineBlock.TOO_LONG_PREFIX;
  private static final int BUFFER = 1 << 20;

  private final int bufferSize;
  private RecordBoundaryScanner scanner;
  private long maxBytes;
  private int prefix;
  private InputStream in;
  private long fileLength;
  private byte[] buf;
  private int limit; // bytes valid in buf
  private int recStart; // where the current record starts in buf
  private int scanPos; // the first byte of buf the scanner has not seen
  private long recOffset; // the current record's offset in the file
  private long scanOffset; // the file offset of buf[scanPos]
  private boolean tooLong; // the current record passed the limit: only its prefix is kept
  private boolean eof;
  private boolean done;

  /** A reader with a 1 MiB buffer. */
  public MultilineBlockReader() {
    this(BUFFER);
  }

  /** @param bufferSize the initial buffer (tests use small ones to cross buffer boundaries) */
  MultilineBlockReader(int bufferSize) {
    this.bufferSize = bufferSize;
  }

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit split = (FileSplit) genericSplit;
    Path file = split.getPath();
    if (split.getStart() != 0) {
      throw new IOException(file + ": a multiline split must start the file, not at byte "
          + split.getStart());
    }
    Configuration conf = context.getConfiguration();
    try {
      scanner = new RecordBoundaryScanner(
          Delimiters.parse(conf.get(SquaresConfig.DELIMITER, SquaresConfig.DELIMITER_DEFAULT)));
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      maxBytes = RecordOptions.maxLineBytes(conf); // the same checked limit as the line readers
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    prefix = (int) Math.min(TOO_LONG_PREFIX, maxBytes);
    buf = new byte[bufferSize];
    fileLength = file.getFileSystem(conf).getFileStatus(file).getLen();
    CompressionCodec codec = open(file, conf);
    in = codec == null ? fileIn : decompress(codec);
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (done) {
      return false;
    }
    block.wrap(buf);
    while (true) {
      if (scanPos < limit) {
        int next = scanner.scan(buf, scanPos, limit);
        if (next >= 0) {
          scanOffset += next - scanPos;
          scanPos = next;
          emit();
          recStart = next;
          recOffset = scanOffset;
          if (block.size() >= LineBlockRecordReader.MAX_LINES
              || block.bytes() >= LineBlockRecordReader.MAX_BYTES) {
            return true;
          }
          continue;
        }
        scanOffset += limit - scanPos;
        scanPos = limit;
        if (scanner.currentLength() > maxBytes) {
          tooLong = true;
          // Keep the prefix; drop the rest, which the scanner has seen.
          limit = Math.min(limit, recStart + prefix);
          scanPos = limit;
        }
      }
      // Everything in the buffer is scanned and the current record goes on.
      if (eof) {
        if (scanner.finish()) {
          emit();
        }
        done = true;
        return block.size() > 0;
      }
      if (limit == buf.length) {
        if (block.size() > 0) {
          return true; // hand over what is complete before moving bytes under it
        }
        compact();
        block.wrap(buf);
      }
      int n;
      try {
        n = in.read(buf, limit, buf.length - limit);
      } catch (IOException e) {
        throw readError(e);
      }
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
  }

  /** Appends the record the scanner just ended, which starts at {@code recStart}. */
  private void emit() {
    long length = scanner.recordLength();
    int span = scanner.recordLines();
    if (block.size() == 0) {
      key.set(recOffset);
    }
    if (tooLong || length > maxBytes) {
      block.addTooLong(recOffset, recStart, recStart + prefix, length, span);
    } else {
      block.addLine(recOffset, recStart, recStart + (int) length, span);
    }
    if (scanner.recordUnterminated()) {
      block.markUnterminated();
    }
    tooLong = false;
  }

  /** Moves the current record to the front of the buffer, growing it when the record fills it. */
  private void compact() {
    if (recStart > 0) {
      System.arraycopy(buf, recStart, buf, 0, limit - recStart);
      scanPos -= recStart;
      limit -= recStart;
      recStart = 0;
    }
    if (limit == buf.length) { // a record not yet past the limit fills the buffer
      buf = Arrays.copyOf(buf, (int) Math.max(buf.length + 1,
          Math.min(2L * buf.length, maxBytes + BUFFER)));
    }
  }

  @Override
  public float getProgress() throws IOException {
    if (done || fileLength == 0) {
      return 1f;
    }
    long pos = in == fileIn ? scanOffset : fileIn.getPos(); // compressed: bytes of the file read
    return Math.min(1f, pos / (float) fileLength);
  }
}
