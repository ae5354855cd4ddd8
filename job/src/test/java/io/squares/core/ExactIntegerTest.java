package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactIntegerTest {
  private static final BigInteger TWO_127 = BigInteger.ONE.shiftLeft(127);

  @Test
  void randomOperationsMatchBigIntegerArithmetic() {
    SplittableRandom random = new SplittableRandom(11);
    Random bits = new Random(12);
    for (int run = 0; run < 300; run++) {
      ExactInteger x = new ExactInteger();
      BigInteger oracle = BigInteger.ZERO;
      for (int step = 0; step < 60; step++) {
        long v = edgyLong(random);
        switch (random.nextInt(6)) {
          case 0:
            x.add(v);
            oracle = oracle.add(BigInteger.valueOf(v));
            break;
          case 1:
            x.addSquare(v);
            oracle = oracle.add(BigInteger.valueOf(v).pow(2));
            break;
          case 2: {
            BigInteger b = new BigInteger(random.nextInt(1, 200), bits);
            b = random.nextBoolean() ? b : b.negate();
            x.add(b);
            oracle = oracle.add(b);
            break;
          }
          case 3: {
            ExactInteger other = new ExactInteger();
            BigInteger b = new BigInteger(random.nextInt(1, 140), bits).negate();
            other.set(b);
            x.add(other);
            oracle = oracle.add(b);
            break;
          }
          case 4: {
            int n = random.nextInt(0, 25);
            x.multiplyByPow10(n);
            oracle = oracle.multiply(BigInteger.TEN.pow(n));
            break;
          }
          default:
            assertEquals(Integer.signum(oracle.compareTo(BigInteger.valueOf(v))),
                Integer.signum(x.compareTo(v)));
            break;
        }
        assertEquals(oracle, x.toBigInteger());
        assertEquals(oracle.signum(), x.signum());
        assertEquals(oracle.bitLength() < 64, x.fitsInLong());
        assertCanonical(x, oracle);
      }
    }
  }

  /** Values near the word boundaries are where carries and overflows happen. */
  private static long edgyLong(SplittableRandom random) {
    switch (random.nextInt(4)) {
      case 0:
        return Long.MAX_VALUE - random.nextInt(1000);
      case 1:
        return Long.MIN_VALUE + random.nextInt(1000);
      case 2:
        return random.nextLong(-1000, 1000);
      default:
        return random.nextLong();
    }
  }

  /** Whatever route led to a value, it equals (and serializes like) a freshly set one. */
  private static void assertCanonical(ExactInteger x, BigInteger value) {
    ExactInteger fresh = new ExactInteger();
    fresh.set(value);
    assertEquals(fresh, x);
    assertEquals(fresh.hashCode(), x.hashCode());
    assertArrayEquals(bytes(fresh), bytes(x));
  }

  @Test
  void crossingTheSignedHundredTwentyEightBitLimitIsExact() {
    ExactInteger x = new ExactInteger();
    x.set(TWO_127.subtract(BigInteger.ONE));
    x.add(1);
    assertEquals(TWO_127, x.toBigInteger());
    x.add(-1);
    assertEquals(TWO_127.subtract(BigInteger.ONE), x.toBigInteger());
    x.set(TWO_127.negate());
    assertEquals(-1, x.compareTo(Long.MIN_VALUE));
    x.add(-1);
    assertEquals(TWO_127.negate().subtract(BigInteger.ONE), x.toBigInteger());
    // Squares of Long.MIN_VALUE: 2^126 each, so the second one reaches 2^127.
    ExactInteger squares = new ExactInteger();
    squares.addSquare(Long.MIN_VALUE);
    squares.addSquare(Long.MIN_VALUE);
    assertEquals(TWO_127, squares.toBigInteger());
    assertEquals(1, squares.compareTo(Long.MAX_VALUE));
  }

  @Test
  void serializationRoundTripsEveryRange() throws IOException {
    BigInteger[] values = {BigInteger.ZERO, BigInteger.valueOf(-1), BigInteger.valueOf(Long.MAX_VALUE),
      BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
      TWO_127.subtract(BigInteger.ONE), TWO_127.negate(), TWO_127, TWO_127.negate().subtract(BigInteger.ONE),
      BigInteger.TEN.pow(300).negate()};
    ExactInteger reused = new ExactInteger();
    reused.set(BigInteger.TEN.pow(50));
    for (BigInteger v : values) {
      ExactInteger x = new ExactInteger();
      x.set(v);
      byte[] written = bytes(x);
      reused.readFields(new DataInputStream(new ByteArrayInputStream(written)));
      assertEquals(v, reused.toBigInteger());
      assertArrayEquals(written, bytes(reused));
    }
    assertEquals(2, bytes(fromLong(-1)).length, "tag byte plus one varint byte");
  }

  @Test
  void corruptTagIsRejected() {
    byte[] corrupt = {7, 0};
    assertThrows(IOException.class, () -> new ExactInteger()
        .readFields(new DataInputStream(new ByteArrayInputStream(corrupt))));
  }

  private static ExactInteger fromLong(long v) {
    ExactInteger x = new ExactInteger();
    x.set(v);
    return x;
  }

  private static byte[] bytes(ExactInteger x) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      x.write(new DataOutputStream(buffer));
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
