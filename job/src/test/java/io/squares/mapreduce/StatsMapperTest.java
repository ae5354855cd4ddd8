package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
import io.squares.core.BadRecordReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsMapperTest {
  private MapDriver<LongWritable, LineBlock, Text, StatsWritable> driver;

  @BeforeEach
  void setUp() {
    driver = MapDriver.newMapDriver(new StatsMapper());
    Configuration conf = driver.getConfiguration();
    conf.setInt(SquaresConfig.BAD_SAMPLE_SIZE, 0); // MRUnit has no output directory for samples
    conf.setInt(SquaresConfig.MAP_MAX_KEYS, 0); // one partial per record, unless a test says otherwise
    driver.withMapInputPath(new org.apache.hadoop.fs.Path("/data/in.csv"));
  }

  /** Feeds the lines as two blocks (as the record reader would), and returns the output lines. */
  private List<String> run(String... lines) throws IOException {
    long offset = 0;
    LineBlock first = new LineBlock();
    LineBlock second = new LineBlock();
    for (int i = 0; i < lines.length; i++) {
      byte[] bytes = lines[i].getBytes(StandardCharsets.UTF_8);
      (i < lines.length / 2 ? first : second).add(offset, bytes, 0, bytes.length);
      offset += bytes.length + 1;
    }
    if (first.size() > 0) {
      driver.withInput(new LongWritable(0), first);
    }
    driver.withInput(new LongWritable(0), second);
    List<String> out = new ArrayList<>();
    for (Pair<Text, StatsWritable> p : driver.run()) {
      StringBuilder sb = new StringBuilder(p.getFirst().toString()).append('\t');
      p.getSecond().appendFields(sb);
      out.add(sb.toString());
    }
    return out;
  }

  private long counter(Enum<?> c) {
    return driver.getCounters().findCounter(c).getValue();
  }

  @Test
  void emitsOnePartialPerGoodRecordKeyedByTheKeyColumn() throws IOException {
    driver.getConfiguration().set(SquaresConfig.KEY_COLUMN, "1");
    List<String> out = run("a,1", "b, 2.50 ", "\"a\",-3");
    assertEquals(List.of(
        "a\t1\t1\t1\t1\t1\t1\t\\N\t\\N",
        "b\t1\t2.5\t6.25\t2.5\t2.5\t2.5\t\\N\t\\N",
        "a\t1\t-3\t9\t-3\t-3\t-3\t\\N\t\\N"), out);
    assertEquals(3, counter(SquaresCounter.GOOD_RECORDS));
    assertEquals(3, counter(SquaresCounter.RECORDS_READ));
  }

  @Test
  void inMapperCombiningMergesPerKeyAndFlushesAtTheKeyLimit() throws IOException {
    driver.getConfiguration().set(SquaresConfig.KEY_COLUMN, "1");
    driver.getConfiguration().setInt(SquaresConfig.MAP_MAX_KEYS, 2);
    // a and b fill the table (flush), then c and a again (flush at cleanup).
    List<String> out = run("a,1", "a,2", "b,3", "c,4", "a,5");
    assertEquals(List.of(
        "a\t2\t3\t5\t1\t2\t1.5\t0.5\t0.70710678118654752",
        "b\t1\t3\t9\t3\t3\t3\t\\N\t\\N",
        "c\t1\t4\t16\t4\t4\t4\t\\N\t\\N",
        "a\t1\t5\t25\t5\t5\t5\t\\N\t\\N"), out);
    assertEquals(2, counter(SquaresCounter.MAP_TABLE_FLUSHES));
  }

  @Test
  void withoutKeyColumnEveryRecordIsInGroupStar() throws IOException {
    List<String> out = run("x,7", "y,8");
    assertEquals(List.of("*\t1\t7\t49\t7\t7\t7\t\\N\t\\N", "*\t1\t8\t64\t8\t8\t8\t\\N\t\\N"), out);
  }

  @Test
  void skipsHeaderBomAndBlankLinesAndCountsThem() throws IOException {
    driver.getConfiguration().setBoolean(SquaresConfig.HEADER, true);
    driver.getConfiguration().set(SquaresConfig.KEY_COLUMN, "1");
    List<String> out = run("\uFEFFk,v", "", "   ", "k1,5");
    assertEquals(List.of("k1\t1\t5\t25\t5\t5\t5\t\\N\t\\N"), out);
    assertEquals(1, counter(SquaresCounter.HEADER_LINES));
    assertEquals(2, counter(SquaresCounter.BLANK_LINES));
    assertEquals(1, counter(SquaresCounter.RECORDS_READ));
  }

  @Test
  void stripsBomFromFirstRecordWithoutHeader() throws IOException {
    driver.getConfiguration().set(SquaresConfig.KEY_COLUMN, "1");
    assertEquals(List.of("k\t1\t2\t4\t2\t2\t2\t\\N\t\\N"), run("\uFEFFk,2"));
  }

  @Test
  void countsBadRecordsPerReasonAndSkipsThem() throws IOException {
    driver.getConfiguration().set(SquaresConfig.KEY_COLUMN, "1");
    driver.getConfiguration().set(SquaresConfig.VALUE_COLUMN, "2");
    List<String> out = run("a,abc", "a,NaN", "a,", "a", "a,\"1", "a,1e99999", "a,4");
    assertEquals(List.of("a\t1\t4\t16\t4\t4\t4\t\\N\t\\N"), out);
    assertEquals(6, counter(SquaresCounter.BAD_RECORDS));
    assertEquals(1, counter(SquaresCounter.GOOD_RECORDS));
    assertEquals(1, counter(BadRecordReason.NOT_A_NUMBER));
    assertEquals(1, counter(BadRecordReason.NOT_FINITE));
    assertEquals(1, counter(BadRecordReason.EMPTY_VALUE));
    assertEquals(1, counter(BadRecordReason.MISSING_COLUMN));
    assertEquals(1, counter(BadRecordReason.UNTERMINATED_QUOTE));
    assertEquals(1, counter(BadRecordReason.OUT_OF_RANGE));
  }

  @Test
  void invalidUtf8IsABadRecord() throws IOException {
    driver.getConfiguration().set(SquaresConfig.KEY_COLUMN, "1");
    LineBlock bad = new LineBlock();
    bad.add(0, new byte[] {'k', (byte) 0xC3, ',', '1'}, 0, 4);
    driver.withInput(new LongWritable(0), bad);
    assertEquals(0, driver.run().size());
    assertEquals(1, counter(BadRecordReason.INVALID_ENCODING));
  }

  @Test
  void stopsAtTheFirstBadRecordInFailMode() throws IOException {
    driver.getConfiguration().set(SquaresConfig.BAD_RECORDS, "fail");
    List<String> out = run("1", "x", "2");
    assertEquals(List.of("*\t1\t1\t1\t1\t1\t1\t\\N\t\\N"), out);
    assertEquals(1, counter(SquaresCounter.TASKS_STOPPED_ON_BAD_RECORD));
    assertEquals(1, counter(SquaresCounter.BAD_RECORDS));
  }

  @Test
  void resolvesNamedColumnsFromTheFilesHeader(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, "amount;region\r\n5;north\r\n");
    driver.withMapInputPath(new org.apache.hadoop.fs.Path(file.toUri()));
    Configuration conf = driver.getConfiguration();
    conf.setBoolean(SquaresConfig.HEADER, true);
    conf.set(SquaresConfig.DELIMITER, ";");
    conf.set(SquaresConfig.KEY_COLUMN, "region");
    conf.set(SquaresConfig.VALUE_COLUMN, "amount");
    assertEquals(List.of("north\t1\t5\t25\t5\t5\t5\t\\N\t\\N"), run("amount;region", "5;north"));
  }

  @Test
  void aHeaderWithoutTheNamedColumnMakesEveryRecordUnknownColumn(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("in.csv");
    Files.writeString(file, "a,b\n1,2\n");
    driver.withMapInputPath(new org.apache.hadoop.fs.Path(file.toUri()));
    driver.getConfiguration().setBoolean(SquaresConfig.HEADER, true);
    driver.getConfiguration().set(SquaresConfig.VALUE_COLUMN, "amount");
    assertEquals(List.of(), run("a,b", "1,2"));
    assertEquals(1, counter(BadRecordReason.UNKNOWN_COLUMN));
  }

  /**
   * Feeds records through a table of a few KB, merges the map output per key and compares it with
   * BigDecimal sums: whatever the table did (combine, emit when full, bypass), the result is exact.
   */
  private void assertMergedOutputMatchesOracle(List<String> lines) throws IOException {
    java.util.Map<String, StatsWritable> merged = new java.util.TreeMap<>();
    java.util.Map<String, java.math.BigDecimal[]> oracle = new java.util.TreeMap<>();
    for (String line : lines) {
      String[] f = line.split(",");
      java.math.BigDecimal v = new java.math.BigDecimal(f[1]);
      java.math.BigDecimal[] a = oracle.computeIfAbsent(f[0], k -> new java.math.BigDecimal[] {
          java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, v, v});
      a[0] = a[0].add(java.math.BigDecimal.ONE);
      a[1] = a[1].add(v);
      a[2] = a[2].add(v.multiply(v));
      a[3] = a[3].min(v);
      a[4] = a[4].max(v);
    }
    driver.withInput(new LongWritable(0), LineBlocks.of(lines));
    for (Pair<Text, StatsWritable> p : driver.run()) {
      merged.computeIfAbsent(p.getFirst().toString(), k -> new StatsWritable()).merge(p.getSecond());
    }
    assertEquals(oracle.keySet(), merged.keySet());
    for (String k : oracle.keySet()) {
      java.math.BigDecimal[] a = oracle.get(k);
      StatsWritable m = merged.get(k);
      assertEquals(a[0].longValueExact(), m.count(), k);
      assertEquals(0, a[1].compareTo(m.sum()), k);
      assertEquals(0, a[2].compareTo(m.sumOfSquares()), k);
      assertEquals(0, a[3].compareTo(m.min()), k);
      assertEquals(0, a[4].compareTo(m.max()), k);
    }
  }

  private static List<String> records(int n, int keys, long seed) {
    java.util.Random r = new java.util.Random(seed);
    String[] values = {"1", "-2.5", "1e-3", "9223372036854775807", "123456789012345678901234.5", "0", "77"};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add("k" + r.nextInt(keys) + "," + (r.nextInt(4) == 0 ? values[r.nextInt(values.length)] : r.nextInt(1000)));
    }
    return lines;
  }

  @Test
  void distinctKeysOverflowingTheTableBypassItAndStayExact() throws IOException {
    Configuration conf = driver.getConfiguration();
    conf.set(SquaresConfig.KEY_COLUMN, "1");
    conf.unset(SquaresConfig.MAP_MAX_KEYS);
    conf.setLong(SquaresConfig.MAP_TABLE_BYTES, 8 << 10); // about a dozen keys
    assertMergedOutputMatchesOracle(records(20_000, 15_000, 1));
    assertTrue(counter(SquaresCounter.MAP_BYPASSED_RECORDS) > 10_000,
        "bypassed " + counter(SquaresCounter.MAP_BYPASSED_RECORDS));
    assertTrue(counter(SquaresCounter.MAP_TABLE_FLUSHES) > 1);
  }

  @Test
  void repeatingKeysOverflowingTheTableAreEmittedAndCombinedWithoutBypass() throws IOException {
    Configuration conf = driver.getConfiguration();
    conf.set(SquaresConfig.KEY_COLUMN, "1");
    conf.unset(SquaresConfig.MAP_MAX_KEYS);
    // The compact table's first arrays (64 keys) take 8.7 KB; most keys here soon see a value that
    // needs an aggregate object (~210 B): 18 KB holds about 45 of them.
    conf.setLong(SquaresConfig.MAP_TABLE_BYTES, 18 << 10);
    conf.setFloat(SquaresConfig.MAP_BYPASS_BELOW_HIT_RATE, 0.25f);
    // 55 keys, a table of about 50: most records find their key (a hit rate of about 0.6 per fill).
    assertMergedOutputMatchesOracle(records(20_000, 55, 2));
    assertEquals(0, counter(SquaresCounter.MAP_BYPASSED_RECORDS));
    assertTrue(counter(SquaresCounter.MAP_TABLE_FLUSHES) > 10, "flushes " + counter(SquaresCounter.MAP_TABLE_FLUSHES));
  }

  @Test
  void keysThatFitInTheTableAreEmittedOnceEach() throws IOException {
    Configuration conf = driver.getConfiguration();
    conf.set(SquaresConfig.KEY_COLUMN, "1");
    conf.unset(SquaresConfig.MAP_MAX_KEYS); // the default: the byte budget (a share of the heap)
    assertMergedOutputMatchesOracle(records(20_000, 3_000, 3));
    assertEquals(1, counter(SquaresCounter.MAP_TABLE_FLUSHES));
    assertEquals(0, counter(SquaresCounter.MAP_BYPASSED_RECORDS));
  }

  /**
   * A table larger than the caches (30,000 keys: over 2 MiB) has the next lines' entries prefetched a
   * window at a time; the map output is the same, record for record, as with prefetching off, and
   * exact against the oracle.
   */
  @Test
  void aTableLargerThanTheCachesIsPrefetchedAndTheOutputIsTheSame() throws IOException {
    List<String> lines = records(60_000, 30_000, 4);
    List<List<String>> outputs = new ArrayList<>();
    long[] prefetched = new long[2];
    for (boolean on : new boolean[] {true, false}) {
      StatsMapper mapper = new StatsMapper();
      MapDriver<LongWritable, LineBlock, Text, StatsWritable> d = MapDriver.newMapDriver(mapper);
      Configuration conf = d.getConfiguration();
      conf.setInt(SquaresConfig.BAD_SAMPLE_SIZE, 0);
      conf.set(SquaresConfig.KEY_COLUMN, "1");
      conf.setBoolean(SquaresConfig.MAP_PREFETCH, on);
      d.withMapInputPath(new org.apache.hadoop.fs.Path("/data/in.csv"));
      long offset = 0;
      for (int from = 0; from < lines.size(); from += 4_000) { // blocks as the reader gives them
        LineBlock block = new LineBlock();
        for (String line : lines.subList(from, Math.min(lines.size(), from + 4_000))) {
          byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
          block.add(offset, bytes, 0, bytes.length);
          offset += bytes.length + 1;
        }
        d.withInput(new LongWritable(from), block);
      }
      List<String> out = new ArrayList<>();
      for (Pair<Text, StatsWritable> p : d.run()) {
        StringBuilder sb = new StringBuilder(p.getFirst().toString()).append('\t');
        p.getSecond().appendFields(sb);
        out.add(sb.toString());
      }
      outputs.add(out);
      prefetched[on ? 0 : 1] = mapper.prefetched();
    }
    assertTrue(prefetched[0] > 30_000, "prefetched " + prefetched[0]);
    assertEquals(0, prefetched[1]);
    assertEquals(outputs.get(1), outputs.get(0));
    driver.getConfiguration().set(SquaresConfig.KEY_COLUMN, "1");
    driver.getConfiguration().unset(SquaresConfig.MAP_MAX_KEYS);
    assertMergedOutputMatchesOracle(lines);
  }

  /**
   * With {@link PresortedSorter} as the job's sort, a task's only table (here about 6,000 keys, two
   * reducers) leaves in the sort's order: by {@code HashPartitioner}'s partition, then by the key's
   * bytes, compared here with the JDK's unsigned comparison; with Hadoop's QuickSort it leaves in
   * table order. Both are exact against the oracle.
   */
  @Test
  void withThePresortedSorterTheTableLeavesInPartitionThenKeyOrder() throws IOException {
    List<String> lines = records(30_000, 6_000, 5);
    for (String sorter : new String[] {PresortedSorter.class.getName(), org.apache.hadoop.util.QuickSort.class.getName()}) {
      sortingWith(sorter);
      driver.withInput(new LongWritable(0), LineBlocks.of(lines));
      List<Pair<Text, StatsWritable>> out = driver.run();
      assertEquals(lines.stream().map(l -> l.substring(0, l.indexOf(','))).distinct().count(), out.size());
      org.apache.hadoop.mapreduce.lib.partition.HashPartitioner<Text, StatsWritable> hash =
          new org.apache.hadoop.mapreduce.lib.partition.HashPartitioner<>();
      int descents = 0;
      for (int i = 1; i < out.size(); i++) {
        Text a = out.get(i - 1).getFirst();
        Text b = out.get(i).getFirst();
        int pa = hash.getPartition(a, null, 2);
        int pb = hash.getPartition(b, null, 2);
        int c = pa != pb ? Integer.compare(pa, pb)
            : java.util.Arrays.compareUnsigned(a.getBytes(), 0, a.getLength(), b.getBytes(), 0, b.getLength());
        if (c >= 0) {
          descents++;
        }
      }
      if (sorter.equals(PresortedSorter.class.getName())) {
        assertEquals(0, descents, "keys out of the sort's order");
      } else {
        assertTrue(descents > 1_000, "table order is not the sort's: " + descents);
      }
      sortingWith(sorter);
      assertMergedOutputMatchesOracle(lines);
    }
  }

  /** A fresh driver whose task keeps its keys in the table (6,000 fit), for two reducers, sorting with the class. */
  private void sortingWith(String sorter) {
    setUp();
    Configuration conf = driver.getConfiguration();
    conf.set(SquaresConfig.KEY_COLUMN, "1");
    conf.unset(SquaresConfig.MAP_MAX_KEYS);
    conf.set(org.apache.hadoop.mapreduce.MRJobConfig.MAP_SORT_CLASS, sorter);
    conf.setInt(org.apache.hadoop.mapreduce.MRJobConfig.NUM_REDUCES, 2);
  }
}
