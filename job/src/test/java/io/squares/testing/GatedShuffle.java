package io.squares.testing;

import java.io.IOException;
import org.apache.hadoop.mapred.RawKeyValueIterator;
import org.apache.hadoop.mapreduce.task.reduce.Shuffle;

/**
 * Test only: Hadoop's shuffle, except that each reduce attempt first waits at the job's
 * {@link Gate} ({@link Gate#REDUCES}), before it fetches any map output. Selected with
 * {@code -D mapreduce.job.reduce.shuffle.consumer.plugin.class=io.squares.testing.GatedShuffle}.
 *
 * @param <K> the map output key
 * @param <V> the map output value
 */
public class GatedShuffle<K, V> extends Shuffle<K, V> {
  private Context<K, V> context;

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public void init(Context context) {
    this.context = context;
    super.init(context);
  }

  @Override
  public RawKeyValueIterator run() throws IOException, InterruptedException {
    Gate.pass(context.getJobConf(), context.getReduceId().toString(), Gate.REDUCES, context.getReporter());
    return super.run();
  }
}
