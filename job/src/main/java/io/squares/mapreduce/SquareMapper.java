package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.core.DecimalText;
import io.squares.core.TsvEscape;
import io.squares.record.RecordExtractor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * {@code square} map (map-only): writes the exact square of each good record's value, in input
 * order, to {@code part-m-NNNNN} where NNNNN is the split's position in input order (not the task
 * number, which Hadoop assigns largest split first). The file is a task side-effect file: Hadoop's
 * committer publishes it only when the task attempt commits. With {@code --keep-record} each line is
 * the record, escaped as keys are in {@code stats} output ({@link TsvEscape}: backslash, TAB, LF and
 * CR as {@code \\ \t \n \r}), the delimiter, then the square.
 */
public class SquareMapper extends RecordMapper<Object, Object> {
  /** Name of the part file for the split at {@code ordinal} in input order. */
  public static String partName(int ordinal) {
    return String.format("part-m-%05d", ordinal);
  }

  private final StringBuilder square = new StringBuilder(64);
  private OutputStream out;
  private boolean keepRecord;
  private byte delimiter;
  private byte[] buffer = new byte[64];

  @Override
  protected boolean keyed() {
    return false;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    keepRecord = context.getConfiguration().getBoolean(SquaresConfig.KEEP_RECORD,
        SquaresConfig.KEEP_RECORD_DEFAULT);
    delimiter = options().delimiter();
    InputSplit split = context.getInputSplit();
    int ordinal = split instanceof OrderedFileSplit o
        ? o.ordinal()
        : context.getTaskAttemptID().getTaskID().getId();
    Path file = new Path(FileOutputFormat.getWorkOutputPath(context), partName(ordinal));
    out = new BufferedOutputStream(file.getFileSystem(context.getConfiguration()).create(file, false),
        1 << 16);
  }

  @Override
  protected void good(RecordExtractor extractor, byte[] line, int start, int end, Context context)
      throws IOException {
    if (keepRecord) {
      TsvEscape.write(line, start, end, out);
      out.write(delimiter);
    }
    square.setLength(0);
    DecimalText.appendSquare(extractor.value(), square);
    int n = square.length();
    if (buffer.length < n + 1) {
      buffer = new byte[Math.max(n + 1, buffer.length * 2)];
    }
    for (int i = 0; i < n; i++) {
      buffer[i] = (byte) square.charAt(i);
    }
    buffer[n] = '\n';
    out.write(buffer, 0, n + 1);
  }

  @Override
  protected void cleanup(Context context) throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }
}
