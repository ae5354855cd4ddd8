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
 * time. Unless the user set a split size, this asks for one split per map slot, or as many per slot
 * as keep each at most {@code squares.local.split-max-bytes} (384 MiB): a 300 MB file on 2 slots is
 * 2 splits, a 1.2 GB one 4. One split per slot matters when keys are many: every task emits each
 * key it saw once, so at 20M rows x 500,000 keys 4 splits emit 2M partial aggregates and 2 splits
 * 1M (measured 18-19 s against 14-15 s); on large files several splits per slot even out the
 * slots' ends (80M rows: 4 splits 8.5-9 s, 2 splits 9.1-10.1 s). {@code squares.local.splits-per-slot}
 * sets the count per slot instead. On a cluster (YARN) nothing changes: block-sized splits are what
 * data locality wants.
 *
 * <p>With approximate quantiles {@code LineBlockInputFormat} then rounds the split size to the
 * nearest multiple of the sketch block ({@code squares.stats.quantiles.approx.block-bytes}), which
 * moves each split by at most half a block: a 307 MB file on 2 slots (2 splits asked for, 146.8 MiB
 * each) at 16 MiB blocks is split 144, 144 and 5.5 MiB.
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
    int perSlot = conf.get(SquaresConfig.LOCAL_SPLITS_PER_SLOT) != null
        ? Math.max(1, conf.getInt(SquaresConfig.LOCAL_SPLITS_PER_SLOT, 1))
        : splitsPerSlot(total, slots, Math.max(1, conf.getLong(SquaresConfig.LOCAL_SPLIT_MAX_BYTES,
            SquaresConfig.LOCAL_SPLIT_MAX_BYTES_DEFAULT)));
    long size = minSplitSize(total, slots, perSlot);
    conf.setLong(FileInputFormat.SPLIT_MINSIZE, size);
    return size;
  }

  /**
   * @param totalBytes bytes of input
   * @param slots map slots
   * @param maxSplitBytes the largest split wanted
   * @return the fewest splits per slot that keep every split within {@code maxSplitBytes}, at least 1
   */
  static int splitsPerSlot(long totalBytes, int slots, long maxSplitBytes) {
    if (maxSplitBytes > Long.MAX_VALUE / 2 / slots) {
      return 1;
    }
    long cap = slots * maxSplitBytes; // the bytes one split per slot covers at most
    long perSlot = totalBytes / cap + (totalBytes % cap == 0 ? 0 : 1);
    return (int) Math.max(1, Math.min(perSlot, Integer.MAX_VALUE / slots));
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
