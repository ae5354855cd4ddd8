package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ParsedDecimalTest {

  @Test
  void newHolderIsZero() {
    ParsedDecimal v = new ParsedDecimal();
    assertEquals(0, v.signum());
    assertEquals(0, v.scale());
    assertEquals(BigDecimal.ZERO, v.toBigDecimal());
    assertEquals("0", v.toString());
  }

  @Test
  void longSetterNormalizes() {
    ParsedDecimal v = new ParsedDecimal();
    v.set(350, 2);
    assertEquals(35, v.unscaledLong());
    assertEquals(1, v.scale());
    v.set(0, 7);
    assertEquals(0, v.scale());
    v.set(12, -2);
    assertEquals(1200, v.unscaledLong());
    assertEquals(0, v.scale());
    v.set(Long.MAX_VALUE, -1);
    assertFalse(v.fitsInLong());
    assertEquals(BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TEN), v.unscaledBig());
  }

  @Test
  void bigSettersUseTheLongFormWheneverItFits() {
    ParsedDecimal v = new ParsedDecimal();
    v.set(new BigDecimal("92233720368547758070"));
    assertFalse(v.fitsInLong());
    assertThrows(IllegalStateException.class, v::unscaledLong);
    v.set(new BigDecimal("922337203685477580.70"));
    assertTrue(v.fitsInLong());
    assertEquals(Long.MAX_VALUE, v.unscaledLong());
    assertEquals(1, v.scale());
    v.set(BigInteger.valueOf(Long.MIN_VALUE), 3);
    assertTrue(v.fitsInLong());
    assertEquals(Long.MIN_VALUE, v.unscaledLong());
    v.set(new BigDecimal("-1.2300E+5"));
    assertEquals(-123000, v.unscaledLong());
    assertEquals(0, v.scale());
    assertEquals(-1, v.signum());
  }

  @Test
  void copyTakesValueAndForm() {
    ParsedDecimal a = new ParsedDecimal();
    a.set(new BigDecimal("-123456789012345678901234567890.5"));
    ParsedDecimal b = new ParsedDecimal();
    b.set(a);
    assertEquals(a.toBigDecimal(), b.toBigDecimal());
    assertEquals("-123456789012345678901234567890.5", b.toString());
    assertEquals(-1, b.signum());
  }
}
