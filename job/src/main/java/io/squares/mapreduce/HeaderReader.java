package io.squares.mapreduce;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** Reads the first line of a (possibly compressed) file: the header, for column names. */
public final class HeaderReader {
  /** Longest header line read. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private HeaderReader() {}

  /**
   * @param file the file; {@code .gz}, {@code .bz2} and other registered codecs are decompressed
   * @param conf configuration for the filesystem and codecs
   * @return the first line without its terminator ({@code \n}, {@code \r\n} or a lone {@code \r}); empty for an empty
   *     file
   * @throws IOException when the file cannot be read (naming it, and saying so when compressed input
   *     is truncated or corrupt) or the first line is longer than {@link
   *     #MAX_HEADER_BYTES}
   */
  public static byte[] firstLine(Path file, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
    ByteArrayOutputStream line = new ByteArrayOutputStream(256); // never more than MAX_HEADER_BYTES
    try (InputStream raw = fs.open(file)) {
      try (InputStream in = new BufferedInputStream(codec == null ? raw : codec.createInputStream(raw))) {
        int b;
        // A line ends at LF, CR LF or a lone CR, as for the record readers.
        while ((b = in.read()) >= 0 && b != '\n' && b != '\r') {
          if (line.size() >= MAX_HEADER_BYTES) {
            throw new IOException(file + ": header line longer than " + MAX_HEADER_BYTES + " bytes");
          }
          line.write(b);
        }
      } catch (IOException e) {
        if (codec == null || line.size() >= MAX_HEADER_BYTES) {
          throw e;
        }
        throw new IOException(file + ": truncated or corrupt compressed input (" + e.getMessage() + ")", e);
      }
    }
    return line.toByteArray();
  }
}
