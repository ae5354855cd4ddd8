package io.squares.mapreduce;

import io.squares.SquaresException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Seekable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CompressedSplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.SplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.UncompressedSplitLineReader;

/**
 * Reads a split of a splittable compressed file (bzip2), or of any file with a custom record
 * delimiter ({@code textinputformat.record.delimiter}), as {@link LineBlock}s of up to {@value
 * #MAX_LINES} lines or about {@value #MAX_BYTES} bytes. The key is the byte offset of the block's
 * first line.
 *
 * <p>Lines, split boundaries and offsets are exactly {@code LineRecordReader}'s: the same Hadoop
 * line readers ({@link CompressedSplitLineReader} over the codec's {@link
 * SplitCompressionInputStream} in {@code BYBLOCK} mode, with the adjusted split start and end)
 * and the same loop (read a line while the stream's position is at or before the split's end, or
 * when the line reader needs one more record after it). What differs: a line is read into a
 * {@link BoundedLine}, which keeps at most {@code squares.max-line-bytes} bytes and counts the
 * rest, so a longer line is never held whole and becomes one too-long record instead of being
 * skipped silently (as {@code mapreduce.input.linerecordreader.line.maxlength} does); and a
 * file's BOM is left for the mapper to skip, as for plain files. Plain and gzip files without a
 * custom delimiter are read by {@link RawLineBlockReader} instead.
 */
public class LineBlockRecordReader extends BlockReader {
  /** Most lines in one block. */
  public static final int MAX_LINES = 4096;
  /** Bytes after which a block is handed over. */
  public static final int MAX_BYTES = 1 << 18;

  private final byte[] recordDelimiter;
  private BoundedLine line;
  private SplitLineReader in;
  private Seekable filePosition; // compressed input: the compressed stream's position
  private long start;
  private long end;
  private long pos;
  private boolean done;

  /** @param recordDelimiter custom line delimiter bytes, or null for LF / CRLF / CR */
  public LineBlockRecordReader(byte[] recordDelimiter) {
    this.recordDelimiter = recordDelimiter;
  }

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    FileSplit split = (FileSplit) genericSplit;
    Configuration conf = context.getConfiguration();
    try {
      line = new BoundedLine(RecordOptions.maxLineBytes(conf));
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    start = split.getStart();
    end = start + split.getLength();
    try {
      CompressionCodec codec = open(split.getPath(), conf);
      if (codec instanceof SplittableCompressionCodec splittable) {
        SplitCompressionInputStream cin = decompress(codec, (raw, pooled) ->
            splittable.createInputStream(raw, pooled, start, end, SplittableCompressionCodec.READ_MODE.BYBLOCK));
        in = new CompressedSplitLineReader(cin, conf, recordDelimiter);
        start = cin.getAdjustedStart();
        end = cin.getAdjustedEnd();
        filePosition = cin;
      } else if (codec != null) {
        if (start != 0) {
          throw new IOException(file + ": " + codec.getClass().getSimpleName() + " input cannot be split");
        }
        in = new SplitLineReader(decompress(codec), conf, recordDelimiter);
        filePosition = fileIn;
      } else {
        fileIn.seek(start);
        in = new UncompressedSplitLineReader(fileIn, conf, recordDelimiter, split.getLength());
      }
      if (start != 0) { // the first (partial) line is the previous split's
        start += readLine();
      }
      pos = start;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** @return bytes consumed, terminator included; 0 at the end */
  private int readLine() throws IOException {
    try {
      return in.readLine(line, Integer.MAX_VALUE, Integer.MAX_VALUE);
    } catch (IOException e) {
      throw readError(e);
    }
  }


  private long position() throws IOException {
    return filePosition != null ? filePosition.getPos() : pos;
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    block.clear();
    while (!done && block.size() < MAX_LINES && block.bytes() < MAX_BYTES) {
      // As LineRecordReader: one more line while the position is at or before the split's end.
      if (position() > end && !in.needAdditionalRecordAfterSplit()) {
        done = true;
        break;
      }
      long offset = pos;
      int consumed = readLine();
      if (consumed == 0) {
        done = true;
        break;
      }
      pos += consumed;
      if (block.size() == 0) {
        key.set(offset);
      }
      if (line.tooLong()) {
        block.addTooLong(offset, line.getBytes(), 0, LineBlock.TOO_LONG_PREFIX, line.fullLength());
      } else {
        block.add(offset, line.getBytes(), 0, line.getLength());
      }
    }
    return block.size() > 0;
  }

  /** @return the most bytes of one line held at once (for tests of the memory bound) */
  int lineCapacity() {
    return line.getBytes().length;
  }

  @Override
  public float getProgress() throws IOException {
    if (start == end) {
      return 0f;
    }
    return Math.min(1f, (position() - start) / (float) (end - start));
  }

  /**
   * A {@link Text} that Hadoop's line readers fill (they only {@link #clear()} it and {@link
   * #append} to it, a piece of the line at a time), holding at most {@code limit} bytes of the
   * line and counting the rest.
   */
  static final class BoundedLine extends Text {
    private final int limit;
    private long length;

    BoundedLine(int limit) {
      this.limit = limit;
    }

    @Override
    public void clear() {
      super.clear();
      length = 0;
    }

    @Override
    public void append(byte[] utf8, int start, int len) {
      long room = limit - length;
      if (room > 0) {
        super.append(utf8, start, (int) Math.min(len, room));
      }
      length += len;
    }

    /** @return whether the line is longer than the limit (then only its first bytes are held) */
    boolean tooLong() {
      return length > limit;
    }

    /** @return the line's length in bytes, without terminator */
    long fullLength() {
      return length;
    }
  }
}
