package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.core.DecimalParser;
import io.squares.core.ParsedDecimal;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
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
    // 100 values < k: the sketch holds them all, so it is exact at these ranks (INCLUSIVE)
    merged.appendQuantiles(List.of(BigDecimal.ZERO, new BigDecimal("0.5"), BigDecimal.ONE), sb);
    assertEquals("\t1\t50\t100", sb.toString());
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
    // all values held: the INCLUSIVE quantile at p of 1..m is the smallest v with v/m >= p
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
  void doublesAreCorrectlyRounded() {
    for (String s : new String[] {"0.1", "-2.5e-3", "9007199254740993", "123456789.123456789", "1e-1000", "1e999",
        "-9223372036854775808"}) {
      assertEquals(new BigDecimal(s).doubleValue(), ApproxStatsWritable.toDouble(parsed(s)), s);
    }
  }
}
