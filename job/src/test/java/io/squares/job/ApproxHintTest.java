package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
import io.squares.mapreduce.SquaresCounter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.junit.jupiter.api.Test;

/**
 * After an approximate-quantile job whose records barely combined in the map tasks (as many partial
 * sketches as records: too many keys), {@code stats} suggests exact quantiles; not for plain or
 * exact jobs, small jobs, or jobs whose keys repeat.
 */
class ApproxHintTest {
  private static Counters counters(long good, long mapOutput) {
    Counters c = new Counters();
    c.findCounter(SquaresCounter.GOOD_RECORDS).setValue(good);
    c.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).setValue(mapOutput);
    return c;
  }

  private static Configuration conf(boolean approx) {
    Configuration conf = new Configuration(false);
    conf.set(SquaresConfig.QUANTILES, "0.25,0.5,0.75");
    conf.setBoolean(SquaresConfig.QUANTILES_APPROX, approx);
    return conf;
  }

  @Test
  void manyKeysSuggestExactQuantiles() {
    StatsTool tool = new StatsTool();
    // 20M rows x 500,000 keys: 19,868,275 partial sketches
    String hint = tool.afterJobHint(conf(true), counters(20_000_000, 19_868_275));
    assertTrue(hint != null && hint.contains("19868275 partial sketches for 20000000 records")
        && hint.contains("without --approx-quantiles"), hint);
    // exactly half, at a million records: still
    assertEquals(hint.replace("19868275", "500000").replace("20000000", "1000000"),
        tool.afterJobHint(conf(true), counters(1_000_000, 500_000)));
  }

  @Test
  void noHintWhenKeysRepeatTheJobIsSmallOrTheQuantilesAreNotApproximate() {
    StatsTool tool = new StatsTool();
    assertNull(tool.afterJobHint(conf(true), counters(20_000_000, 19_000)), "1,000 keys");
    assertNull(tool.afterJobHint(conf(true), counters(999_999, 999_999)), "under a million records");
    assertNull(tool.afterJobHint(conf(true), counters(1_000_000, 499_999)), "under half");
    assertNull(tool.afterJobHint(conf(false), counters(20_000_000, 19_868_275)), "exact");
    assertNull(tool.afterJobHint(new Configuration(false), counters(20_000_000, 19_868_275)), "plain");
  }
}
