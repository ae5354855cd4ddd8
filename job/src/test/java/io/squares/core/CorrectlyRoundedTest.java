package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * The double route ({@link CorrectlyRounded#sqrtFromDouble}) on its own, against the oracle: the
   * shapes of a variance (numerator of up to 200 bits over n·(n-1)·10^2s), exact squares and exact
   * ties, where the double's candidate sits on a rounding boundary.
   */
  @Test
  void theDoubleRouteIsCorrectlyRoundedOrDeclines() {
    SplittableRandom random = new SplittableRandom(5);
    Random bits = new Random(6);
    int answered = 0;
    for (int k = 0; k < 20_000; k++) {
      BigInteger p;
      BigInteger q;
      switch (k % 4) {
        case 0 -> {
          long n = random.nextLong(2, 1_000_000);
          p = new BigInteger(random.nextInt(1, 200), bits);
          q = BigInteger.valueOf(n).multiply(BigInteger.valueOf(n - 1)).multiply(BigInteger.TEN.pow(2 * random.nextInt(0, 6)));
        }
        case 1 -> { // exact squares
          BigInteger root = new BigInteger(random.nextInt(1, 100), bits).add(BigInteger.ONE);
          p = root.multiply(root);
          q = BigInteger.TEN.pow(2 * random.nextInt(0, 20));
        }
        case 2 -> { // ties: an 18-digit root ending in 5, squared
          BigInteger root = BigInteger.valueOf(random.nextLong(100_000_000_000_000_00L, 999_999_999_999_999_99L) * 10 + 5);
          p = root.multiply(root);
          q = BigInteger.TEN.pow(2 * random.nextInt(0, 30));
        }
        default -> { // just beside a tie
          BigInteger root = BigInteger.valueOf(random.nextLong(100_000_000_000_000_00L, 999_999_999_999_999_99L) * 10 + 5);
          p = root.multiply(root).add(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
          q = BigInteger.TEN.pow(2 * random.nextInt(0, 30));
        }
      }
      BigDecimal fast = CorrectlyRounded.sqrtFromDouble(p, q, 17);
      if (fast != null) {
        answered++;
        CorrectRoundingOracle.assertRoundedSqrt(p, q, fast);
      }
    }
    assertTrue(answered > 19_000, answered + " of 20000 answered by the double route");
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> CorrectlyRounded.sqrt(BigInteger.ONE.negate(), BigInteger.ONE, 17));
    assertThrows(IllegalArgumentException.class,
        () -> CorrectlyRounded.sqrt(BigInteger.ONE, BigInteger.ZERO, 17));
  }
}
