package io.squares.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path tmp;

  private static FileSystem fs() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return FileSystem.get(java.net.URI.create("file:///"), conf);
  }

  @Test
  void isTheFileSchemesFilesystemWhenConfigured() throws Exception {
    try (FileSystem fs = fs()) {
      assertInstanceOf(NioLocalFileSystem.class, fs);
      assertInstanceOf(NioRawLocalFileSystem.class, ((NioLocalFileSystem) fs).getRawFileSystem());
    }
  }

  @Test
  void setsEveryPermissionBitAsChmodWould() throws Exception {
    java.nio.file.Path file = Files.writeString(tmp.resolve("f"), "x");
    try (FileSystem fs = fs()) {
      for (int mode = 0; mode <= 0777; mode++) {
        fs.setPermission(new Path(file.toUri()), new FsPermission((short) mode));
        // Oracle: the octal digits spelled out as ls -l does, parsed by the JDK.
        StringBuilder rwx = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
          int d = (mode >> shift) & 7;
          rwx.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
        }
        assertEquals(PosixFilePermissions.fromString(rwx.toString()), Files.getPosixFilePermissions(file),
            Integer.toOctalString(mode));
      }
    }
  }

  @Test
  void createsFilesAndDirectoriesWithTheRequestedPermissionAndChecksums() throws Exception {
    try (FileSystem fs = fs()) {
      Path dir = new Path(tmp.resolve("d").toUri());
      assertTrue(fs.mkdirs(dir, new FsPermission((short) 0700)));
      assertEquals(PosixFilePermissions.fromString("rwx------"),
          Files.getPosixFilePermissions(tmp.resolve("d")));
      Path file = new Path(dir, "part");
      try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1,
          1 << 20, null)) {
        out.write("hello\n".getBytes(StandardCharsets.UTF_8));
      }
      assertEquals(PosixFilePermissions.fromString("rw-r-----"),
          Files.getPosixFilePermissions(tmp.resolve("d/part")));
      assertEquals("hello\n", Files.readString(tmp.resolve("d/part")));
      assertTrue(Files.exists(tmp.resolve("d/.part.crc")), "checksummed as Hadoop's LocalFileSystem");
      assertEquals(new FsPermission((short) 0640), fs.getFileStatus(file).getPermission());
    }
  }

  @Test
  void aMissingFileIsFileNotFound() throws Exception {
    try (FileSystem fs = fs()) {
      assertThrows(FileNotFoundException.class,
          () -> fs.setPermission(new Path(tmp.resolve("missing").toUri()), new FsPermission((short) 0644)));
    }
  }
}
