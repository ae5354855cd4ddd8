package io.squares.job;

import io.squares.SquaresConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * Decides whether a job on YARN runs in uber mode: its map and reduce tasks inside the
 * ApplicationMaster's JVM, one after another on one node, sparing a container launch (a JVM start,
 * seconds) per task. Squares switches it on when the user has not set
 * {@code mapreduce.job.ubertask.enable} anywhere (site file, {@code -conf}, {@code -D}) and the
 * whole input fits in one block: at most {@link SquaresConfig#UBER_MAX_BYTES}, at most
 * {@code mapreduce.job.ubertask.maxbytes} when that is set, and otherwise at most the smallest
 * block size of the input files (what Hadoop's ApplicationMaster compares with, its default block
 * size, when {@code maxbytes} is unset). Such a job is one map task's worth of data, so on a
 * cluster of any size uber mode takes no parallelism away from it; anything bigger gets a
 * container per task, spread over the workers. Hadoop's own limits
 * ({@code mapreduce.job.ubertask.maxmaps}, {@code maxreduces}, {@code maxbytes}, the
 * ApplicationMaster's memory) still apply in the ApplicationMaster.
 *
 * <p>In uber mode Hadoop runs each task once: a task that fails fails the ApplicationMaster's
 * attempt, and YARN reruns the whole (small) job with a new one ({@code mapreduce.am.max-attempts}).
 * Larger inputs keep separate task containers and Hadoop's per-task retries.
 */
final class UberMode {
  /** Why the job does or does not ask for uber mode. */
  enum Decision {
    /** Not on YARN: uber mode does not apply. */
    NOT_YARN(false),
    /** {@code mapreduce.job.ubertask.enable} was set by the user; left as set. */
    USER_SETTING(false),
    /** The input is small: uber mode requested. */
    SMALL_INPUT(true),
    /**
     * The input is larger than the limit or than one block (or has more files than uber mode takes
     * maps).
     */
    LARGE_INPUT(false);

    private final boolean enables;

    Decision(boolean enables) {
      this.enables = enables;
    }

    /** @return whether this decision switches uber mode on */
    boolean enables() {
      return enables;
    }
  }

  private UberMode() {}

  /**
   * Decides, and sets {@code mapreduce.job.ubertask.enable} when the decision is to enable it.
   *
   * @param conf the job's configuration (changed only to switch uber mode on)
   * @param inputs the job's input files
   * @return the decision
   * @throws IOException when an input's length cannot be read
   */
  static Decision apply(Configuration conf, List<Path> inputs) throws IOException {
    Decision d = decide(conf, inputs);
    if (d.enables()) {
      conf.setBoolean(MRJobConfig.JOB_UBERTASK_ENABLE, true);
    }
    return d;
  }

  private static Decision decide(Configuration conf, List<Path> inputs) throws IOException {
    if (!MRConfig.YARN_FRAMEWORK_NAME.equals(conf.getTrimmed(MRConfig.FRAMEWORK_NAME))) {
      return Decision.NOT_YARN;
    }
    if (userSet(conf, MRJobConfig.JOB_UBERTASK_ENABLE)) {
      return Decision.USER_SETTING;
    }
    long limit = conf.getLong(SquaresConfig.UBER_MAX_BYTES, SquaresConfig.UBER_MAX_BYTES_DEFAULT);
    int maxMaps = conf.getInt(MRJobConfig.JOB_UBERTASK_MAXMAPS, 9);
    if (limit <= 0 || inputs.size() > maxMaps) {
      return Decision.LARGE_INPUT;
    }
    // Empty in mapred-default.xml: then Hadoop compares with the default block size.
    boolean hadoopMaxBytesSet = !conf.getTrimmed(MRJobConfig.JOB_UBERTASK_MAXBYTES, "").isEmpty();
    if (hadoopMaxBytesSet) {
      limit = Math.min(limit, conf.getLong(MRJobConfig.JOB_UBERTASK_MAXBYTES, limit));
    }
    List<FileStatus> files = new ArrayList<>();
    for (Path p : inputs) {
      FileStatus f = p.getFileSystem(conf).getFileStatus(p);
      files.add(f);
      if (!hadoopMaxBytesSet && f.getBlockSize() > 0) {
        limit = Math.min(limit, f.getBlockSize());
      }
    }
    long total = 0;
    for (FileStatus f : files) {
      total += f.getLen();
      if (total > limit) {
        return Decision.LARGE_INPUT;
      }
    }
    return Decision.SMALL_INPUT;
  }

  /** @return whether key was set other than by one of Hadoop's {@code *-default.xml} files */
  static boolean userSet(Configuration conf, String key) {
    if (conf.get(key) == null) {
      return false;
    }
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return true;
    }
    for (String s : sources) {
      if (!s.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }
}
