package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.squares.SquaresConfig;
import io.squares.core.ExactStats;
import io.squares.core.RunStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.MapReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

/**
 * MRUnit: {@link RunQuantileMapper} emits one record per key and flush, its aggregate and its
 * values as a sorted run with counts; {@link RunQuantileReducer} merges a key's runs (in memory,
 * or through a spill file with a tiny buffer) and writes the exact quantiles, checked against the
 * definition computed here over sorted BigDecimals.
 */
class RunQuantileMapperTest {
  private static String show(Text k, QuantileRun r) throws IOException {
    StringBuilder sb = new StringBuilder(k + " agg ");
    r.stats().appendFields(sb);
    sb.append(" run");
    Path dir = Files.createTempDirectory("run-test");
    try (RunStore store = new RunStore(1 << 20, dir)) {
      store.add(r.run(), 0, r.length());
      store.merge(e -> {
        sb.append(' ').append(e.value().toPlainString()).append('x').append(e.count());
        return true;
      });
    } finally {
      Files.deleteIfExists(dir);
    }
    return sb.toString();
  }

  private static void configure(Configuration conf, String ps, int maxKeys, long mapBytes, long reduceBytes) {
    conf.setInt(SquaresConfig.BAD_SAMPLE_SIZE, 0);
    conf.set(SquaresConfig.KEY_COLUMN, "1");
    conf.set(SquaresConfig.QUANTILES, ps);
    conf.setInt(SquaresConfig.MAP_MAX_KEYS, maxKeys);
    conf.setLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES, mapBytes);
    conf.setLong(SquaresConfig.QUANTILES_REDUCE_BUFFER_BYTES, reduceBytes);
  }

  private static List<String> map(long bufferBytes, int maxKeys, String... lines) throws IOException {
    MapDriver<LongWritable, LineBlock, Text, QuantileRun> driver = MapDriver.newMapDriver(new RunQuantileMapper());
    configure(driver.getConfiguration(), "0.5", maxKeys, bufferBytes, 1 << 20);
    driver.withMapInputPath(new org.apache.hadoop.fs.Path("/data/in.csv"));
    driver.withInput(new LongWritable(0), LineBlocks.of(lines));
    List<String> out = new ArrayList<>();
    for (Pair<Text, QuantileRun> p : driver.run()) {
      out.add(show(p.getFirst(), p.getSecond()));
    }
    return out;
  }

  @Test
  void eachKeyTravelsOnceWithItsSortedValuesAndTheirCounts() throws IOException {
    assertEquals(List.of("a agg 3\t3\t3.375\t0.75\t1.5\t1\t0.1875\t0.43301270189221932 run 0.75x2 1.5x1",
        "b agg 2\t-3\t9\t-3\t0\t-1.5\t4.5\t2.1213203435596426 run -3x1 0x1"),
        map(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT, 100, "a,1.50", "a,0.75", "b,-0", "a,.75", "bad,x", "b,-3"));
  }

  @Test
  void aFullBufferOrTableEmitsAndStartsAgain() throws IOException {
    assertEquals(List.of("a agg 1\t1\t1\t1\t1\t1\t\\N\t\\N run 1x1", "a agg 1\t2\t4\t2\t2\t2\t\\N\t\\N run 2x1"),
        map(1, 100, "a,1", "a,2"));
    assertEquals(List.of("a agg 1\t1\t1\t1\t1\t1\t\\N\t\\N run 1x1", "b agg 1\t2\t4\t2\t2\t2\t\\N\t\\N run 2x1"),
        map(1 << 20, 1, "a,1", "b,2"));
  }

  @Test
  void aSplitOfManyKeysTravelsAsOneRecordPerKeyWithinTheHeapShare() throws IOException {
    int keys = 102_400; // more than the 100,000 keys a task once held at most
    String[] lines = new String[2 * keys];
    for (int i = 0; i < keys; i++) {
      lines[i] = "k" + i + "," + i;
      lines[keys + i] = "k" + i + ",-" + i + ".5";
    }
    MapDriver<LongWritable, LineBlock, Text, QuantileRun> driver = MapDriver.newMapDriver(new RunQuantileMapper());
    Configuration conf = driver.getConfiguration(); // no max-keys, no buffer-bytes: the heap's share
    conf.setInt(SquaresConfig.BAD_SAMPLE_SIZE, 0);
    conf.set(SquaresConfig.KEY_COLUMN, "1");
    conf.set(SquaresConfig.QUANTILES, "0.5");
    driver.withMapInputPath(new org.apache.hadoop.fs.Path("/data/in.csv"));
    driver.withInput(new LongWritable(0), LineBlocks.of(lines));
    List<Pair<Text, QuantileRun>> out = driver.run();
    assertEquals(keys, out.size(), "one record per key");
    assertEquals(1, driver.getCounters().findCounter(SquaresCounter.MAP_TABLE_FLUSHES).getValue());
    for (int i = 0; i < keys; i++) {
      Pair<Text, QuantileRun> p = out.get(i);
      assertEquals("k" + i, p.getFirst().toString());
      ExactStats s = p.getSecond().stats();
      assertEquals(2, s.count());
      assertEquals(0, s.min().compareTo(new BigDecimal("-" + i + ".5")), "min of k" + i);
      assertEquals(0, s.max().compareTo(BigDecimal.valueOf(i)), "max of k" + i);
      if (i % 20_000 == 0) {
        assertEquals("k" + i + " agg " + fields(s) + " run -" + i + ".5x1 " + i + "x1", show(p.getFirst(), p.getSecond()));
      }
    }
  }

  private static String fields(ExactStats s) {
    StringBuilder sb = new StringBuilder();
    s.appendFields(sb);
    return sb.toString();
  }

  @Test
  void theValuesTakeWhatTheTableLeavesAsFarAsTheKeysNeed() {
    long mib = 1 << 20;
    long budget = 125 * mib;
    // a thousand keys: 32 MiB, not the 120 MiB the table leaves
    assertEquals(32 * mib, RunQuantileMapper.room(budget, 5 * mib, 1_000));
    // 30,000 keys: 64 values of 22 bytes each
    assertEquals(42_240_000L, RunQuantileMapper.room(budget, 5 * mib, 30_000));
    // 500,000 keys: all the table leaves
    assertEquals(budget - 50 * mib, RunQuantileMapper.room(budget, 50 * mib, 500_000));
    // a small budget: what the table leaves, even below 32 MiB, or nothing
    assertEquals(500 - 300, RunQuantileMapper.room(500, 300, 1));
    assertEquals(-100, RunQuantileMapper.room(500, 600, 1));
  }

  @Test
  void theSortBufferIsSmallWhenMoreFlushesFollowAndFitsTheOutputWhenOneIsAll() throws IOException {
    for (boolean spent : new boolean[] {true, false}) {
      MapDriver<LongWritable, LineBlock, Text, QuantileRun> driver = MapDriver.newMapDriver(new RunQuantileMapper());
      Configuration conf = driver.getConfiguration();
      conf.setInt(SquaresConfig.BAD_SAMPLE_SIZE, 0);
      conf.set(SquaresConfig.KEY_COLUMN, "1");
      conf.set(SquaresConfig.QUANTILES, "0.5");
      conf.setBoolean(MapMemory.SIZE_SORT_BUFFER, true); // as the driver sets it with DeferredSortBuffer
      conf.setInt(org.apache.hadoop.mapreduce.MRJobConfig.IO_SORT_MB, 100);
      if (spent) {
        conf.setLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES, 4096); // far less than 2,000 keys take
      }
      String[] lines = new String[2000];
      for (int i = 0; i < lines.length; i++) {
        lines[i] = "k" + i + "," + i;
      }
      driver.withMapInputPath(new org.apache.hadoop.fs.Path("/data/in.csv"));
      driver.withInput(new LongWritable(0), LineBlocks.of(lines));
      assertEquals(lines.length, driver.run().size());
      long flushes = driver.getCounters().findCounter(SquaresCounter.MAP_TABLE_FLUSHES).getValue();
      // spent: the overflow buffer (squares.stats.map.spill-sort-mb, 4 MiB); else 1 MiB holds 2,000 keys
      assertEquals(spent ? 4 : 1, conf.getInt(org.apache.hadoop.mapreduce.MRJobConfig.IO_SORT_MB, 0),
          flushes + " flushes");
      assertEquals(spent, flushes > 1);
    }
  }

  @Test
  void theBudgetIsTheSettingTheHeapShareOrWithTheTableTurnedOffTheOldDefault() {
    Configuration conf = new Configuration(false);
    conf.setLong(SquaresConfig.MAP_TABLE_BYTES, 50_000_000L);
    assertEquals(50_000_000L, RunQuantileMapper.budget(conf), "plain stats' table size");
    conf.setLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES, 1234);
    assertEquals(1234, RunQuantileMapper.budget(conf), "the quantiles' own setting first");
    conf = new Configuration(false);
    conf.setLong(SquaresConfig.MAP_TABLE_BYTES, -1); // plain stats without a table
    assertEquals(32L << 20, RunQuantileMapper.budget(conf));
    conf = new Configuration(false);
    long heapShare = (long) (Runtime.getRuntime().maxMemory() * (double) SquaresConfig.MAP_TABLE_FRACTION_DEFAULT);
    assertEquals(heapShare, RunQuantileMapper.budget(conf), "0.3 of the heap, one local slot");
  }

  /** The definition, over the values sorted as BigDecimals. */
  private static BigDecimal oracle(List<BigDecimal> sorted, BigDecimal p) {
    BigDecimal h = new BigDecimal(sorted.size() - 1).multiply(p);
    int lo = h.setScale(0, RoundingMode.FLOOR).intValueExact();
    BigDecimal frac = h.subtract(BigDecimal.valueOf(lo));
    return frac.signum() == 0 ? sorted.get(lo)
        : sorted.get(lo).add(frac.multiply(sorted.get(lo + 1).subtract(sorted.get(lo)), MathContext.UNLIMITED));
  }

  @Test
  void mapThenReduceGivesTheExactQuantilesWithAnyBuffers() throws IOException {
    String ps = "0,0.1,0.25,0.5,0.75,0.999,1";
    SplittableRandom r = new SplittableRandom(11);
    String[] odd = {"9007199254740993", "9007199254740992", "-0", "1e-30", "123456789012345678901234567890.5",
        "-9223372036854775808", "9223372036854775807", "0.1", "0.10"};
    List<String> lines = new ArrayList<>();
    List<BigDecimal> a = new ArrayList<>();
    List<BigDecimal> b = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      boolean isA = r.nextInt(10) < 9; // skewed: one key holds most of the data
      String v = r.nextInt(20) == 0 ? odd[r.nextInt(odd.length)]
          : BigDecimal.valueOf(r.nextLong(-20, 20), r.nextInt(3)).toPlainString(); // many equal values
      lines.add((isA ? "a" : "b") + "," + v);
      (isA ? a : b).add(new BigDecimal(v));
    }
    Collections.sort(a);
    Collections.sort(b);
    List<String> expected = new ArrayList<>();
    for (List<BigDecimal> values : List.of(a, b)) {
      StringBuilder sb = new StringBuilder();
      for (String p : ps.split(",")) {
        BigDecimal q = oracle(values, new BigDecimal(p)).stripTrailingZeros();
        sb.append('\t').append(q.scale() <= 0 ? q.toBigIntegerExact().toString() : q.toPlainString());
      }
      expected.add(sb.toString());
    }
    for (long[] budgets : new long[][] {{1 << 20, 1 << 20}, {500, 1 << 20}, {500, 64}, {1, 1}}) {
      MapReduceDriver<LongWritable, LineBlock, Text, QuantileRun, Text, Text> driver =
          MapReduceDriver.newMapReduceDriver(new RunQuantileMapper(), new RunQuantileReducer());
      configure(driver.getConfiguration(), ps, 100, budgets[0], budgets[1]);
      driver.withMapInputPath(new org.apache.hadoop.fs.Path("/data/in.csv"));
      driver.withInput(new LongWritable(0), LineBlocks.of(lines));
      List<Pair<Text, Text>> out = driver.run();
      assertEquals(2, out.size());
      for (int k = 0; k < 2; k++) {
        String[] f = out.get(k).getSecond().toString().split("\t", 9);
        assertEquals(String.valueOf((k == 0 ? a : b).size()), f[0]);
        assertEquals(expected.get(k), "\t" + f[8],
            "key " + out.get(k).getFirst() + " with budgets " + budgets[0] + "/" + budgets[1]);
      }
      long spilled = driver.getCounters().findCounter(SquaresCounter.QUANTILE_KEYS_SPILLED).getValue();
      assertEquals(budgets[1] < 1000 ? 2 : 0, spilled, "keys merged from a spill file");
    }
  }
}
