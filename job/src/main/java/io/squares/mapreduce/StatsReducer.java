package io.squares.mapreduce;

import io.squares.core.TsvEscape;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * {@code stats} reduce: merges all partial aggregates of a key and writes one line, {@code key
 * count sum sum_of_squares min max mean variance stddev}, tab-separated. A key holding a backslash,
 * TAB, LF or CR is written escaped ({@link TsvEscape}: {@code \\ \t \n \r}), so every line has nine
 * fields; other keys are written as they are, without copying.
 */
public class StatsReducer extends Reducer<Text, StatsWritable, Text, Text> {
  private final StatsWritable merged = new StatsWritable();
  private final StringBuilder line = new StringBuilder(256);
  private final Text out = new Text();
  private final Text escapedKey = new Text();
  private byte[] escapeBuffer = new byte[64];

  @Override
  protected void reduce(Text key, Iterable<StatsWritable> values, Context context)
      throws IOException, InterruptedException {
    merged.reset();
    for (StatsWritable v : values) {
      merged.merge(v);
    }
    line.setLength(0);
    merged.appendFields(line);
    out.set(line.toString());
    context.write(escape(key), out);
  }

  /** @return the key, or its escaped form in a reused Text when it holds a byte to escape */
  private Text escape(Text key) {
    byte[] b = key.getBytes();
    int n = key.getLength();
    if (!TsvEscape.needsEscape(b, 0, n)) {
      return key;
    }
    int m = TsvEscape.escapedLength(b, 0, n);
    if (escapeBuffer.length < m) {
      escapeBuffer = new byte[Math.max(m, escapeBuffer.length * 2)];
    }
    TsvEscape.escape(b, 0, n, escapeBuffer, 0);
    escapedKey.set(escapeBuffer, 0, m);
    return escapedKey;
  }
}
