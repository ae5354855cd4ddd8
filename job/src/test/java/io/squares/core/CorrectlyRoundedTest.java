package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CorrectlyRoundedTest {

  private static BigDecimal sqrt17(String p, String q) {
    return CorrectlyRounded.sqrt(new BigInteger(p), new BigInteger(q), 17);
  }

  @Test
  void exactRootsAreReturnedExactly() {
    assertEquals(new BigDecimal("2"), sqrt17("4", "1"));
    assertEquals(new BigDecimal("0.5"), sqrt17("1", "4"));
    assertEquals(new BigDecimal("30000000000"), sqrt17("900000000000000000000", "1"));
    assertEquals(BigDecimal.ZERO, sqrt17("0", "7"));
  }

  @Test
  void exactTiesRoundHalfEven() {
    // sqrt(v²/10^34) = v/10^17 exactly, with an 18th significant digit of 5: a true tie.
    BigInteger odd = new BigInteger("123456789012345675"); // ...67|5 -> 68
    BigInteger even = new BigInteger("123456789012345665"); // ...66|5 -> 66
    BigInteger q = BigInteger.TEN.pow(34);
    assertEquals(new BigDecimal("1.2345678901234568"),
        CorrectlyRounded.sqrt(odd.multiply(odd), q, 17));
    assertEquals(new BigDecimal("1.2345678901234566"),
        CorrectlyRounded.sqrt(even.multiply(even), q, 17));
    // Just above the tie (sticky bit set): always up, even for an even kept digit.
    assertEquals(new BigDecimal("1.2345678901234567"),
        CorrectlyRounded.sqrt(even.multiply(even).add(BigInteger.ONE), q, 17));
    // Just below: always down.
    assertEquals(new BigDecimal("1.2345678901234567"),
        CorrectlyRounded.sqrt(odd.multiply(odd).subtract(BigInteger.ONE), q, 17));
  }

  @Test
  void roundingUpToTheNextPowerOfTenIsCorrect() {
    // sqrt(99999999999999999.9²) rounds up to 10^17 at 17 digits.
    BigInteger v = new BigInteger("999999999999999999");
    BigDecimal r = CorrectlyRounded.sqrt(v.multiply(v), BigInteger.valueOf(100), 17);
    assertEquals(0, new BigDecimal("1E+17").compareTo(r));
  }

  @Test
  void randomRationalsAreCorrectlyRounded() {
    SplittableRandom random = new SplittableRandom(3);
    Random bits = new Random(4);
    for (int k = 0; k < 3_000; k++) {
      BigInteger p = new BigInteger(random.nextInt(1, 400), bits);
      BigInteger q = new BigInteger(random.nextInt(1, 400), bits).add(BigInteger.ONE);
      if (random.nextInt(4) == 0) {
        BigInteger root = new BigInteger(random.nextInt(1, 120), bits);
        p = root.multiply(root).multiply(BigInteger.TEN.pow(random.nextInt(0, 40)));
        q = BigInteger.TEN.pow(random.nextInt(0, 40));
      }
      CorrectRoundingOracle.assertRoundedSqrt(p, q, CorrectlyRounded.sqrt(p, q, 17));
    }
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> CorrectlyRounded.sqrt(BigInteger.ONE.negate(), BigInteger.ONE, 17));
    assertThrows(IllegalArgumentException.class,
        () -> CorrectlyRounded.sqrt(BigInteger.ONE, BigInteger.ZERO, 17));
  }
}
