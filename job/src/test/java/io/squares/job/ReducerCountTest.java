package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.squares.SquaresConfig;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** {@link ReducerCount}: one reducer per share of input, within what runs at once; user choices stand. */
class ReducerCountTest {
  private static final long MB = 1 << 20;

  @Test
  void oneReducerPerShareOfInputWithinTheCapacity() {
    assertEquals(1, ReducerCount.choose(0, 256 * MB, 2));
    assertEquals(1, ReducerCount.choose(256 * MB, 256 * MB, 2));
    assertEquals(2, ReducerCount.choose(256 * MB + 1, 256 * MB, 2));
    assertEquals(2, ReducerCount.choose(1500 * MB, 256 * MB, 2));
    assertEquals(6, ReducerCount.choose(1500 * MB, 256 * MB, 40));
    assertEquals(1, ReducerCount.choose(1500 * MB, 256 * MB, 0));
    assertEquals(3, ReducerCount.choose(3, 0, 8)); // a zero share counts as one byte
  }

  private static Configuration local(int slots) {
    Configuration conf = new Configuration(false);
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.local.map.tasks.maximum", slots);
    return conf;
  }

  @Test
  void localModeRunsAsManyReducersAsMapSlotsForALargeInput() {
    Configuration conf = local(2);
    assertEquals(2, ReducerCount.apply(conf, 327 * MB));
    assertEquals(2, conf.getInt("mapreduce.job.reduces", 0));
    assertEquals(2, conf.getInt(ReducerCount.LOCAL_REDUCES, 0));
    assertEquals(2, ReducerCount.localReduces(conf));

    Configuration small = local(2);
    assertEquals(1, ReducerCount.apply(small, 100 * MB));
    assertEquals(1, small.getInt("mapreduce.job.reduces", 0));
    assertEquals(null, small.get(ReducerCount.LOCAL_REDUCES));
    assertEquals(1, ReducerCount.localReduces(small));
  }

  @Test
  void theSharePerReducerIsASetting() {
    Configuration conf = local(4);
    conf.setLong(SquaresConfig.REDUCE_BYTES_PER_REDUCER, 10 * MB);
    assertEquals(3, ReducerCount.apply(conf, 25 * MB));
  }

  @Test
  void aUserChoiceStands() {
    Configuration conf = local(2);
    conf.setInt("mapreduce.job.reduces", 5); // --reducers 5, -D or a -conf file
    assertEquals(0, ReducerCount.apply(conf, 2000 * MB));
    assertEquals(5, conf.getInt("mapreduce.job.reduces", 0));
    Configuration one = local(2);
    one.setInt("mapreduce.job.reduces", 1);
    ReducerCount.apply(one, 2000 * MB);
    assertEquals(1, one.getInt("mapreduce.job.reduces", 0));
  }
}
