package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.junit.jupiter.api.Test;

/** {@link StatsTool#shareLocalShuffle}: local reducers running at once share the heap; user settings stand. */
class LocalShuffleShareTest {
  private static Configuration local(int reduces) {
    Configuration conf = new JobConf(); // with Hadoop's core- and mapred-default.xml, as a job's
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    ReducerCount.apply(conf, (reduces == 1 ? 100L : 300L * reduces) << 20); // one per 256 MiB, as a job
    return conf;
  }

  @Test
  void reducersRunningAtOnceShareHalfTheHeapAndKeepTheirInputInMemory() {
    Configuration conf = local(2);
    StatsTool.shareLocalShuffle(conf);
    assertEquals(0.25f, conf.getFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, 0), 0);
    assertEquals(0.25f, conf.getFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, 0), 0);
  }

  @Test
  void oneReducerKeepsHadoopsDefaults() {
    Configuration conf = local(1);
    StatsTool.shareLocalShuffle(conf);
    assertEquals(0.70f, conf.getFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, 0), 0);
    assertEquals(0f, conf.getFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, -1), 0);
  }

  @Test
  void aUserSettingStands() {
    Configuration conf = local(2);
    conf.setFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, 0.0f); // -D or a -conf file
    StatsTool.shareLocalShuffle(conf);
    assertEquals(0.25f, conf.getFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, 0), 0);
    assertEquals(0.0f, conf.getFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, -1), 0);

    Configuration shuffle = local(2);
    shuffle.setFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, 0.5f);
    StatsTool.shareLocalShuffle(shuffle);
    assertEquals(0.5f, shuffle.getFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, 0), 0);
    assertEquals(0f, shuffle.getFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, -1), 0,
        "left to Hadoop's default when the user sized the shuffle");
  }
}
