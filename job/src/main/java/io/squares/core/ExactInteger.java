package io.squares.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;

/**
 * A mutable exact integer of any size: a two's-complement 128-bit value in two longs while it fits,
 * a {@link BigInteger} beyond that.
 *
 * <p>The representation is canonical (a value that fits in 128 bits is never held as a
 * BigInteger), so equal values serialize to equal bytes. Adding longs or squares of longs
 * allocates nothing while the value stays within 128 bits.
 */
final class ExactInteger {
  private static final int TAG_LONG = 0;
  private static final int TAG_128 = 1;
  private static final int TAG_BIG = 2;
  /** Largest serialized BigInteger accepted, in bytes; far above anything the parser admits. */
  private static final int MAX_BIG_BYTES = 1 << 20;

  private long hi;
  private long lo;
  /** The value when it does not fit in 128 bits; null otherwise. */
  private BigInteger big;

  void setZero() {
    hi = 0;
    lo = 0;
    big = null;
  }

  void set(long v) {
    hi = v >> 63;
    lo = v;
    big = null;
  }

  /** Sets a value given as a two's-complement 128-bit pair (always held in words: canonical). */
  void set128(long high, long low) {
    hi = high;
    lo = low;
    big = null;
  }

  void set(ExactInteger other) {
    hi = other.hi;
    lo = other.lo;
    big = other.big;
  }

  void set(BigInteger v) {
    if (v.bitLength() < 128) {
      hi = v.shiftRight(64).longValue();
      lo = v.longValue();
      big = null;
    } else {
      hi = 0;
      lo = 0;
      big = v;
    }
  }

  boolean fitsInLong() {
    return big == null && hi == (lo >> 63);
  }

  /** @return the value, when {@link #fitsInLong()} */
  long longValue() {
    return lo;
  }

  int signum() {
    if (big != null) {
      return big.signum();
    }
    return hi < 0 ? -1 : (hi == 0 && lo == 0 ? 0 : 1);
  }

  void add(long v) {
    if (big != null) {
      set(big.add(BigInteger.valueOf(v)));
    } else {
      add128(v >> 63, v);
    }
  }

  /** Adds {@code v * v}. */
  /** Sets this to the square of another value (which must not be this one). */
  void setSquareOf(ExactInteger v) {
    if (v.fitsInLong()) {
      setZero();
      addSquare(v.lo);
    } else {
      BigInteger b = v.toBigInteger();
      set(b.multiply(b));
    }
  }

  void addSquare(long v) {
    if (big != null) {
      BigInteger b = BigInteger.valueOf(v);
      set(big.add(b.multiply(b)));
    } else {
      // |v| <= 2^63, so v*v <= 2^126 fits in 128 signed bits.
      add128(Math.multiplyHigh(v, v), v * v);
    }
  }

  void add(BigInteger v) {
    set(toBigInteger().add(v));
  }

  void add(ExactInteger other) {
    if (big == null && other.big == null) {
      add128(other.hi, other.lo);
    } else {
      set(toBigInteger().add(other.toBigInteger()));
    }
  }

  /** Multiplies by {@code 10^n}, {@code n >= 0}. */
  void multiplyByPow10(int n) {
    if (n == 0 || signum() == 0) {
      return;
    }
    if (n < Pow10.LONG_POWERS && fitsInLong()) {
      // A long times a positive long always fits in 128 bits.
      long p = Pow10.LONG[n];
      hi = Math.multiplyHigh(lo, p);
      lo = lo * p;
      return;
    }
    set(toBigInteger().multiply(Pow10.big(n)));
  }

  int compareTo(long v) {
    if (big != null) {
      return big.signum(); // |big| >= 2^127 > |v|
    }
    return compare128(hi, lo, v >> 63, v);
  }

  int compareTo(BigInteger v) {
    return toBigInteger().compareTo(v);
  }

  int compareTo(ExactInteger other) {
    if (big == null && other.big == null) {
      return compare128(hi, lo, other.hi, other.lo);
    }
    return toBigInteger().compareTo(other.toBigInteger());
  }

  BigInteger toBigInteger() {
    if (big != null) {
      return big;
    }
    if (hi == (lo >> 63)) {
      return BigInteger.valueOf(lo);
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (hi >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return new BigInteger(bytes);
  }

  /** Writes a tag byte and then a zig-zag varint, two words, or the BigInteger's bytes. */
  void write(DataOutput out) throws IOException {
    if (big != null) {
      byte[] bytes = big.toByteArray();
      out.writeByte(TAG_BIG);
      VarInts.writeUnsigned(out, bytes.length);
      out.write(bytes);
    } else if (hi == (lo >> 63)) {
      out.writeByte(TAG_LONG);
      VarInts.writeSigned(out, lo);
    } else {
      out.writeByte(TAG_128);
      VarInts.writeSigned(out, hi);
      out.writeLong(lo);
    }
  }

  /** Reads what {@link #write(DataOutput)} wrote, overwriting this value. */
  void readFields(DataInput in) throws IOException {
    int tag = in.readUnsignedByte();
    switch (tag) {
      case TAG_LONG:
        set(VarInts.readSigned(in));
        break;
      case TAG_128:
        hi = VarInts.readSigned(in);
        lo = in.readLong();
        big = null;
        break;
      case TAG_BIG:
        long length = VarInts.readUnsigned(in);
        if (length <= 0 || length > MAX_BIG_BYTES) {
          throw new IOException("corrupt exact integer: length " + length);
        }
        byte[] bytes = new byte[(int) length];
        in.readFully(bytes);
        set(new BigInteger(bytes));
        break;
      default:
        throw new IOException("corrupt exact integer: tag " + tag);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ExactInteger)) {
      return false;
    }
    ExactInteger other = (ExactInteger) o;
    return big == null ? other.big == null && hi == other.hi && lo == other.lo
        : big.equals(other.big);
  }

  @Override
  public int hashCode() {
    return big != null ? big.hashCode() : Long.hashCode(hi) * 31 + Long.hashCode(lo);
  }

  @Override
  public String toString() {
    return toBigInteger().toString();
  }

  private void add128(long bHi, long bLo) {
    long rLo = lo + bLo;
    long carry = Long.compareUnsigned(rLo, lo) < 0 ? 1 : 0;
    long rHi = hi + bHi + carry;
    // Signed overflow of the high word: the operands agree in sign and the result does not.
    if (((hi ^ rHi) & (bHi ^ rHi)) < 0) {
      BigInteger sum = toBigInteger().add(toBigInteger(bHi, bLo));
      big = sum;
      hi = 0;
      lo = 0;
      return;
    }
    hi = rHi;
    lo = rLo;
  }

  private static BigInteger toBigInteger(long hi, long lo) {
    ExactInteger tmp = new ExactInteger();
    tmp.hi = hi;
    tmp.lo = lo;
    return tmp.toBigInteger();
  }

  private static int compare128(long aHi, long aLo, long bHi, long bLo) {
    if (aHi != bHi) {
      return Long.compare(aHi, bHi);
    }
    return Long.compareUnsigned(aLo, bLo);
  }
}
