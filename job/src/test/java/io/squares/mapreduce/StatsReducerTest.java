package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.squares.core.DecimalParser;
import io.squares.core.ParsedDecimal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

class StatsReducerTest {

  private static StatsWritable partial(String... values) {
    StatsWritable s = new StatsWritable();
    ParsedDecimal d = new ParsedDecimal();
    for (String v : values) {
      if (DecimalParser.parse(v, d) != null) {
        throw new IllegalArgumentException(v);
      }
      s.add(d);
    }
    return s;
  }

  private static String fields(StatsWritable s) {
    StringBuilder sb = new StringBuilder();
    s.appendFields(sb);
    return sb.toString();
  }

  @Test
  void reducerMergesPartialsIntoOneLine() throws IOException {
    ReduceDriver<Text, StatsWritable, Text, Text> driver = ReduceDriver.newReduceDriver(new StatsReducer());
    driver.withInput(new Text("k"), List.of(partial("1", "2"), partial("3"), partial("4")));
    List<Pair<Text, Text>> out = driver.run();
    assertEquals(1, out.size());
    assertEquals("k", out.get(0).getFirst().toString());
    // 1..4: sum 10, squares 30, mean 2.5, variance 5/3, stddev sqrt(5/3) (17 digits, computed by hand)
    assertEquals("4\t10\t30\t1\t4\t2.5\t1.6666666666666667\t1.2909944487358056",
        out.get(0).getSecond().toString());
  }

  @Test
  void combinerOutputFeedsTheReducerToTheSameResult() throws IOException {
    ReduceDriver<Text, StatsWritable, Text, StatsWritable> combiner =
        ReduceDriver.newReduceDriver(new StatsCombiner());
    combiner.withInput(new Text("k"), List.of(partial("0.1"), partial("0.2", "-9223372036854775808")));
    List<Pair<Text, StatsWritable>> combined = combiner.run();
    assertEquals(1, combined.size());
    assertEquals(3, combined.get(0).getSecond().count());
    // Exact: 0.1 + 0.2 - 2^63, and 0.01 + 0.04 + 2^126.
    assertEquals("-9223372036854775807.7", combined.get(0).getSecond().sum().toPlainString());
    assertEquals(new java.math.BigDecimal("0.05").add(new java.math.BigDecimal(java.math.BigInteger.TWO.pow(126))),
        combined.get(0).getSecond().sumOfSquares());

    ReduceDriver<Text, StatsWritable, Text, Text> reducer = ReduceDriver.newReduceDriver(new StatsReducer());
    List<StatsWritable> copies = new ArrayList<>();
    copies.add(combined.get(0).getSecond());
    reducer.withInput(new Text("k"), copies);
    String viaCombiner = reducer.run().get(0).getSecond().toString();

    ReduceDriver<Text, StatsWritable, Text, Text> direct = ReduceDriver.newReduceDriver(new StatsReducer());
    direct.withInput(new Text("k"), List.of(partial("-9223372036854775808"), partial("0.2"), partial("0.1")));
    assertEquals(fields(partial("0.1", "0.2", "-9223372036854775808")), viaCombiner);
    assertEquals(viaCombiner, direct.run().get(0).getSecond().toString());
  }

  @Test
  void keysWithTabBackslashLineFeedOrCarriageReturnAreEscaped() throws IOException {
    ReduceDriver<Text, StatsWritable, Text, Text> driver = ReduceDriver.newReduceDriver(new StatsReducer());
    driver.withInput(new Text("a\tb"), List.of(partial("1")));
    driver.withInput(new Text("back\\slash"), List.of(partial("2")));
    driver.withInput(new Text("line\nfeed"), List.of(partial("3")));
    driver.withInput(new Text("carriage\rreturn\r\n"), List.of(partial("4")));
    driver.withInput(new Text("\\N"), List.of(partial("5")));
    driver.withInput(new Text("plain \u00e9\u0001"), List.of(partial("6")));
    List<Pair<Text, Text>> out = driver.run();
    List<String> keys = new ArrayList<>();
    for (Pair<Text, Text> p : out) {
      keys.add(p.getFirst().toString());
    }
    // Expected text written out by hand: backslash, TAB, LF, CR as two characters each; nothing else.
    assertEquals(List.of("a\\tb", "back\\\\slash", "line\\nfeed", "carriage\\rreturn\\r\\n", "\\\\N",
        "plain \u00e9\u0001"), keys);
    assertEquals("1\t1\t1\t1\t1\t1\t\\N\t\\N", out.get(0).getSecond().toString(), "values unchanged");
  }
}
