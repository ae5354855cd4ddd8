package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderedDecimal}: unsigned byte order of encodings equals {@link BigDecimal#compareTo}
 * order, equal numbers encode equally, and decoding gives the value back.
 */
class OrderedDecimalTest {
  private static byte[] encode(String text) {
    ParsedDecimal d = new ParsedDecimal();
    assertEquals(null, DecimalParser.parse(text, d), text);
    byte[] buf = new byte[OrderedDecimal.MAX_PARSED_LENGTH];
    int n = OrderedDecimal.encode(d, buf, 0);
    byte[] viaBig = new byte[OrderedDecimal.MAX_PARSED_LENGTH];
    int m = OrderedDecimal.encode(new BigDecimal(text.replace("+", "")), viaBig, 0);
    assertEquals(Arrays.toString(Arrays.copyOf(viaBig, m)), Arrays.toString(Arrays.copyOf(buf, n)),
        "long and BigDecimal paths agree for " + text);
    return Arrays.copyOf(buf, n);
  }

  private static List<String> samples() {
    List<String> s = new ArrayList<>(List.of("0", "-0", "0.000", "1", "1.0", "1.5", "1.55", "1.05", "10", "100",
        "99", "-1", "-1.5", "-1.55", "-10", "-100", "0.1", "0.01", "-0.01", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "1e999", "-1e999", "1e-1000", "-1e-1000",
        "123456789012345678901234567890.5", "12345678901234567890", "1234567890123456789",
        "0.5", "5", "50", "0.05", "2.5e-3", "999999999999999999", "1000000000000000000"));
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 3000; i++) {
      long u = switch (r.nextInt(3)) {
        case 0 -> r.nextLong(-1000, 1000);
        case 1 -> r.nextLong(-2_000_000, 2_000_000);
        default -> r.nextLong();
      };
      s.add(BigDecimal.valueOf(u, r.nextInt(-5, 30)).toString());
    }
    return s;
  }

  @Test
  void byteOrderIsNumericOrder() {
    List<String> s = samples();
    List<byte[]> enc = new ArrayList<>();
    for (String t : s) {
      enc.add(encode(t));
    }
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 0; k < 200_000; k++) {
      int i = r.nextInt(s.size());
      int j = r.nextInt(s.size());
      int expected = Integer.signum(new BigDecimal(s.get(i)).compareTo(new BigDecimal(s.get(j))));
      int got = Integer.signum(Arrays.compareUnsigned(enc.get(i), enc.get(j)));
      assertEquals(expected, got, s.get(i) + " vs " + s.get(j));
    }
    assertEquals(0, Arrays.compareUnsigned(encode("1.50"), encode("15e-1")));
    assertEquals(0, Arrays.compareUnsigned(encode("100"), encode("1E+2")));
  }

  @Test
  void decodeGivesTheValueBack() {
    for (String t : samples()) {
      byte[] e = encode(t);
      BigDecimal back = OrderedDecimal.decode(e, 0, e.length);
      assertEquals(0, back.compareTo(new BigDecimal(t)), t);
      assertEquals(DecimalText.normalize(new BigDecimal(t)), back, t);
    }
  }

  @Test
  void encodingIsCompact() {
    assertEquals(1, encode("0").length);
    assertEquals(5, encode("1000000").length); // sign, exponent (2), one pair, terminator
    assertEquals(7, encode("-999999").length); // three pairs
    assertTrue(encode("1" + "0".repeat(999) + "." + "0".repeat(999) + "1").length <= OrderedDecimal.MAX_PARSED_LENGTH);
  }
}
