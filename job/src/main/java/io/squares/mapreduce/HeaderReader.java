package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.RecordBoundaryScanner;
import io.squares.record.Delimiters;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Reads the first line of a (possibly compressed) file, or with {@code --multiline} its first
 * RFC 4180 record: the header, for column names.
 */
public final class HeaderReader {
  /** Longest header line read. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private HeaderReader() {}

  /**
   * The header as the job reads records: the first record with {@link SquaresConfig#MULTILINE},
   * else the first line.
   *
   * @param file the file; {@code .gz}, {@code .bz2} and other registered codecs are decompressed
   * @param conf the job's configuration (filesystem, codecs, delimiter, multiline)
   * @return the header's bytes without terminator; empty for an empty file
   * @throws IOException when the file cannot be read, the header is longer than {@link
   *     #MAX_HEADER_BYTES}, or the delimiter is invalid
   */
  public static byte[] header(Path file, Configuration conf) throws IOException {
    if (!conf.getBoolean(SquaresConfig.MULTILINE, SquaresConfig.MULTILINE_DEFAULT)) {
      return firstLine(file, conf);
    }
    byte delimiter;
    try {
      delimiter = Delimiters.parse(conf.get(SquaresConfig.DELIMITER, SquaresConfig.DELIMITER_DEFAULT));
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    return firstRecord(file, conf, delimiter);
  }

  /**
   * @param file the file; {@code .gz}, {@code .bz2} and other registered codecs are decompressed
   * @param conf configuration for the filesystem and codecs
   * @return whether the file holds no byte at all (decompressed): no header, no record. A file
   *     whose first line is blank is not empty.
   * @throws IOException when the file cannot be read
   */
  public static boolean isEmpty(Path file, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (fs.getFileStatus(file).getLen() == 0) {
      return true;
    }
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
    if (codec == null) {
      return false;
    }
    try (InputStream raw = fs.open(file); InputStream in = codec.createInputStream(raw)) {
      return in.read() < 0;
    } catch (IOException e) {
      throw CorruptInput.of(file, e);
    }
  }

  /**
   * @param file the file; {@code .gz}, {@code .bz2} and other registered codecs are decompressed
   * @param conf configuration for the filesystem and codecs
   * @param delimiter the field delimiter, which decides where quoted fields open
   * @return the first RFC 4180 record (line breaks inside quoted fields included) without its
   *     terminator; empty for an empty file
   * @throws IOException when the file cannot be read or the record is longer than {@link
   *     #MAX_HEADER_BYTES}
   */
  public static byte[] firstRecord(Path file, Configuration conf, byte delimiter) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
    RecordBoundaryScanner scanner = new RecordBoundaryScanner(delimiter);
    try (InputStream raw = fs.open(file);
        InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      ByteArrayOutputStream record = new ByteArrayOutputStream(256);
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        int end = scanner.scan(chunk, 0, n);
        record.write(chunk, 0, end < 0 ? n : end);
        if (end >= 0) {
          return Arrays.copyOf(record.toByteArray(), (int) scanner.recordLength());
        }
        if (scanner.currentLength() > MAX_HEADER_BYTES) {
          throw new IOException(file + ": header record longer than " + MAX_HEADER_BYTES + " bytes");
        }
      }
      if (scanner.finish()) {
        return Arrays.copyOf(record.toByteArray(), (int) scanner.recordLength());
      }
      return new byte[0];
    }
  }

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
        throw CorruptInput.of(file, e);
      }
    }
    return line.toByteArray();
  }
}
