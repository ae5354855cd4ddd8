package io.squares.fs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's {@link RawLocalFileSystem}, except that without Hadoop's native library it changes
 * permissions through {@code java.nio} instead of forking a {@code chmod} process for each one.
 *
 * <p>Hadoop sets a permission on every file and directory it creates on the local filesystem; a
 * local job creates about forty (staging files, spills, output), an ingestion two per split. With
 * the native library Hadoop calls chmod(2) itself and this class changes nothing. A permission
 * java.nio cannot express (the sticky bit), or a filesystem without POSIX attributes, still goes
 * through Hadoop's own code.
 */
public class NioRawLocalFileSystem extends RawLocalFileSystem {
  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    if (NativeIO.isAvailable() || permission.getStickyBit()) {
      super.setPermission(p, permission);
      return;
    }
    File file = pathToFile(p);
    try {
      // Without the sticky bit, FsPermission spells itself as ls -l does ("rwxr-x---").
      Files.setPosixFilePermissions(file.toPath(), PosixFilePermissions.fromString(permission.toString()));
    } catch (NoSuchFileException e) {
      FileNotFoundException fnf = new FileNotFoundException("File " + p + " does not exist");
      fnf.initCause(e);
      throw fnf;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      super.setPermission(p, permission);
    }
  }
}
