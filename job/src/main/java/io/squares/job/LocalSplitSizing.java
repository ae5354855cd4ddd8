package io.squares.job;

import io.squares.SquaresConfig;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Split sizing for local mode. The LocalJobRunner's map slots are threads of one JVM and every map
 * task costs a fixed setup (configuration copy, committer, sort buffer), so many small splits waste
 * time. Unless the user set a minimum split size, this asks for about {@code splits-per-slot} splits
 * per map slot in all: enough to keep every core busy and to even out their ends, no more. On a
 * cluster (YARN) nothing changes: block-sized splits are what data locality wants.
 *
 * <p>With approximate quantiles {@code LineBlockInputFormat} then rounds the split size to the
 * nearest multiple of the sketch block ({@code squares.stats.quantiles.approx.block-bytes}), which
 * moves each split by at most half a block: a 307 MB file on 2 slots (4 splits asked for, 73.4 MiB
 * each) at 16 MiB blocks is split 80, 80, 80 and 53.5 MiB.
 */
final class LocalSplitSizing {
  private LocalSplitSizing() {}

  /**
   * Sets {@code mapreduce.input.fileinputformat.split.minsize} when running locally and neither it
   * nor the maximum split size is set.
   *
   * @param conf the job configuration
   * @param inputs the input files
   * @return the minimum split size set, or 0 when left alone
   * @throws IOException when a file's size cannot be read
   */
  static long apply(Configuration conf, List<Path> inputs) throws IOException {
    if (!"local".equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))
        || conf.getLong(FileInputFormat.SPLIT_MINSIZE, 0) > 1
        || conf.get(FileInputFormat.SPLIT_MAXSIZE) != null) {
      return 0;
    }
    long total = 0;
    for (Path p : inputs) {
      total += p.getFileSystem(conf).getFileStatus(p).getLen();
    }
    int slots = Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
    int perSlot = Math.max(1, conf.getInt(SquaresConfig.LOCAL_SPLITS_PER_SLOT,
        SquaresConfig.LOCAL_SPLITS_PER_SLOT_DEFAULT));
    long size = minSplitSize(total, slots, perSlot);
    conf.setLong(FileInputFormat.SPLIT_MINSIZE, size);
    return size;
  }

  /**
   * @param totalBytes bytes of input
   * @param slots map slots
   * @param splitsPerSlot wanted splits per slot
   * @return the minimum split size that gives about {@code slots × splitsPerSlot} splits
   */
  static long minSplitSize(long totalBytes, int slots, int splitsPerSlot) {
    long splits = (long) slots * splitsPerSlot;
    return Math.max(1, (totalBytes + splits - 1) / splits);
  }
}
