package io.squares.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Byte-level helpers for {@link ExactStats} serialization tests. */
final class StatsSerialization {
  private StatsSerialization() {
  }

  static byte[] bytes(ExactStats stats) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      stats.write(new DataOutputStream(buffer));
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void read(byte[] bytes, ExactStats into) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    into.readFields(in);
    if (in.read() != -1) {
      throw new AssertionError("readFields left bytes unread");
    }
  }
}
