package io.squares.mapreduce;

import io.squares.SquaresConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;

/**
 * How much of its heap a {@code stats} map task gives its in-mapper table and its sort buffer. Both
 * are shares of the task's JVM heap ({@link Runtime#maxMemory()}: the {@code -Xmx} of
 * {@code mapreduce.map.java.opts} on YARN, the client's heap in local mode), divided by the map
 * tasks that share that JVM (the LocalJobRunner's {@code mapreduce.local.map.tasks.maximum}; 1 on a
 * cluster), so memory is bounded by settings, not by the data.
 */
public final class MapMemory {
  /** Set by the driver when the job uses {@link DeferredSortBuffer}: the mapper sizes the buffer. */
  public static final String SIZE_SORT_BUFFER = "squares.stats.map.size-sort-buffer";
  /** Sort-buffer bytes per map output record beyond its key and value: Hadoop's index entry. */
  static final int RECORD_OVERHEAD = 16;
  /** Serialized bytes of a small aggregate of many values (count, scale, four short fields). */
  static final int AGGREGATE_BYTES = 20;
  private static final long MB = 1 << 20;
  /** Largest {@code mapreduce.task.io.sort.mb} Hadoop accepts. */
  private static final int MAX_SORT_MB = 2047;

  private MapMemory() {}

  /**
   * @param conf the task's configuration
   * @return the table's byte budget: {@link SquaresConfig#MAP_TABLE_BYTES} when set and not 0,
   *     otherwise {@link SquaresConfig#MAP_TABLE_FRACTION} of this JVM's heap per map slot;
   *     negative for no table
   */
  public static long tableBytes(Configuration conf) {
    long set = conf.getLong(SquaresConfig.MAP_TABLE_BYTES, 0);
    if (set != 0) {
      return set;
    }
    return share(conf, Runtime.getRuntime().maxMemory(),
        conf.getFloat(SquaresConfig.MAP_TABLE_FRACTION, SquaresConfig.MAP_TABLE_FRACTION_DEFAULT));
  }

  /**
   * @param conf the task's configuration
   * @param expectedBytes the map output expected in the sort buffer (records and index)
   * @return the sort buffer in MiB: the expected bytes plus an eighth, at least 1, at most
   *     {@link SquaresConfig#MAP_SORT_FRACTION} of the heap per map slot (Hadoop spills beyond it)
   */
  public static int sortMb(Configuration conf, long expectedBytes) {
    long cap = share(conf, Runtime.getRuntime().maxMemory(),
        conf.getFloat(SquaresConfig.MAP_SORT_FRACTION, SquaresConfig.MAP_SORT_FRACTION_DEFAULT));
    return sortMb(expectedBytes, cap);
  }

  static int sortMb(long expectedBytes, long capBytes) {
    long want = expectedBytes + expectedBytes / 8;
    long mb = (Math.min(want, capBytes) + MB - 1) / MB;
    return (int) Math.max(1, Math.min(mb, MAX_SORT_MB));
  }

  /**
   * @param heap the JVM's heap in bytes
   * @param fraction the share of it
   * @return the share per map slot of this JVM
   */
  static long share(Configuration conf, long heap, float fraction) {
    return (long) (heap * (double) fraction / slots(conf));
  }

  /** @return the map tasks that run at once in one JVM: the local slots, or 1 on a cluster */
  public static int slots(Configuration conf) {
    if (MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))) {
      return Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
    }
    return 1;
  }

  /**
   * @param conf the task's configuration
   * @return the sort buffer in MiB of a task whose keys overflow its table:
   *     {@link SquaresConfig#MAP_SPILL_SORT_MB}, at most the heap share of {@link #sortMb}
   */
  public static int spillSortMb(Configuration conf) {
    long mb = Math.max(1, conf.getInt(SquaresConfig.MAP_SPILL_SORT_MB, SquaresConfig.MAP_SPILL_SORT_MB_DEFAULT));
    return sortMb(conf, mb * MB * 8 / 9); // sortMb adds an eighth back
  }

  /**
   * @param keys the table's keys
   * @param keyBytes their bytes
   * @return the sort-buffer bytes the table's contents need
   */
  static long tableOutputBytes(int keys, long keyBytes) {
    return keyBytes + (long) keys * (RECORD_OVERHEAD + AGGREGATE_BYTES + 5);
  }
}
