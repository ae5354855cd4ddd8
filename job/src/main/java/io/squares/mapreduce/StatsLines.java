package io.squares.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * Writes a {@code stats} output line, {@code key<TAB>fields}: the one place where the quantile
 * reducers ({@link QuantileReducer}, {@link ApproxQuantileReducer}) turn a group key into output
 * text, so a change to how keys are written (such as escaping) is made here once.
 */
final class StatsLines {
  private final Text key = new Text();
  private final Text fields = new Text();

  /**
   * Writes one line.
   *
   * @param context the reduce context
   * @param groupKey the group key, as read
   * @param text the tab-separated fields after the key
   * @throws IOException when output fails
   * @throws InterruptedException when interrupted
   */
  void write(TaskInputOutputContext<?, ?, Text, Text> context, Text groupKey, CharSequence text)
      throws IOException, InterruptedException {
    key.set(groupKey);
    fields.set(text.toString());
    context.write(key, fields);
  }
}
