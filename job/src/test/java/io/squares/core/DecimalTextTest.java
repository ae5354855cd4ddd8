package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalTextTest {
  /** Canonical text: optional minus, no leading zeros, no trailing fractional zeros, no "-0". */
  private static final Pattern CANONICAL =
      Pattern.compile("0|-?(0|[1-9][0-9]*)\\.[0-9]*[1-9]|-?[1-9][0-9]*");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "0|0", "0.000|0", "-0|0", "0E-10|0", "0E+5|0", "-0.0|0", "100|100", "1E+3|1000",
    "1.00E+2|100", "12.2500|12.25", "-0.001000|-0.001", "1E-20|0.00000000000000000001",
    "-12345678901234567890.50|-12345678901234567890.5", "5E+1|50", "7|7",
  })
  void plainIsCanonical(String input, String expected) {
    assertEquals(expected, DecimalText.plain(new BigDecimal(input)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "0.1|0.01", "-3.5|12.25", "12|144", "0|0", "-0|0", "0.5|0.25", "1.1|1.21", "10|100",
    "-1|1", "0.001|0.000001", "3037000499|9223372030926249001",
    "-3037000499|9223372030926249001", "3037000500|9223372037000250000",
    "-3037000500|9223372037000250000", "30370004.99|922337203092624.9001",
    "0.3037000499|0.09223372030926249001", "9223372036854775807|85070591730234615847396907784232501249",
    "1.5e-20|0.000000000000000000000000000000000000000225", "1e10|100000000000000000000",
    "123456789012345678901234567890|15241578753238836750495351562536198787501905199875019052100",
  })
  void appendSquareWritesTheExactSquare(String input, String expected) {
    ParsedDecimal v = new ParsedDecimal();
    v.set(new BigDecimal(input));
    StringBuilder sb = new StringBuilder("prefix|");
    DecimalText.appendSquare(v, sb);
    assertEquals("prefix|" + expected, sb.toString());
  }

  @Test
  void squareOfTinyValueHasAllLeadingZeros() {
    ParsedDecimal v = new ParsedDecimal();
    v.set(BigInteger.ONE, 500);
    StringBuilder sb = new StringBuilder();
    DecimalText.appendSquare(v, sb);
    assertEquals("0." + "0".repeat(999) + "1", sb.toString());
  }

  @Test
  void randomSquaresMatchBigDecimalMultiplication() {
    SplittableRandom random = new SplittableRandom(5);
    Random bits = new Random(6);
    ParsedDecimal v = new ParsedDecimal();
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < 20_000; k++) {
      BigInteger unscaled;
      switch (random.nextInt(4)) {
        case 0:
          unscaled = BigInteger.valueOf(random.nextLong(-3_037_000_499L, 3_037_000_500L));
          break;
        case 1:
          unscaled = BigInteger.valueOf(random.nextLong(-10_000, 10_000));
          break;
        case 2:
          unscaled = BigInteger.valueOf(random.nextLong());
          break;
        default:
          unscaled = new BigInteger(random.nextInt(1, 150), bits);
          break;
      }
      BigDecimal value = new BigDecimal(unscaled, random.nextInt(0, 25));
      v.set(value);
      sb.setLength(0);
      DecimalText.appendSquare(v, sb);
      String text = sb.toString();
      assertTrue(CANONICAL.matcher(text).matches(), text);
      assertEquals(0, new BigDecimal(text).compareTo(value.multiply(value)), text);
    }
  }

  @Test
  void plainOfRandomValuesIsCanonicalAndExact() {
    SplittableRandom random = new SplittableRandom(8);
    Random bits = new Random(9);
    for (int k = 0; k < 5_000; k++) {
      BigInteger unscaled = new BigInteger(random.nextInt(1, 120), bits);
      if (random.nextBoolean()) {
        unscaled = unscaled.negate();
      }
      BigDecimal value = new BigDecimal(unscaled, random.nextInt(-40, 40));
      String text = DecimalText.plain(value);
      assertTrue(CANONICAL.matcher(text).matches(), text);
      assertEquals(0, new BigDecimal(text).compareTo(value), text);
    }
  }
}
