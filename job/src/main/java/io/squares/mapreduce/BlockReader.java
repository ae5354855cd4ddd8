package io.squares.mapreduce;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.mapreduce.RecordReader;

/**
 * What the {@link LineBlock} readers ({@link RawLineBlockReader}, {@link LineBlockRecordReader},
 * {@link MultilineBlockReader}) share, and nothing of how they find lines or records: the reused
 * {@link #key} and {@link #block} they fill and hand out; the file, opened with {@link #open}, and
 * its codec stream, opened with {@link #decompress} on a decompressor taken from the {@link
 * CodecPool}; a compressed stream's errors rethrown naming the file ({@link CorruptInput}, via
 * {@link #readError}); and {@link #close()}, which closes the codec stream, or else the file, and
 * returns the decompressor to the pool. A subclass may read through a wrapper over these streams
 * (Hadoop's line readers) as long as closing the stream under it is all that wrapper needs.
 */
abstract class BlockReader extends RecordReader<LongWritable, LineBlock> {
  /** The current block's key, set by the subclass: the offset of its first line or record. */
  final LongWritable key = new LongWritable();
  /** The current block, filled by the subclass. */
  final LineBlock block = new LineBlock();
  /** The file read; set by {@link #open}. */
  Path file;
  /** The file's stream; set by {@link #open}. */
  FSDataInputStream fileIn;
  /** Whether the file is read through a codec ({@link #decompress}). */
  boolean compressed;
  private CompressionInputStream codecIn;
  private Decompressor decompressor;

  /** How a codec's stream is made over the file's stream with a pooled decompressor. */
  @FunctionalInterface
  interface CodecStream<S extends CompressionInputStream> {
    S open(FSDataInputStream fileIn, Decompressor decompressor) throws IOException;
  }

  /**
   * Opens {@code file} into {@link #fileIn}.
   *
   * @return the file's codec by its name, or null for a file read as it is
   */
  final CompressionCodec open(Path file, Configuration conf) throws IOException {
    this.file = file;
    fileIn = file.getFileSystem(conf).open(file);
    return new CompressionCodecFactory(conf).getCodec(file);
  }

  /** @return {@code codec}'s stream over the whole file, as {@link #decompress(CompressionCodec, CodecStream)} */
  final CompressionInputStream decompress(CompressionCodec codec) throws IOException {
    return decompress(codec, codec::createInputStream);
  }

  /**
   * Takes a decompressor for {@code codec} from the pool and makes the codec's stream over {@link
   * #fileIn}, which {@link #close()} then closes; the input is compressed from here on. If the
   * stream cannot be made, the reader is closed and the error names the file.
   */
  final <S extends CompressionInputStream> S decompress(CompressionCodec codec, CodecStream<S> stream)
      throws IOException {
    compressed = true;
    decompressor = CodecPool.getDecompressor(codec);
    try {
      S in = stream.open(fileIn, decompressor);
      codecIn = in;
      return in;
    } catch (IOException e) {
      close();
      throw CorruptInput.of(file, e);
    }
  }

  /**
   * @param e what reading the input threw
   * @return the error to throw: for compressed input one naming the file, else {@code e}
   */
  final IOException readError(IOException e) {
    return compressed ? CorruptInput.of(file, e) : e;
  }

  @Override
  public final LongWritable getCurrentKey() {
    return key;
  }

  @Override
  public final LineBlock getCurrentValue() {
    return block;
  }

  /** Closes the codec stream, or else the file, and returns the decompressor to the pool. */
  @Override
  public final void close() throws IOException {
    try {
      Closeable in = codecIn != null ? codecIn : fileIn;
      if (in != null) {
        in.close();
      }
    } finally {
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
        decompressor = null;
      }
    }
  }
}
