package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * The one error for compressed input that cannot be read to its end: a codec's {@code EOFException}
 * ("Unexpected end of ZLIB input stream") or other read error, rethrown naming the file, so that a
 * failed task's diagnostic says which input is truncated or corrupt.
 */
final class CorruptInput {
  private CorruptInput() {}

  /**
   * @param file the compressed file
   * @param cause what the decompressing stream threw
   * @return an exception naming the file and keeping the cause
   */
  static IOException of(Path file, IOException cause) {
    return new IOException(file + ": truncated or corrupt compressed input (" + cause.getMessage() + ")", cause);
  }
}
