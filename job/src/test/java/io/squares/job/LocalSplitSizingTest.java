package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.squares.SquaresConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSplitSizingTest {
  @TempDir Path tmp;

  @Test
  void asksForOneSplitPerLocalSlotUpToTheLargestSplit() throws Exception {
    Path a = Files.write(tmp.resolve("a"), new byte[1000]);
    Path b = Files.write(tmp.resolve("b"), new byte[601]);
    List<org.apache.hadoop.fs.Path> in = List.of(new org.apache.hadoop.fs.Path(a.toUri()),
        new org.apache.hadoop.fs.Path(b.toUri()));
    Configuration conf = LocalJobs.localConf(); // 2 slots
    assertEquals(801, LocalSplitSizing.apply(conf, in)); // ceil(1601 / 2 slots)
    assertEquals(801, conf.getLong(FileInputFormat.SPLIT_MINSIZE, 0));
    Configuration small = LocalJobs.localConf();
    small.setLong(SquaresConfig.LOCAL_SPLIT_MAX_BYTES, 300); // 1601 bytes: 3 per slot, 6 splits
    assertEquals(267, LocalSplitSizing.apply(small, in));
    Configuration perSlot = LocalJobs.localConf();
    perSlot.setInt(SquaresConfig.LOCAL_SPLITS_PER_SLOT, 2); // the user's count wins
    perSlot.setLong(SquaresConfig.LOCAL_SPLIT_MAX_BYTES, 300);
    assertEquals(401, LocalSplitSizing.apply(perSlot, in));
  }

  @Test
  void splitsPerSlotKeepEverySplitWithinTheLargest() {
    long mib = 1L << 20;
    assertEquals(1, LocalSplitSizing.splitsPerSlot(307_778_534L, 2, 384 * mib)); // 20M rows: 2 splits
    assertEquals(2, LocalSplitSizing.splitsPerSlot(1_231_104_661L, 2, 384 * mib)); // 80M rows: 4
    assertEquals(1, LocalSplitSizing.splitsPerSlot(768 * mib, 2, 384 * mib));
    assertEquals(2, LocalSplitSizing.splitsPerSlot(768 * mib + 1, 2, 384 * mib));
    assertEquals(4, LocalSplitSizing.splitsPerSlot(1_231_104_661L, 1, 384 * mib)); // one slot
    assertEquals(1, LocalSplitSizing.splitsPerSlot(0, 2, 384 * mib));
    assertEquals(1, LocalSplitSizing.splitsPerSlot(Long.MAX_VALUE, 2, Long.MAX_VALUE));
    assertEquals(Integer.MAX_VALUE / 3, LocalSplitSizing.splitsPerSlot(Long.MAX_VALUE, 3, 1));
  }

  @Test
  void leavesAUserSettingAndClustersAlone() throws Exception {
    Path a = Files.write(tmp.resolve("a"), new byte[1000]);
    List<org.apache.hadoop.fs.Path> in = List.of(new org.apache.hadoop.fs.Path(a.toUri()));
    Configuration user = LocalJobs.localConf();
    user.setLong(FileInputFormat.SPLIT_MINSIZE, 5000);
    assertEquals(0, LocalSplitSizing.apply(user, in));
    assertEquals(5000, user.getLong(FileInputFormat.SPLIT_MINSIZE, 0));
    Configuration max = LocalJobs.localConf();
    max.setLong(FileInputFormat.SPLIT_MAXSIZE, 100);
    assertEquals(0, LocalSplitSizing.apply(max, in));
    Configuration yarn = new Configuration();
    yarn.set("mapreduce.framework.name", "yarn");
    assertEquals(0, LocalSplitSizing.apply(yarn, in));
    Configuration one = LocalJobs.localConf();
    one.setInt(SquaresConfig.LOCAL_SPLITS_PER_SLOT, 1);
    assertEquals(500, LocalSplitSizing.apply(one, in));
  }

  @Test
  void approximateQuantilesSplitsStayBalancedOnTwoSlots() throws Exception {
    // Sparse files (no data written) of 130 MiB to 1.5 GiB and the 307 MB benchmark file's size:
    // the default sizing asks for 2 splits (4 from 768 MiB), rounded to whole sketch blocks; on 2 slots
    // (largest split first, each to the slot free first) the busier slot has at most 10% more
    // bytes than half of the file.
    for (long bytes : new long[] {130L << 20, 200L << 20, 307_778_534L, 500L << 20, 1L << 30, 1536L << 20}) {
      Path f = tmp.resolve("sparse-" + bytes);
      try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
        raf.setLength(bytes);
      }
      Configuration conf = LocalJobs.localConf(); // 2 slots
      conf.setBoolean(SquaresConfig.QUANTILES_APPROX, true);
      org.apache.hadoop.fs.Path in = new org.apache.hadoop.fs.Path(f.toUri());
      LocalSplitSizing.apply(conf, List.of(in));
      org.apache.hadoop.mapreduce.Job job = org.apache.hadoop.mapreduce.Job.getInstance(conf);
      FileInputFormat.setInputPaths(job, in);
      List<Long> sizes = new java.util.ArrayList<>();
      for (org.apache.hadoop.mapreduce.InputSplit s : new io.squares.mapreduce.LineBlockInputFormat().getSplits(job)) {
        sizes.add(s.getLength());
      }
      sizes.sort(java.util.Comparator.reverseOrder());
      long[] slots = new long[2];
      for (long s : sizes) {
        slots[slots[0] <= slots[1] ? 0 : 1] += s;
      }
      long busier = Math.max(slots[0], slots[1]);
      org.junit.jupiter.api.Assertions.assertTrue(busier <= 1.1 * bytes / 2,
          bytes + " bytes: splits " + sizes + ", slots " + slots[0] + " and " + slots[1]);
    }
  }

  @Test
  void approximateQuantilesTakeASortBufferOfAThirdOfTheirSplitWithinBounds() {
    assertEquals(16, StatsTool.approxLocalSortMb(0)); // unknown: the old fixed size
    assertEquals(16, StatsTool.approxLocalSortMb(20_000)); // a test's tiny split
    assertEquals(16, StatsTool.approxLocalSortMb(48L << 20));
    assertEquals(17, StatsTool.approxLocalSortMb((48L << 20) + 3));
    assertEquals(49, StatsTool.approxLocalSortMb(153_889_267L)); // the 20M-row file on 2 slots
    assertEquals(64, StatsTool.approxLocalSortMb(1L << 30));
  }
}
