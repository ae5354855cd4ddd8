package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.DecimalText;
import io.squares.core.KllSketch;
import io.squares.mapreduce.ApproxQuantileMapper;
import io.squares.mapreduce.ApproxQuantileReducer;
import io.squares.mapreduce.ApproxStatsWritable;
import io.squares.mapreduce.DeferredSortBuffer;
import io.squares.mapreduce.MapMemory;
import io.squares.mapreduce.PresortedSorter;
import io.squares.mapreduce.QuantileCombiner;
import io.squares.mapreduce.QuantileKey;
import io.squares.mapreduce.QuantileMapper;
import io.squares.mapreduce.QuantileOptions;
import io.squares.mapreduce.QuantilePart;
import io.squares.mapreduce.QuantileReducer;
import io.squares.mapreduce.QuantileRun;
import io.squares.mapreduce.RunQuantileMapper;
import io.squares.mapreduce.RunQuantileReducer;
import io.squares.mapreduce.SketchBlocks;
import io.squares.mapreduce.SketchOrderKey;
import io.squares.mapreduce.SquaresCounter;
import io.squares.mapreduce.StatsCombiner;
import io.squares.mapreduce.StatsMapper;
import io.squares.mapreduce.StatsOutputFormat;
import io.squares.mapreduce.StatsReducer;
import io.squares.mapreduce.StatsWritable;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.MapOutputCollector;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.IndexedSorter;

/**
 * {@code squares stats}: per key, exact count, sum, sum of squares, min and max, and mean, sample
 * variance and stddev computed from the exact sums.
 */
public class StatsTool extends SquaresTool {
  @Override
  protected String name() {
    return "stats";
  }

  @Override
  protected String description() {
    return "Per key: count, sum, sum of squares, min, max, mean, variance and stddev (sample, n-1)."
        + " Writes part-r-* lines 'key count sum sum_of_squares min max mean variance stddev'"
        + " (tab-separated, keys sorted within each part, \\N where undefined), then one column per"
        + " quantile with --quantiles or --describe; _SUMMARY.json,"
        + " _BAD_RECORDS.tsv when records were skipped, and _SUCCESS last.";
  }

  @Override
  protected EnumSet<JobOption> options() {
    return EnumSet.complementOf(EnumSet.of(JobOption.KEEP_RECORD));
  }

  @Override
  protected boolean keyed() {
    return true;
  }

