package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.core.DecimalParser;
import io.squares.core.ParsedDecimal;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.Test;

/** Round trips of {@link QuantilePart} and {@link ApproxStatsWritable}; the sketch merges as its values. */
class QuantileWritablesTest {
  private static <W extends Writable> W roundTrip(Writable in, W out) throws IOException {
    DataOutputBuffer o = new DataOutputBuffer();
    in.write(o);
    DataInputBuffer i = new DataInputBuffer();
    i.reset(o.getData(), o.getLength());
    out.readFields(i);
    assertEquals(o.getLength(), i.getPosition(), "read exactly what was written");
    return out;
  }

  private static ParsedDecimal parsed(String s) {
    ParsedDecimal d = new ParsedDecimal();
    assertEquals(null, DecimalParser.parse(s, d));
    return d;
  }

  @Test
  void quantilePartsRoundTrip() throws IOException {
    QuantilePart run = new QuantilePart();
    run.setCount(123456789012L);
    QuantilePart back = roundTrip(run, new QuantilePart());
    assertTrue(!back.isAggregate());
    assertEquals(123456789012L, back.count());
    StatsWritable s = new StatsWritable();
    s.add(parsed("-9223372036854775808"));
    s.add(parsed("0.5"));
    QuantilePart agg = new QuantilePart();
    agg.setAggregate(s);
    back = roundTrip(agg, back);
    assertTrue(back.isAggregate());
    assertEquals(s, back.stats());
  }

  @Test
  void approximateAggregatesRoundTripAndMerge() throws IOException {
    ApproxStatsWritable a = new ApproxStatsWritable(200);
    ApproxStatsWritable b = new ApproxStatsWritable(200);
    for (int i = 1; i <= 100; i++) {
      (i % 2 == 0 ? a : b).add(parsed(Integer.toString(i)));
    }
    ApproxStatsWritable merged = new ApproxStatsWritable();
    merged.merge(roundTrip(a, new ApproxStatsWritable()));
    merged.merge(roundTrip(b, new ApproxStatsWritable()));
    assertEquals(100, merged.count());
    StringBuilder sb = new StringBuilder();
    // 100 values < k: the sketch holds them all, so the quantiles are the exact definition's
    // (linear interpolation between closest ranks): the median of 1..100 is (50 + 51) / 2
    merged.appendQuantiles(List.of(BigDecimal.ZERO, new BigDecimal("0.5"), BigDecimal.ONE), sb);
    assertEquals("\t1\t50.5\t100", sb.toString());
    ApproxStatsWritable empty = roundTrip(new ApproxStatsWritable(), new ApproxStatsWritable());
    sb.setLength(0);
    empty.appendQuantiles(List.of(new BigDecimal("0.5")), sb);
    assertEquals("\t\\N", sb.toString());
  }

  @Test
  void bufferedValuesReachTheSketchBeforeItIsReadMergedOrWritten() throws IOException {
    int n = 3 * ApproxStatsWritable.PENDING + 7; // < k: the sketch holds every value, no coin flips
    ApproxStatsWritable a = new ApproxStatsWritable(200);
    ApproxStatsWritable b = new ApproxStatsWritable(200);
    for (int i = 1; i <= n; i++) {
      (i <= 2 * ApproxStatsWritable.PENDING + 5 ? a : b).add(parsed(Integer.toString(i)));
    }
    // all values held: the exact median of 1..m, m odd, is (m + 1) / 2
    List<BigDecimal> ps = List.of(BigDecimal.ZERO, new BigDecimal("0.5"), BigDecimal.ONE);
    int m = 2 * ApproxStatsWritable.PENDING + 5;
    StringBuilder sb = new StringBuilder();
    a.appendQuantiles(ps, sb); // a: two full buffers given to the sketch and 5 values still buffered
    assertEquals("\t1\t" + (m + 1) / 2 + "\t" + m, sb.toString());
    ApproxStatsWritable merged = new ApproxStatsWritable();
    merged.merge(b); // b: its values only buffered, no sketch yet
    merged.merge(roundTrip(a, new ApproxStatsWritable()));
    assertEquals(n, merged.count());
    sb.setLength(0);
    roundTrip(merged, new ApproxStatsWritable()).appendQuantiles(ps, sb);
    assertEquals("\t1\t" + (n + 1) / 2 + "\t" + n, sb.toString());
    b.reset(); // drops buffered values with the rest
    b.add(parsed("-4"));
    sb.setLength(0);
    b.appendQuantiles(ps, sb);
    assertEquals("\t-4\t-4\t-4", sb.toString());
    b.reset();
    sb.setLength(0);
    b.appendQuantiles(ps, sb);
    assertEquals("\t\\N\t\\N\t\\N", sb.toString());
  }

