package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.junit.jupiter.api.Test;

/**
 * {@link ApproxQuantileMapper}'s sort buffer: the job's choice when a block's whole table is the
 * first output (partial sketches of a few KB each), the small overflow buffer when the table filled
 * within its block (records leave nearly one by one).
 */
class ApproxQuantileMapperTest {
  @Test
  void theJobsBufferForWholeBlocksTheOverflowBufferWhenKeysOverflow() {
    Configuration conf = new Configuration(false);
    conf.setInt(MRJobConfig.IO_SORT_MB, 49); // what StatsTool chose for a 147 MB split in local mode
    assertEquals(49, ApproxQuantileMapper.sortBufferMb(conf, true, true), "a block ended");
    assertEquals(49, ApproxQuantileMapper.sortBufferMb(conf, false, false), "the task ended");
    // squares.stats.map.spill-sort-mb: 4 MiB by default
    assertEquals(4, ApproxQuantileMapper.sortBufferMb(conf, true, false), "the table filled");
    conf.setInt("squares.stats.map.spill-sort-mb", 8);
    assertEquals(8, ApproxQuantileMapper.sortBufferMb(conf, true, false));
  }
}