  @Override
  protected void configure(Job job) throws SquaresException {
    QuantileOptions quantiles = QuantileOptions.from(job.getConfiguration());
    if (!quantiles.enabled() || quantiles.approximate() || exactMethod(job.getConfiguration()).equals("runs")) {
      ReducerCount.apply(job.getConfiguration(), inputBytes(job)); // not for the secondary sort: every value in the shuffle
    }
    String reducers = job.getConfiguration().getTrimmed("mapreduce.job.reduces", "1");
    int n;
    try {
      n = Integer.parseInt(reducers);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw SquaresException.usage("--reducers " + reducers + ": use a whole number of 1 or more");
    }
    job.setNumReduceTasks(n);
    job.setOutputKeyClass(Text.class); // every shape writes "key<TAB>fields" lines
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(StatsOutputFormat.class); // TextOutputFormat without its per-record cost
    if (quantiles.enabled()) {
      configureQuantiles(job, quantiles);
      return;
    }
    Configuration conf = job.getConfiguration();
    job.setMapperClass(conf.getClass(SquaresConfig.STATS_MAPPER, StatsMapper.class, StatsMapper.class));
    boolean inMapper = conf.getInt(SquaresConfig.MAP_MAX_KEYS, 1) > 0
        && conf.getLong(SquaresConfig.MAP_TABLE_BYTES, 0) >= 0;
    if (conf.getBoolean(SquaresConfig.COMBINER, !inMapper && SquaresConfig.COMBINER_DEFAULT)) {
      job.setCombinerClass(StatsCombiner.class);
    }
    deferSortBuffer(conf);
    shareLocalShuffle(conf);
    job.setReducerClass(StatsReducer.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(StatsWritable.class);
    if (onlyHadoopDefault(conf, MRJobConfig.MAP_SORT_CLASS)) {
      // the map tasks emit their tables in the sort's order: the sort then only checks it
      conf.setClass(MRJobConfig.MAP_SORT_CLASS, PresortedSorter.class, IndexedSorter.class);
    }
  }

  /**
   * With {@code --approx-quantiles} on a million records or more, when at least half of them left the
   * map tasks as sketches of their own (too many keys for the sketch tables, which hold a few
   * thousand): with that many keys exact quantiles are faster (20M rows x 500,000 keys: 18 s against
   * 48), and most groups are small enough for a sketch to hold all their values anyway.
   */
  @Override
  protected String afterJobHint(Configuration conf, Counters counters) {
    QuantileOptions q;
    try {
      q = QuantileOptions.from(conf);
    } catch (SquaresException e) {
      return null; // checked before the job ran
    }
    if (!q.enabled() || !q.approximate()) {
      return null;
    }
    long good = counters.findCounter(SquaresCounter.GOOD_RECORDS).getValue();
    long out = counters.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue();
    if (good < APPROX_HINT_MIN_RECORDS || out * 2 < good) {
      return null;
    }
    return String.format("the map tasks emitted %d partial sketches for %d records: too many keys to"
        + " combine in their sketch tables; with this many keys exact quantiles (the same options without"
        + " --approx-quantiles) are usually faster, and exact", out, good);
  }

  /**
   * Reducers running at once in one local JVM would each take Hadoop's 0.70 of its heap for fetched
   * map outputs: they share half the heap instead (the rest merges on disk), and keep what they
   * fetched into memory there for the reduce (Hadoop's {@code mapreduce.reduce.input.buffer.percent}
   * of 0 first writes it all to disk, to read it back: 20M rows x 500,000 keys, 5 alternated rounds,
   * 5.21 s against 5.59 s on average, the same peak memory). Settings the user made stand.
   *
   * @param conf the job's configuration
   */
  static void shareLocalShuffle(Configuration conf) {
    int reduces = ReducerCount.localReduces(conf);
    if (reduces <= 1 || !onlyHadoopDefault(conf, MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT)) {
      return;
    }
    float share = 0.5f / reduces;
    conf.setFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, share);
    if (onlyHadoopDefault(conf, MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT)) {
      conf.setFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, share);
    }
  }

  /**
   * Lets each map task size its own sort buffer ({@link DeferredSortBuffer}, {@link MapMemory}) unless
   * the user chose the buffer or the collector, or turned it off.
   */
  private static void deferSortBuffer(Configuration conf) {
    if (conf.getBoolean(SquaresConfig.MAP_AUTO_SORT_BUFFER, SquaresConfig.MAP_AUTO_SORT_BUFFER_DEFAULT)
        && !UberMode.userSet(conf, MRJobConfig.IO_SORT_MB)
        && !UberMode.userSet(conf, MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR)) {
      conf.setClass(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR, DeferredSortBuffer.class, MapOutputCollector.class);
      conf.setBoolean(MapMemory.SIZE_SORT_BUFFER, true);
      if (!UberMode.userSet(conf, MRJobConfig.IO_SORT_FACTOR)) {
        // A task's spills merge in one pass: a 10M-record split whose keys overflow its table
        // spills 92 times into 4 MiB buffers; at 64 Hadoop first merged 29 of them to disk. 20M
        // rows x 5M keys, 5 pairs side by side: 128 was faster in each, by 1.2 s on average.
        conf.setInt(MRJobConfig.IO_SORT_FACTOR, 128);
      }
    }
  }

  /** The fewest good records for which {@link #afterJobHint} suggests exact quantiles. */
  static final long APPROX_HINT_MIN_RECORDS = 1_000_000;

  /** The largest map sort buffer (MiB) approximate quantiles take in local mode (unless set). */
  static final int APPROX_LOCAL_SORT_MB_MAX = 64;
  /** The smallest: what {@code conf/local.xml} once gave every job. */
  static final int APPROX_LOCAL_SORT_MB_MIN = 16;

  /**
   * The map sort buffer of approximate quantiles in local mode: a third of the split, within
   * [{@value #APPROX_LOCAL_SORT_MB_MIN}, {@value #APPROX_LOCAL_SORT_MB_MAX}] MiB. Each 16 MiB sketch
   * block emits a partial sketch (up to ~3 KB) per key: at 1,000 keys a 147 MB split's output is
   * ~28 MB, which a 16 MiB buffer spilled twice and merged (57,000 spilled records for 19,000
   * outputs) and a 49 MiB one holds (38,000): 6.9-7.6 s against 7.7-7.8 s. Hadoop allocates the
   * whole buffer when a map task starts, so a small split keeps a small one (64 MiB for every task
   * made the many small jobs of {@code ApproxDeterminismTest} 45% slower).
   *
   * @param splitBytes the split size asked for (0: unknown)
   * @return the buffer in MiB
   */
  static int approxLocalSortMb(long splitBytes) {
    long mb = (splitBytes / 3 + (1 << 20) - 1) >> 20;
    return (int) Math.max(APPROX_LOCAL_SORT_MB_MIN, Math.min(APPROX_LOCAL_SORT_MB_MAX, mb));
  }

  /**
   * The job shapes with quantiles. Exact by runs (the default): {@link RunQuantileMapper} emits
   * per key and flush its aggregate and its values sorted in memory, keyed by the plain Text key,
   * and {@link RunQuantileReducer} merges a key's runs. Exact by sort: {@link QuantileMapper} emits
   * per-key aggregates and counted (key, value) pairs, sorted by (key, value) with a raw comparator,
   * grouped and partitioned by key, so {@link QuantileReducer} streams each key's values in order.
   * Approximate: the plain shape with a KLL sketch in each aggregate.
   */
  private static void configureQuantiles(Job job, QuantileOptions quantiles) throws SquaresException {
    boolean combiner = job.getConfiguration().getBoolean(SquaresConfig.COMBINER, SquaresConfig.COMBINER_DEFAULT);
    if (quantiles.approximate()) {
      Configuration conf = job.getConfiguration();
      deferSortBuffer(conf); // before the local size below: the mapper keeps it unless keys overflow
      if (MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))
          && !UberMode.userSet(conf, MRJobConfig.IO_SORT_MB)) {
        conf.setInt(MRJobConfig.IO_SORT_MB, approxLocalSortMb(conf.getLong(FileInputFormat.SPLIT_MINSIZE, 0)));
      }
      SketchBlocks.jobBlockBytes(conf); // a bad block size is a usage error here, not a failed job
      job.setMapperClass(ApproxQuantileMapper.class);
      // No combiner, whatever squares.stats.combiner says: each partial sketch keeps its own place
      // (file, block, sequence) in the reducer's merge order, so the output does not depend on how
      // Hadoop spills, merges or combines.
      shareLocalShuffle(conf); // as plain
      job.setReducerClass(ApproxQuantileReducer.class);
      job.setMapOutputKeyClass(Text.class); // a SketchOrderKey: (key, file, block, sequence), sorted as bytes
      job.setMapOutputValueClass(ApproxStatsWritable.class);
      job.setGroupingComparatorClass(SketchOrderKey.GroupComparator.class);
      job.setPartitionerClass(SketchOrderKey.KeyPartitioner.class);
    } else if (exactMethod(job.getConfiguration()).equals("runs")) {
      job.setMapperClass(RunQuantileMapper.class);
      job.setReducerClass(RunQuantileReducer.class); // no combiner: merging runs costs more than it saves
      job.setMapOutputKeyClass(Text.class);
      job.setMapOutputValueClass(QuantileRun.class);
      Configuration conf = job.getConfiguration();
      deferSortBuffer(conf); // the mapper knows at its first flush whether more will follow
      if (onlyHadoopDefault(conf, MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT)) {
        // as for the sort method, below, shared by the reducers that run at once in local mode
        conf.setFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, 0.30f / ReducerCount.localReduces(conf));
      }
    } else {
      job.setMapperClass(QuantileMapper.class);
      Configuration conf = job.getConfiguration();
      int sortMb = conf.getInt(SquaresConfig.QUANTILES_SORT_MB, SquaresConfig.QUANTILES_SORT_MB_DEFAULT);
      if (conf.getInt(MRJobConfig.IO_SORT_MB, MRJobConfig.DEFAULT_IO_SORT_MB) < sortMb) {
        conf.setInt(MRJobConfig.IO_SORT_MB, sortMb);
      }
      if (onlyHadoopDefault(conf, MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT)) {
        // The reducer's share of the heap for fetched map outputs (Hadoop: 0.70): with every value
        // in the shuffle, 0.70 of a 1 GiB client heap in local mode took the process past 1 GiB
        // RSS on 20M rows; at 0.30 it stayed at 0.94 GB, as fast (the rest merges on disk).
        conf.setFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, 0.30f);
      }
      if (combiner) {
        job.setCombinerClass(QuantileCombiner.class);
        job.setCombinerKeyGroupingComparatorClass(QuantileKey.Comparator.class); // equal (key, value)
      }
      job.setReducerClass(QuantileReducer.class);
      job.setMapOutputKeyClass(QuantileKey.class);
      job.setMapOutputValueClass(QuantilePart.class);
      job.setSortComparatorClass(QuantileKey.Comparator.class);
      job.setGroupingComparatorClass(QuantileKey.GroupComparator.class);
      job.setPartitionerClass(QuantileKey.KeyPartitioner.class);
    }
  }

  /**
   * @return {@code runs} or {@code sort}, from {@link SquaresConfig#QUANTILES_EXACT_METHOD}
   * @throws SquaresException a usage error for another value
   */
  static String exactMethod(Configuration conf) throws SquaresException {
    String m = conf.getTrimmed(SquaresConfig.QUANTILES_EXACT_METHOD, SquaresConfig.QUANTILES_EXACT_METHOD_DEFAULT);
    if (!m.equals("runs") && !m.equals("sort")) {
      throw SquaresException.usage(SquaresConfig.QUANTILES_EXACT_METHOD + "=" + m + ": use runs or sort");
    }
    return m;
  }

  /** @return the bytes of the job's input files */
  private static long inputBytes(Job job) throws SquaresException {
    long total = 0;
    try {
      for (Path p : FileInputFormat.getInputPaths(job)) {
        total += p.getFileSystem(job.getConfiguration()).getFileStatus(p).getLen();
      }
    } catch (IOException e) {
      throw new SquaresException(ExitCode.INPUT_NOT_FOUND, "cannot read the size of an input: " + e.getMessage(), e);
    }
    return total;
  }

  /** @return whether a key is unset or set only by Hadoop's own {@code *-default.xml} */
  private static boolean onlyHadoopDefault(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return true;
    }
    for (String s : sources) {
      if (!s.endsWith("-default.xml")) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected void addToSummary(Map<String, Object> summary, Configuration conf) throws SquaresException {
    QuantileOptions quantiles = QuantileOptions.from(conf);
    if (!quantiles.enabled()) {
      return;
    }
    Map<String, Object> q = new LinkedHashMap<>();
    List<String> ps = new ArrayList<>();
    for (BigDecimal p : quantiles.probabilities()) {
      ps.add(DecimalText.plain(p));
    }
    q.put("probabilities", ps);
    q.put("method", quantiles.approximate() ? "approximate" : "exact");
    if (!quantiles.approximate()) {
      q.put("exact_method", exactMethod(conf));
    }
    summary.put("quantiles", q);
    if (quantiles.approximate()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("sketch", "KLL (io.squares.core.KllSketch: DataSketches' KllDoublesSketch algorithm, seeded coins)");
      a.put("k", quantiles.k());
      // Single-rank queries; with 99% confidence the returned value's true normalized rank is within this of p
      // (DataSketches' empirical fit for KLL: 2.296 / k^0.9723).
      a.put("normalized_rank_error", KllSketch.normalizedRankError(quantiles.k()));
      a.put("normalized_rank_error_formula", "2.296 / k^0.9723");
      a.put("confidence", 0.99);
      a.put("exact_up_to", quantiles.k()); // a group of at most k values is held whole: linear interpolation
      a.put("deterministic", "byte-identical for the same input files in the same order and the same squares.*"
          + " settings (block size, k, buffer bytes): any split size, reducer count or map slots, local or YARN");
      a.put("block_bytes", conf.getLong(SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES,
          SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES_DEFAULT));
      summary.put("approx_quantiles", a);
    }
  }
}
