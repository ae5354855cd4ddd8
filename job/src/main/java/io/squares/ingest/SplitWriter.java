package io.squares.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one attempt's bytes to its hidden partial file in the staging directory, counting them and
 * computing their sha256 on the way, and checks the result against what was expected. Not thread
 * safe: an attempt uses it from one thread at a time.
 */
public final class SplitWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SplitWriter.class);

  /**
   * The bytes written.
   *
   * @param size how many
   * @param sha256 their lower-case hex sha256
   */
  public record Written(long size, String sha256) {}

  private final FileSystem fs;
  private final Path partial;
  private final OutputStream out;
  private final MessageDigest digest;
  private final byte[] copy = new byte[64 * 1024];
  private long size;
  private boolean closed;

  SplitWriter(FileSystem fs, Path partial) throws IOException {
    this.fs = fs;
    this.partial = partial;
    this.out = fs.create(partial, false);
    this.digest = sha256();
  }

  /** @return a new sha256 digest */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** @return the partial file */
  public Path partial() {
    return partial;
  }

  /** @return bytes written so far */
  public long size() {
    return size;
  }

  /**
   * @param buffer bytes to append (consumed)
   * @throws IOException when the staging filesystem fails
   */
  public void write(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      int n = Math.min(buffer.remaining(), copy.length);
      buffer.get(copy, 0, n);
      write(copy, 0, n);
    }
  }

  /**
   * @param bytes the source array
   * @param offset where to start
   * @param length how many bytes to append
   * @throws IOException when the staging filesystem fails
   */
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    digest.update(bytes, offset, length);
    size += length;
  }

  /**
   * Closes the partial file and checks it: the length the source announced, and the sha256 the
   * manifest gave.
   *
   * @param expectedLength the announced length, or -1
   * @param lengthSource what announced it, for the message (e.g. {@code Content-Length})
   * @param expectedSha256 the expected sha256, or null
   * @return size and sha256
   * @throws FetchException (retriable) on a length or checksum mismatch
   * @throws IOException when closing fails
   */
  public Written finish(long expectedLength, String lengthSource, String expectedSha256) throws IOException {
    closed = true;
    out.close();
    String sha = HexFormat.of().formatHex(digest.digest());
    if (expectedLength >= 0 && size != expectedLength) {
      throw new FetchException(size < expectedLength
          ? "truncated: got " + size + " of " + expectedLength + " bytes (" + lengthSource + ")"
          : "length mismatch: got " + size + " bytes, " + lengthSource + " said " + expectedLength, true);
    }
    if (expectedSha256 != null && !expectedSha256.equals(sha)) {
      throw new FetchException("sha256 mismatch: expected " + expectedSha256 + ", got " + sha, true);
    }
    return new Written(size, sha);
  }

  /** Closes and deletes the partial file; never throws. */
  public void discard() {
    if (!closed) {
      closed = true;
      IOUtils.closeStream(out);
    }
    try {
      fs.delete(partial, false);
    } catch (IOException e) {
      LOG.warn("could not delete the partial file {} (the next run removes it): {}", partial, e.toString());
    }
  }
}
