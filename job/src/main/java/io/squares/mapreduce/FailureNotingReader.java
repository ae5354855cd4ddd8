package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Leaves a {@link TaskFailureNote} when a reader fails in {@link #initialize}: Hadoop opens the
 * reader before the mapper runs (a truncated bzip2 file fails there, reading its first block), so
 * {@link RecordMapper#run}, which notes every later failure, never sees it. Everything else is
 * passed through, once per block.
 */
final class FailureNotingReader extends RecordReader<LongWritable, LineBlock> {
  private final RecordReader<LongWritable, LineBlock> reader;

  FailureNotingReader(RecordReader<LongWritable, LineBlock> reader) {
    this.reader = reader;
  }

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) throws IOException, InterruptedException {
    try {
      reader.initialize(split, context);
    } catch (IOException | RuntimeException e) {
      TaskFailureNote.write(context, e);
      throw e;
    }
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    return reader.nextKeyValue();
  }

  @Override
  public LongWritable getCurrentKey() throws IOException, InterruptedException {
    return reader.getCurrentKey();
  }

  @Override
  public LineBlock getCurrentValue() throws IOException, InterruptedException {
    return reader.getCurrentValue();
  }

  @Override
  public float getProgress() throws IOException, InterruptedException {
    return reader.getProgress();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
