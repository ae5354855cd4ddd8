package io.squares.fs;

import org.apache.hadoop.fs.LocalFileSystem;

/**
 * Hadoop's checksummed {@link LocalFileSystem} over {@link NioRawLocalFileSystem}: the same files,
 * checksums and permissions, without a {@code chmod} process per file when Hadoop's native library
 * is absent. {@code conf/local.xml} makes it the {@code file://} filesystem of local mode
 * ({@code fs.file.impl}).
 */
public class NioLocalFileSystem extends LocalFileSystem {
  /** A local filesystem over {@link NioRawLocalFileSystem}. */
  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }
}
