package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Quantiles} and {@link QuantileSelection} against an independent oracle: the definition
 * evaluated over exact rationals (BigInteger numerator and denominator) on a sorted copy of the
 * values, compared with the printed result by cross-multiplication.
 */
class QuantilesTest {

  /** A rational num/den, den > 0. */
  private record Rational(BigInteger num, BigInteger den) {
    static Rational of(BigDecimal d) {
      return d.scale() >= 0 ? new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()))
          : new Rational(d.unscaledValue().multiply(BigInteger.TEN.pow(-d.scale())), BigInteger.ONE);
    }

    Rational plus(Rational o) {
      return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational minus(Rational o) {
      return plus(new Rational(o.num.negate(), o.den));
    }

    Rational times(Rational o) {
      return new Rational(num.multiply(o.num), den.multiply(o.den));
    }

    boolean sameAs(BigDecimal d) {
      Rational o = of(d);
      return num.multiply(o.den).equals(o.num.multiply(den));
    }
  }

  /** The definition, over rationals: v[f] + (h - f)(v[f+1] - v[f]), h = (n-1)p, f = floor(h). */
  private static Rational oracle(List<BigDecimal> values, BigDecimal p) {
    List<BigDecimal> sorted = new ArrayList<>(values);
    sorted.sort(BigDecimal::compareTo);
    Rational h = Rational.of(new BigDecimal(values.size() - 1)).times(Rational.of(p));
    BigInteger f = h.num.divide(h.den); // h >= 0: truncation is floor
    int fi = f.intValueExact();
    Rational frac = h.minus(new Rational(f, BigInteger.ONE));
    Rational lo = Rational.of(sorted.get(fi));
    if (frac.num.signum() == 0) {
      return lo;
    }
    Rational hi = Rational.of(sorted.get(fi + 1));
    return lo.plus(frac.times(hi.minus(lo)));
  }

  /** Streams the sorted values as runs of equal values through a selection, as the reducer does. */
  private static List<String> select(List<BigDecimal> values, List<BigDecimal> ps) {
    List<BigDecimal> sorted = new ArrayList<>(values);
    sorted.sort(BigDecimal::compareTo);
    QuantileSelection s = new QuantileSelection(ps);
    s.start(sorted.size());
    long seen = 0;
    for (int i = 0; i < sorted.size() && !s.done(); ) {
      int j = i;
      while (j < sorted.size() && sorted.get(j).compareTo(sorted.get(i)) == 0) {
        j++;
      }
      if (s.wants(seen, j - i)) {
        s.accept(seen, j - i, sorted.get(i));
      }
      seen += j - i;
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    s.appendFields(sb);
    List<String> fields = new ArrayList<>(List.of(sb.toString().split("\t", -1)));
    fields.remove(0);
    return fields;
  }

  private static List<BigDecimal> decimals(String... values) {
    List<BigDecimal> out = new ArrayList<>();
    for (String v : values) {
      out.add(new BigDecimal(v));
    }
    return out;
  }

  @Test
  void pandasQuartilesOfSmallGroups() {
    // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) = 1.75, 2.5, 3.25
    assertEquals(List.of("1.75", "2.5", "3.25"), select(decimals("4", "1", "3", "2"), Quantiles.parse(Quantiles.DESCRIBE)));
    // one value: every quantile is that value
    assertEquals(List.of("7.5", "7.5", "7.5"), select(decimals("7.50"), Quantiles.parse("0,0.5,1")));
    // 0 and 1 are min and max; exact, no rounding: 1/3 of the way between 0 and 1
    assertEquals(List.of("-3", "10", "3.9999999979"), // h = 2.3333333331: 1 + 0.3333333331·(10 - 1)
        select(decimals("10", "-3", "0", "1"), Quantiles.parse("0, 1 ,0.7777777777")));
  }

  @Test
  void probabilitiesWithManyDigitsStayExact() {
    // p with 22 decimals: h = 2p = 1.0000000000000000000002, past long arithmetic
    assertEquals(List.of("2.0000000000000000000002", "2.9999999999999999999999998"),
        select(decimals("3", "1", "2"), Quantiles.parse("0.5000000000000000000001,0.9999999999999999999999999")));
  }

  @Test
  void emptyGroupIsNull() {
    QuantileSelection s = new QuantileSelection(Quantiles.parse("0.5"));
    s.start(0);
    assertTrue(s.done());
    assertNull(s.quantile(0));
    StringBuilder sb = new StringBuilder();
    s.appendFields(sb);
    assertEquals("\t\\N", sb.toString());
  }

  @Test
  void randomGroupsMatchTheRationalOracle() {
    SplittableRandom r = new SplittableRandom(11);
    for (int round = 0; round < 400; round++) {
      int n = 1 + r.nextInt(round < 200 ? 12 : 300);
      List<BigDecimal> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long u = r.nextInt(4) == 0 ? r.nextLong() : r.nextLong(-50, 50); // many ties, some huge
        values.add(BigDecimal.valueOf(u, r.nextInt(-3, 25)));
      }
      List<BigDecimal> ps = new ArrayList<>();
      StringBuilder list = new StringBuilder();
      for (int k = 0; k < 1 + r.nextInt(6); k++) {
        BigDecimal p = BigDecimal.valueOf(r.nextLong(0, 1_000_001), 6 - r.nextInt(3) * 2 + 2)
            .min(BigDecimal.ONE);
        list.append(k == 0 ? "" : ",").append(p.toPlainString());
        ps.add(p);
      }
      List<String> got = select(values, Quantiles.parse(list.toString()));
      for (int k = 0; k < ps.size(); k++) {
        String text = got.get(k);
        assertTrue(text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?"), text); // plain, no trailing zeros
        assertTrue(oracle(values, ps.get(k)).sameAs(new BigDecimal(text)),
            "p=" + ps.get(k) + " of " + values + " gave " + text);
      }
    }
  }

  @Test
  void rankArithmeticIsExact() {
    // 0.1 is one tenth: (11-1)·0.1 = 1 exactly, not 0.9999... or 1.0000...2
    assertEquals(1, Quantiles.lowerRank(11, new BigDecimal("0.1")));
    assertEquals(0, Quantiles.fraction(11, new BigDecimal("0.1")).signum());
    assertEquals(0, Quantiles.lowerRank(1, BigDecimal.ONE));
    long huge = Long.MAX_VALUE;
    assertEquals(huge - 1, Quantiles.lowerRank(huge, BigDecimal.ONE));
    assertEquals(new BigDecimal("0.5"), Quantiles.fraction(4, new BigDecimal("0.5")));
  }

  @Test
  void badListsNameTheBadItem() {
    assertEquals(List.of(new BigDecimal("0"), new BigDecimal("1"), new BigDecimal("0.5")),
        Quantiles.parse("0,1.000,5e-1"));
    for (String[] bad : new String[][] {{"0.5,x", "'x'"}, {"1.5", "'1.5'"}, {"-0.1", "'-0.1'"},
        {"0.25,,0.75", "item 2"}, {"NaN", "'NaN'"}, {"", "one or more"}, {"0.5,", "item 2"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantiles.parse(bad[0]));
      assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
    }
  }
}
