package io.squares.testing;

import io.squares.mapreduce.StatsMapper;
import java.io.IOException;

/**
 * Test only: the {@code stats} mapper, except that each attempt first waits at the job's
 * {@link Gate} ({@link Gate#MAPS}), before it reads any of its split.
 */
public class GatedStatsMapper extends StatsMapper {
  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Gate.pass(context.getConfiguration(), context.getTaskAttemptID().toString(), Gate.MAPS, context);
    super.setup(context);
  }
}
