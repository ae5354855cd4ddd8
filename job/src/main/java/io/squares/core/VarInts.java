package io.squares.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Variable-length (LEB128, 7 bits per byte) encoding of longs; signed values use zig-zag. */
final class VarInts {
  private VarInts() {
  }

  static void writeUnsigned(DataOutput out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long readUnsigned(DataInput in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      if (shift == 63 && (b & 0xFE) != 0) {
        throw new IOException("corrupt varint: too large");
      }
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("corrupt varint: too long");
  }

  static void writeSigned(DataOutput out, long v) throws IOException {
    writeUnsigned(out, (v << 1) ^ (v >> 63));
  }

  static long readSigned(DataInput in) throws IOException {
    long z = readUnsigned(in);
    return (z >>> 1) ^ -(z & 1);
  }
}