  @Test
  void groupsHeldWholeGetTheExactInterpolatedQuantilesAndLargerOnesTheSketchs() throws IOException {
    // The oracle: NumPy's "linear" definition in BigDecimal over the values as written (not as
    // doubles), h = (n-1)p, v[floor h] + (h - floor h)(v[floor h + 1] - v[floor h]).
    SplittableRandom rnd = new SplittableRandom(11);
    List<BigDecimal> ps = List.of(BigDecimal.ZERO, new BigDecimal("0.25"), new BigDecimal("0.5"),
        new BigDecimal("0.75"), new BigDecimal("0.9"), new BigDecimal("0.333"), BigDecimal.ONE);
    for (int round = 0; round < 300; round++) {
      int n = 1 + rnd.nextInt(round < 290 ? 200 : 2_000);
      ApproxStatsWritable left = new ApproxStatsWritable(200);
      ApproxStatsWritable right = new ApproxStatsWritable(200);
      left.seed(round);
      right.seed(-round);
      List<BigDecimal> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        BigDecimal v = BigDecimal.valueOf(rnd.nextLong(-1_000_000_000L, 1_000_000_000L), rnd.nextInt(0, 6));
        values.add(v);
        (rnd.nextBoolean() ? left : right).add(parsed(v.toPlainString()));
      }
      ApproxStatsWritable merged = new ApproxStatsWritable(200);
      merged.seed(7);
      merged.merge(roundTrip(left, new ApproxStatsWritable()));
      merged.merge(roundTrip(right, new ApproxStatsWritable()));
      StringBuilder sb = new StringBuilder();
      merged.appendQuantiles(ps, sb);
      String[] got = sb.substring(1).split("\t");
      Collections.sort(values);
      for (int i = 0; i < ps.size(); i++) {
        BigDecimal h = ps.get(i).multiply(BigDecimal.valueOf(n - 1));
        int lo = h.intValue();
        BigDecimal frac = h.subtract(BigDecimal.valueOf(lo));
        BigDecimal exact = frac.signum() == 0 ? values.get(lo)
            : values.get(lo).add(frac.multiply(values.get(lo + 1).subtract(values.get(lo))));
        BigDecimal answer = new BigDecimal(got[i]);
        if (n <= 200) { // held whole: exact
          assertEquals(0, exact.compareTo(answer), "n " + n + " p " + ps.get(i) + ": " + got[i] + " vs " + exact);
        } else { // compacted: the sketch's answer, one of the values
          assertTrue(values.stream().anyMatch(v -> v.compareTo(answer) == 0), "n " + n + ": " + got[i]);
        }
      }
    }
  }

  @Test
  void doublesAreCorrectlyRounded() {
    for (String s : new String[] {"0.1", "-2.5e-3", "9007199254740993", "123456789.123456789", "1e-1000", "1e999",
        "-9223372036854775808"}) {
      assertEquals(new BigDecimal(s).doubleValue(), ApproxStatsWritable.toDouble(parsed(s)), s);
    }
  }
}
