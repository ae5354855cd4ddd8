package io.squares.mapreduce;

import io.squares.core.TsvEscape;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * Writes a {@code stats} output line, {@code key<TAB>fields}: the one place where the reducers
 * ({@link StatsReducer}, {@link QuantileReducer}, {@link ApproxQuantileReducer}) turn a group key
 * into output text. A key holding a backslash, TAB, LF or CR is written escaped ({@link TsvEscape}:
 * {@code \\ \t \n \r}), so every line has the same number of fields; other keys are written as they
 * are, without copying.
 */
final class StatsLines {
  private final Text escapedKey = new Text();
  private final Text fields = new Text();
  private byte[] escapeBuffer = new byte[64];
  private byte[] fieldBytes = new byte[256];

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
    int n = text.length();
    if (fieldBytes.length < n) {
      fieldBytes = new byte[Math.max(n, 2 * fieldBytes.length)];
    }
    int i = 0;
    while (i < n && text.charAt(i) < 0x80) { // numbers and \N: ASCII, one byte a char
      fieldBytes[i] = (byte) text.charAt(i);
      i++;
    }
    if (i == n) {
      fields.set(fieldBytes, 0, n);
    } else {
      fields.set(text.toString()); // not ASCII: UTF-8 by Text
    }
    context.write(escape(groupKey), fields);
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
