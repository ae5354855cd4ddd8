package io.squares.testing;

import io.squares.mapreduce.StatsMapper;
import java.io.IOException;

/**
 * Test only: the {@code stats} mapper, except that each task waits up to a minute before it
 * finishes, so that a test can stop the JVM while the job runs. Selected with
 * {@code -D squares.stats.mapper.class=io.squares.testing.StallingStatsMapper}.
 */
public class StallingStatsMapper extends StatsMapper {
  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    Thread.sleep(60_000); // a kill of the job interrupts this
    super.cleanup(context);
  }
}
