package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.mapred.MapOutputCollector;
import org.apache.hadoop.mapred.MapTask;

/**
 * Hadoop's map-side sort buffer ({@link MapTask.MapOutputBuffer}), allocated at the task's first
 * output record instead of before its first input record. Until then the mapper may set
 * {@code mapreduce.task.io.sort.mb} in its task's configuration (the same object Hadoop hands this
 * collector) from what it has seen: {@link StatsMapper} asks for a small buffer when its whole split
 * fitted in its table, and a large one when distinct keys overflow it. Everything else (sort,
 * spills, combiner, merge) is Hadoop's own. Chosen with
 * {@code mapreduce.job.map.output.collector.class}.
 *
 * @param <K> map output key type
 * @param <V> map output value type
 */
public class DeferredSortBuffer<K, V> implements MapOutputCollector<K, V> {
  private Context context;
  private MapOutputCollector<K, V> buffer;

  @Override
  public void init(Context context) {
    this.context = context;
  }

  private MapOutputCollector<K, V> buffer() throws IOException {
    if (buffer == null) {
      MapTask.MapOutputBuffer<K, V> b = new MapTask.MapOutputBuffer<>();
      try {
        b.init(context);
      } catch (ClassNotFoundException e) {
        throw new IOException("a map output class is missing: " + e.getMessage(), e);
      }
      buffer = b;
    }
    return buffer;
  }

  @Override
  public void collect(K key, V value, int partition) throws IOException, InterruptedException {
    buffer().collect(key, value, partition);
  }

  @Override
  public void flush() throws IOException, InterruptedException, ClassNotFoundException {
    buffer().flush(); // also when nothing was collected: the reducers expect this task's (empty) output
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (buffer != null) {
      buffer.close();
    }
  }
}
