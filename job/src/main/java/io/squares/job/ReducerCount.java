package io.squares.job;

import io.squares.SquaresConfig;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Cluster;
import org.apache.hadoop.mapreduce.ClusterMetrics;
import org.apache.hadoop.mapreduce.MRConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of reduce tasks of {@code stats} when the user chose none ({@code --reducers},
 * {@code mapreduce.job.reduces} in a site file, {@code -conf} or {@code -D}): one per
 * {@link SquaresConfig#REDUCE_BYTES_PER_REDUCER} of input, at most the reduce tasks that can run at
 * once (the LocalJobRunner's map slots in local mode, which then also runs that many reducers at
 * once; the cluster's reduce capacity as YARN reports it), at least 1. The output is the same for
 * any count: each part file holds its keys sorted, and the sorted union of the part files is
 * byte-identical ({@code DeterminismTest}).
 */
final class ReducerCount {
  private static final Logger LOG = LoggerFactory.getLogger(ReducerCount.class);
  /** The LocalJobRunner's setting for how many reduce tasks it runs at once (Hadoop: 1). */
  static final String LOCAL_REDUCES = "mapreduce.local.reduce.tasks.maximum";

  private ReducerCount() {}

  /**
   * @param inputBytes bytes of input
   * @param bytesPerReducer input bytes per reduce task (at least 1)
   * @param capacity reduce tasks that can run at once
   * @return {@code ceil(inputBytes / bytesPerReducer)} within {@code [1, capacity]}
   */
  static int choose(long inputBytes, long bytesPerReducer, int capacity) {
    long per = Math.max(1, bytesPerReducer);
    long wanted = inputBytes / per + (inputBytes % per == 0 ? 0 : 1);
    return (int) Math.max(1, Math.min(wanted, Math.max(1, capacity)));
  }

  /**
   * Sets {@code mapreduce.job.reduces} when the user did not, and in local mode lets the
   * LocalJobRunner run the reducers at once (unless {@value #LOCAL_REDUCES} is set).
   *
   * @param conf the job configuration
   * @param inputBytes bytes of input
   * @return the number of reduce tasks chosen, or 0 when the user's choice stands
   */
  static int apply(Configuration conf, long inputBytes) {
    if (UberMode.userSet(conf, "mapreduce.job.reduces")) {
      return 0;
    }
    long per = conf.getLong(SquaresConfig.REDUCE_BYTES_PER_REDUCER, SquaresConfig.REDUCE_BYTES_PER_REDUCER_DEFAULT);
    boolean local = MRConfig.LOCAL_FRAMEWORK_NAME.equals(
        conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
    int n = 1;
    if (inputBytes > per) { // ask the cluster only when more than one reducer is wanted
      int capacity = local ? Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1)) : clusterCapacity(conf);
      n = choose(inputBytes, per, capacity);
    }
    conf.setInt("mapreduce.job.reduces", n);
    if (local && n > 1 && !UberMode.userSet(conf, LOCAL_REDUCES)) {
      conf.setInt(LOCAL_REDUCES, n);
    }
    return n;
  }

  /** @return how many reduce tasks run at once in this JVM: more than 1 only in local mode */
  static int localReduces(Configuration conf) {
    boolean local = MRConfig.LOCAL_FRAMEWORK_NAME.equals(
        conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
    return local ? Math.max(1, Math.min(conf.getInt(LOCAL_REDUCES, 1), conf.getInt("mapreduce.job.reduces", 1))) : 1;
  }

  /** @return the cluster's reduce capacity as its client reports it; 1 when it cannot be asked */
  private static int clusterCapacity(Configuration conf) {
    try {
      Cluster cluster = new Cluster(conf);
      try {
        ClusterMetrics m = cluster.getClusterStatus();
        return Math.max(1, m.getReduceSlotCapacity());
      } finally {
        cluster.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cluster capacity unknown: {}", e.toString());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
