package io.squares.testing;

import io.squares.mapreduce.StatsMapper;
import java.io.IOException;

/**
 * Test only: the {@code stats} mapper, except that every task's first attempt fails after it has
 * read its whole split, counted its records and written its bad-record sample. Hadoop must retry
 * the task and count only the successful attempt: the output and counters stay exact. Shipped to
 * jobs in {@code target/squares-tests.jar} ({@code -libjars}) and selected with
 * {@code -D squares.stats.mapper.class=io.squares.testing.FailFirstAttemptStatsMapper}.
 */
public class FailFirstAttemptStatsMapper extends StatsMapper {
  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    super.cleanup(context);
    if (context.getTaskAttemptID().getId() == 0) {
      throw new IOException("first attempt " + context.getTaskAttemptID() + " fails on purpose (test)");
    }
  }
}
