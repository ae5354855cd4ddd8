package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;

/**
 * Reads a split as {@link LineBlock}s of up to {@value #MAX_LINES} lines or about
 * {@value #MAX_BYTES} bytes. Lines come from Hadoop's own {@link LineRecordReader}, so split
 * boundaries, CR/LF handling and compression (gzip whole, bzip2 by split) are exactly Hadoop's.
 * The key is the byte offset of the block's first line.
 */
public class LineBlockRecordReader extends RecordReader<LongWritable, LineBlock> {
  /** Most lines in one block. */
  public static final int MAX_LINES = 4096;
  /** Bytes after which a block is handed over. */
  public static final int MAX_BYTES = 1 << 18;

  private final LineRecordReader lines;
  private final LongWritable key = new LongWritable();
  private final LineBlock block = new LineBlock();

  /** @param recordDelimiter custom line delimiter bytes, or null for LF / CRLF / CR */
  public LineBlockRecordReader(byte[] recordDelimiter) {
    this.lines = new LineRecordReader(recordDelimiter);
  }

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
    lines.initialize(split, context);
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    block.clear();
    while (block.size() < MAX_LINES && block.bytes() < MAX_BYTES && lines.nextKeyValue()) {
      Text line = lines.getCurrentValue();
      long offset = lines.getCurrentKey().get();
      if (block.size() == 0) {
        key.set(offset);
      }
      block.add(offset, line);
    }
    return block.size() > 0;
  }

  @Override
  public LongWritable getCurrentKey() {
    return key;
  }

  @Override
  public LineBlock getCurrentValue() {
    return block;
  }

  @Override
  public float getProgress() throws IOException {
    return lines.getProgress();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
