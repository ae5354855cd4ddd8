package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalParserTest {

  /** Parses text as bytes and checks it against {@code new BigDecimal} and the normal form. */
  private static void assertParsesLikeBigDecimal(String text) {
    ParsedDecimal out = new ParsedDecimal();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertNull(DecimalParser.parse(bytes, 0, bytes.length, out), () -> "rejected: " + text);
    assertNormalizedEqual(new BigDecimal(stripBlanks(text)), out, text);
  }

  /** Independent normalization: the oracle's value with trailing zeros removed, scale >= 0. */
  static void assertNormalizedEqual(BigDecimal expected, ParsedDecimal actual, String context) {
    assertEquals(0, expected.compareTo(actual.toBigDecimal()), () -> "value of " + context);
    BigInteger unscaled = expected.unscaledValue();
    int scale = expected.scale();
    if (unscaled.signum() == 0) {
      scale = 0;
    }
    while (scale > 0 && unscaled.mod(BigInteger.TEN).signum() == 0) {
      unscaled = unscaled.divide(BigInteger.TEN);
      scale--;
    }
    if (scale < 0) {
      unscaled = unscaled.multiply(BigInteger.TEN.pow(-scale));
      scale = 0;
    }
    assertEquals(scale, actual.scale(), () -> "scale of " + context);
    assertEquals(unscaled, actual.unscaledBig(), () -> "unscaled of " + context);
    assertEquals(unscaled.bitLength() < 64, actual.fitsInLong(), () -> "long form of " + context);
    if (actual.fitsInLong()) {
      assertEquals(unscaled.longValueExact(), actual.unscaledLong());
    }
    assertEquals(unscaled.signum(), actual.signum());
  }

  private static String stripBlanks(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && (s.charAt(b) == ' ' || s.charAt(b) == '\t')) {
      b++;
    }
    while (e > b && (s.charAt(e - 1) == ' ' || s.charAt(e - 1) == '\t')) {
      e--;
    }
    return s.substring(b, e);
  }

  private static BadRecordReason reasonFor(String text) {
    return DecimalParser.parse(text, new ParsedDecimal());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "0", "-0", "+0", "0.000", "-0.00", "000", ".0", "0.", "00012.3400", "3.50", "100", "1e3",
    "1E+3", "1.5e-3", "1.5E-03", ".5", "5.", "-.5", "+5", "  7\t", "\t -1.25 \t", "0.1e1",
    "1e0", "1e-0", "12e-1", "123.456e-2", "0.0000000000000000000001", "1000000000000000000000",
    "123456789012345678", "-123456789012345678", "999999999999999999", "1234567890123456789",
    "12345678901234567890", "-12345678901234567890", "9223372036854775807",
    "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
    "9223372036854775807.5", "92233720368547758.07", "9.2e18", "9.3e18", "-9.2e18",
    "922337203685477580.7e1", "9223372036854775807e1", "1e18", "1e19", "1.000000000000000000000000000001",
    "1234567890123456789012345678901234567890", "0.000123456789012345678901234567890",
    "1e-1000", "1e999", "9.99e999", "-1e-1000", "5e-1000", "00000000000000000000000000000000001",
    "1.10000000000000000000000000000000000000000", "18446744073709551616",
  })
  void validTextParsesExactlyLikeBigDecimal(String text) {
    assertParsesLikeBigDecimal(text);
  }

  @Test
  void normalizationStripsTrailingZerosAndNegativeScales() {
    ParsedDecimal out = new ParsedDecimal();
    assertNull(DecimalParser.parse("3.50", out));
    assertEquals(35, out.unscaledLong());
    assertEquals(1, out.scale());
    assertNull(DecimalParser.parse("100", out));
    assertEquals(100, out.unscaledLong());
    assertEquals(0, out.scale());
    assertNull(DecimalParser.parse("1e3", out));
    assertEquals(1000, out.unscaledLong());
    assertEquals(0, out.scale());
    assertNull(DecimalParser.parse("0.000", out));
    assertEquals(0, out.unscaledLong());
    assertEquals(0, out.scale());
    assertNull(DecimalParser.parse("-0", out));
    assertEquals(0, out.signum());
    assertEquals(0, out.unscaledLong());
  }

  @Test
  void zeroWithHugeExponentIsZero() {
    ParsedDecimal out = new ParsedDecimal();
    for (String text : new String[] {"0e99999999999999999999", "0e-99999999999999999999",
      "-0.000E+99999999999999999999999999999", "0e9223372036854775807"}) {
      out.set(7, 0);
      assertNull(DecimalParser.parse(text, out), text);
      assertEquals(0, out.signum(), text);
      assertEquals(0, out.scale(), text);
      assertTrue(out.fitsInLong());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''|EMPTY_VALUE", "' '|EMPTY_VALUE", "'\t \t'|EMPTY_VALUE",
    "NaN|NOT_FINITE", "nan|NOT_FINITE", "-NaN|NOT_FINITE", "+nAn|NOT_FINITE",
    "Infinity|NOT_FINITE", "-Infinity|NOT_FINITE", "+INFINITY|NOT_FINITE", "INF|NOT_FINITE",
    "-inf|NOT_FINITE", "+Inf|NOT_FINITE", "' infinity '|NOT_FINITE",
    "abc|NOT_A_NUMBER", "0x1F|NOT_A_NUMBER", "0X1F|NOT_A_NUMBER", "'1,5'|NOT_A_NUMBER",
    "1e|NOT_A_NUMBER", "1e+|NOT_A_NUMBER", "1E-|NOT_A_NUMBER", "--1|NOT_A_NUMBER",
    "+-1|NOT_A_NUMBER", "-|NOT_A_NUMBER", "+|NOT_A_NUMBER", ".|NOT_A_NUMBER",
    "-.|NOT_A_NUMBER", "e5|NOT_A_NUMBER", ".e1|NOT_A_NUMBER", "1.2.3|NOT_A_NUMBER",
    "'1 2'|NOT_A_NUMBER", "'- 1'|NOT_A_NUMBER", "1e5.5|NOT_A_NUMBER", "1e1e1|NOT_A_NUMBER",
    "Infin|NOT_A_NUMBER", "infinit|NOT_A_NUMBER", "NaNa|NOT_A_NUMBER", "Infinityx|NOT_A_NUMBER",
    "In|NOT_A_NUMBER", "N|NOT_A_NUMBER", "--inf|NOT_A_NUMBER", "1_000|NOT_A_NUMBER",
    "1d|NOT_A_NUMBER", "1f|NOT_A_NUMBER", "1L|NOT_A_NUMBER", "0b1|NOT_A_NUMBER",
    "5%|NOT_A_NUMBER", "$5|NOT_A_NUMBER", "½|NOT_A_NUMBER", "١|NOT_A_NUMBER",
    "１|NOT_A_NUMBER", "∞|NOT_A_NUMBER", "1é|NOT_A_NUMBER", "'1\u00a0'|NOT_A_NUMBER",
    "'\u00a01'|NOT_A_NUMBER", "1e+-1|NOT_A_NUMBER", "1.e|NOT_A_NUMBER",
    "1e1000|OUT_OF_RANGE", "-1e1000|OUT_OF_RANGE", "1e-1001|OUT_OF_RANGE",
    "9.99e1000|OUT_OF_RANGE", "1e99999999999999999999|OUT_OF_RANGE",
    "-1e99999999999999999999|OUT_OF_RANGE", "1e-99999999999999999999|OUT_OF_RANGE",
    "1.5e9223372036854775807|OUT_OF_RANGE", "1.5e-9223372036854775808|OUT_OF_RANGE",
    "1e18446744073709551616|OUT_OF_RANGE",
  })
  void invalidTextIsRejectedWithItsReason(String text, BadRecordReason expected) {
    assertEquals(expected, reasonFor(text));
  }

  @Test
  void scaleLimitIsExactlyMaxScaleAfterNormalization() {
    String atLimit = "0." + "0".repeat(DecimalParser.MAX_SCALE - 1) + "1";
    ParsedDecimal out = new ParsedDecimal();
    assertNull(DecimalParser.parse(atLimit, out));
    assertEquals(DecimalParser.MAX_SCALE, out.scale());
    assertEquals(1, out.unscaledLong());
    assertEquals(BadRecordReason.OUT_OF_RANGE,
        reasonFor("0." + "0".repeat(DecimalParser.MAX_SCALE) + "1"));
    // Trailing zeros beyond the limit do not count: they vanish in normalization.
    assertNull(DecimalParser.parse("0.5" + "0".repeat(3 * DecimalParser.MAX_SCALE), out));
    assertEquals(1, out.scale());
    // The exponent counts: 1e-1000 is at the limit, 10e-1001 too, 1e-1001 is beyond.
    assertNull(DecimalParser.parse("10e-1001", out));
    assertEquals(DecimalParser.MAX_SCALE, out.scale());
    assertEquals(BadRecordReason.OUT_OF_RANGE, reasonFor("1e-1001"));
  }

  @Test
  void integerDigitLimitIsExactlyMaxIntegerDigits() {
    String atLimit = "9".repeat(DecimalParser.MAX_INTEGER_DIGITS);
    ParsedDecimal out = new ParsedDecimal();
    assertNull(DecimalParser.parse(atLimit + ".25", out));
    assertNormalizedEqual(new BigDecimal(atLimit + ".25"), out, "limit");
    assertEquals(BadRecordReason.OUT_OF_RANGE, reasonFor("1" + atLimit));
    // Leading zeros do not count.
    assertNull(DecimalParser.parse("000" + atLimit, out));
    assertEquals(BadRecordReason.OUT_OF_RANGE, reasonFor(atLimit + "e1"));
    assertNull(DecimalParser.parse(atLimit + "e-1", out));
    assertNull(DecimalParser.parse("1e" + (DecimalParser.MAX_INTEGER_DIGITS - 1), out));
    assertEquals(BadRecordReason.OUT_OF_RANGE,
        reasonFor("1e" + DecimalParser.MAX_INTEGER_DIGITS));
    // Both limits at once: 1000 integer digits and scale 1000.
    String both = atLimit + "." + "0".repeat(DecimalParser.MAX_SCALE - 1) + "7";
    assertNull(DecimalParser.parse(both, out));
    assertNormalizedEqual(new BigDecimal(both), out, "both limits");
  }

  @Test
  void longBoundariesChooseTheRightForm() {
    ParsedDecimal out = new ParsedDecimal();
    assertNull(DecimalParser.parse("9223372036854775807", out));
    assertTrue(out.fitsInLong());
    assertEquals(Long.MAX_VALUE, out.unscaledLong());
    assertNull(DecimalParser.parse("-9223372036854775808", out));
    assertTrue(out.fitsInLong());
    assertEquals(Long.MIN_VALUE, out.unscaledLong());
    assertNull(DecimalParser.parse("9223372036854775808", out));
    assertFalse(out.fitsInLong());
    assertEquals(new BigInteger("9223372036854775808"), out.unscaledBig());
    assertNull(DecimalParser.parse("-92233720368547758.08", out));
    assertTrue(out.fitsInLong());
    assertEquals(Long.MIN_VALUE, out.unscaledLong());
    assertEquals(2, out.scale());
    assertNull(DecimalParser.parse("9.2e18", out));
    assertTrue(out.fitsInLong());
    assertEquals(9_200_000_000_000_000_000L, out.unscaledLong());
    assertNull(DecimalParser.parse("9.3e18", out));
    assertFalse(out.fitsInLong());
    assertNull(DecimalParser.parse("-9.223372036854775808e18", out));
    assertEquals(Long.MIN_VALUE, out.unscaledLong());
    // A long-form parse after a BigInteger one must drop the BigInteger.
    assertNull(DecimalParser.parse("12", out));
    assertTrue(out.fitsInLong());
    assertEquals(12, out.unscaledLong());
  }

  @Test
  void parsesOnlyTheGivenRangeOfTheBuffer() {
    byte[] buf = "9912.5e1xx".getBytes(StandardCharsets.US_ASCII);
    ParsedDecimal out = new ParsedDecimal();
    assertNull(DecimalParser.parse(buf, 2, 6, out));
    assertEquals(125, out.unscaledLong());
    assertEquals(1, out.scale());
    assertEquals(BadRecordReason.NOT_A_NUMBER, DecimalParser.parse(buf, 2, 7, out));
    assertEquals(BadRecordReason.EMPTY_VALUE, DecimalParser.parse(buf, 3, 3, out));
  }

  @Test
  void randomDigitStringsRoundTripThroughBigDecimal() {
    SplittableRandom random = new SplittableRandom(20240611L);
    ParsedDecimal out = new ParsedDecimal();
    for (int iteration = 0; iteration < 20_000; iteration++) {
      StringBuilder sb = new StringBuilder();
      if (random.nextInt(4) == 0) {
        sb.append(random.nextBoolean() ? ' ' : '\t');
      }
      int sign = random.nextInt(3);
      if (sign == 1) {
        sb.append('-');
      } else if (sign == 2) {
        sb.append('+');
      }
      sb.append("0".repeat(random.nextInt(3) == 0 ? random.nextInt(4) : 0));
      int intDigits = random.nextInt(4) == 0 ? 0 : random.nextInt(1, 26);
      appendDigits(random, sb, intDigits);
      int fracDigits = random.nextInt(3) == 0 ? 0 : random.nextInt(0, 26);
      if (intDigits == 0 && fracDigits == 0) {
        fracDigits = 1;
      }
      if (fracDigits > 0 || (intDigits > 0 && random.nextInt(5) == 0)) {
        sb.append('.');
        appendDigits(random, sb, fracDigits);
        sb.append("0".repeat(random.nextInt(3) == 0 ? random.nextInt(5) : 0));
      }
      if (random.nextBoolean()) {
        sb.append(random.nextBoolean() ? 'e' : 'E');
        int expSign = random.nextInt(3);
        if (expSign == 1) {
          sb.append('-');
        } else if (expSign == 2) {
          sb.append('+');
        }
        sb.append(random.nextInt(0, 45));
      }
      if (random.nextInt(4) == 0) {
        sb.append(" \t");
      }
      String text = sb.toString();
      assertNull(DecimalParser.parse(text, out), text);
      assertNormalizedEqual(new BigDecimal(stripBlanks(text)), out, text);
    }
  }

  private static void appendDigits(SplittableRandom random, StringBuilder sb, int count) {
    for (int k = 0; k < count; k++) {
      // Favor zeros so that runs of zeros inside and around the digits are common.
      sb.append(random.nextInt(3) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
    }
  }

  @Test
  void randomLongsParseIntoTheLongForm() {
    SplittableRandom random = new SplittableRandom(7);
    ParsedDecimal out = new ParsedDecimal();
    for (int k = 0; k < 20_000; k++) {
      long v = random.nextLong() >> random.nextInt(64);
      assertNull(DecimalParser.parse(Long.toString(v), out));
      assertTrue(out.fitsInLong());
      assertEquals(v, out.unscaledLong());
      assertEquals(0, out.scale());
    }
  }

  @Test
  void bigDecimalToStringOutputRoundTrips() {
    SplittableRandom random = new SplittableRandom(99);
    ParsedDecimal out = new ParsedDecimal();
    for (int k = 0; k < 5_000; k++) {
      BigInteger unscaled = new BigInteger(random.nextInt(1, 200), new java.util.Random(random.nextLong()));
      if (random.nextBoolean()) {
        unscaled = unscaled.negate();
      }
      BigDecimal v = new BigDecimal(unscaled, random.nextInt(-30, 60));
      String text = v.toString(); // scientific notation when the exponent is large
      assertNull(DecimalParser.parse(text, out), text);
      assertNormalizedEqual(v, out, text);
    }
  }
}
