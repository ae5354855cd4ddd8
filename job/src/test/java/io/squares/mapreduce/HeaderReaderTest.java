package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderReaderTest {
  @TempDir java.nio.file.Path dir;

  private String header(String name, byte[] content) throws IOException {
    java.nio.file.Path f = dir.resolve(name);
    if (name.endsWith(".gz")) {
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
        o.write(content);
      }
    } else {
      Files.write(f, content);
    }
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    return new String(HeaderReader.firstLine(new Path(f.toUri()), conf), StandardCharsets.UTF_8);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void firstLineEndsAtLfCrLfOrALoneCr() throws IOException {
    assertEquals("key,value", header("lf.csv", b("key,value\na,1\n")));
    assertEquals("key,value", header("crlf.csv", b("key,value\r\na,1\r\n")));
    assertEquals("key,value", header("cr.csv", b("key,value\ra,1\rb,2\r")));
    assertEquals("key,value", header("cr.csv.gz", b("key,value\ra,1\r")));
    assertEquals("key,value", header("unterminated.csv", b("key,value")));
    assertEquals("", header("empty.csv", new byte[0]));
  }
}
