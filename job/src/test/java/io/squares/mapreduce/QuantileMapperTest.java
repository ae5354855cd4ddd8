package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.squares.SquaresConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

/** MRUnit: {@link QuantileMapper} emits aggregates and counted distinct (key, value) pairs; {@link QuantileCombiner} adds them. */
class QuantileMapperTest {
  private static String show(QuantileKey k, QuantilePart p) {
    Text t = new Text();
    k.getKey(t);
    if (k.isAggregate()) {
      StringBuilder sb = new StringBuilder();
      p.stats().appendFields(sb);
      return t + " agg " + sb;
    }
    return t + " " + k.value().toPlainString() + " x" + p.count();
  }

  private static List<String> map(long bufferBytes, int maxKeys, String... lines) throws IOException {
    MapDriver<LongWritable, LineBlock, QuantileKey, QuantilePart> driver = MapDriver.newMapDriver(new QuantileMapper());
    Configuration conf = driver.getConfiguration();
    conf.setInt(SquaresConfig.BAD_SAMPLE_SIZE, 0);
    conf.set(SquaresConfig.KEY_COLUMN, "1");
    conf.set(SquaresConfig.QUANTILES, "0.5");
    conf.setInt(SquaresConfig.MAP_MAX_KEYS, maxKeys);
    conf.setLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES, bufferBytes);
    driver.withMapInputPath(new org.apache.hadoop.fs.Path("/data/in.csv"));
    driver.withInput(new LongWritable(0), LineBlocks.of(lines));
    List<String> out = new ArrayList<>();
    for (Pair<QuantileKey, QuantilePart> p : driver.run()) {
      out.add(show(p.getFirst(), p.getSecond()));
    }
    return out;
  }

  @Test
  void equalValuesOfAKeyTravelOnceWithTheirCount() throws IOException {
    assertEquals(List.of("a agg 3\t3\t3.375\t0.75\t1.5\t1\t0.1875\t0.43301270189221932", "b agg 1\t-2\t4\t-2\t-2\t-2\t\\N\t\\N",
        "a 1.5 x1", "a 0.75 x2", "b -2 x1"),
        map(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT, 100, "a,1.50", "a,0.75", "b,-2", "a,.75", "bad,x"));
  }

  @Test
  void withNoTableEveryRecordIsEmittedAtOnce() throws IOException {
    assertEquals(List.of("a agg 1\t1\t1\t1\t1\t1\t\\N\t\\N", "a 1 x1", "a agg 1\t1\t1\t1\t1\t1\t\\N\t\\N", "a 1 x1"),
        map(1, 0, "a,1", "a,1"));
  }

  @Test
  void combinerAddsCountsAndMergesAggregates() throws IOException {
    List<String> mapped = new ArrayList<>();
    MapDriver<LongWritable, LineBlock, QuantileKey, QuantilePart> md = MapDriver.newMapDriver(new QuantileMapper());
    md.getConfiguration().setInt(SquaresConfig.BAD_SAMPLE_SIZE, 0);
    md.getConfiguration().set(SquaresConfig.KEY_COLUMN, "1");
    md.getConfiguration().setInt(SquaresConfig.MAP_MAX_KEYS, 0);
    md.withMapInputPath(new org.apache.hadoop.fs.Path("/data/in.csv"));
    LineBlock block = new LineBlock();
    byte[] b = "k,2.5".getBytes(StandardCharsets.UTF_8);
    block.add(0, b, 0, b.length);
    block.add(6, b, 0, b.length);
    md.withInput(new LongWritable(0), block);
    List<Pair<QuantileKey, QuantilePart>> out = md.run();
    assertEquals(4, out.size());
    ReduceDriver<QuantileKey, QuantilePart, QuantileKey, QuantilePart> runs = ReduceDriver.newReduceDriver(new QuantileCombiner());
    runs.withInput(out.get(1).getFirst(), List.of(out.get(1).getSecond(), out.get(3).getSecond()));
    for (Pair<QuantileKey, QuantilePart> p : runs.run()) {
      mapped.add(show(p.getFirst(), p.getSecond()));
    }
    ReduceDriver<QuantileKey, QuantilePart, QuantileKey, QuantilePart> aggs = ReduceDriver.newReduceDriver(new QuantileCombiner());
    aggs.withInput(out.get(0).getFirst(), List.of(out.get(0).getSecond(), out.get(2).getSecond()));
    for (Pair<QuantileKey, QuantilePart> p : aggs.run()) {
      mapped.add(show(p.getFirst(), p.getSecond()));
    }
    assertEquals(List.of("k 2.5 x2", "k agg 2\t5\t12.5\t2.5\t2.5\t2.5\t0\t0"), mapped);
  }
}
