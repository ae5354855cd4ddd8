package io.squares.mapreduce;

import io.squares.core.Echo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failing map task attempt leaves for the driver: a small file {@code
 * <output>/_task_failure.<attempt id>} with two lines, the input split it read ({@code file bytes
 * start-end}) and the first line of its exception. The LocalJobRunner keeps no task diagnostics (its
 * {@code getTaskDiagnostics} answers nothing), and YARN's name the task but not its split; with this
 * note the driver can say which file a failed task was reading. Written outside the task's work
 * directory, so a failed attempt's abort leaves it; the driver removes the notes before publishing.
 * Only into an existing output directory (a job being killed may have removed it already), and not
 * for an interrupted task. Best effort: a note that cannot be written is logged, and the task's own
 * failure stands.
 */
public final class TaskFailureNote {
  /** Name prefix of the notes in the job's output directory (hidden from input listings). */
  public static final String PREFIX = "_task_failure.";
  /** Longest exception line kept. */
  private static final int MAX_CHARS = 2000;
  private static final Logger LOG = LoggerFactory.getLogger(TaskFailureNote.class);

  private TaskFailureNote() {}

  /**
   * @param split an input split
   * @return {@code file bytes start-end} for a file split, else the split's own text
   */
  public static String describe(InputSplit split) {
    if (split instanceof FileSplit f) {
      return f.getPath() + " bytes " + f.getStart() + "-" + (f.getStart() + f.getLength());
    }
    return String.valueOf(split);
  }

  /**
   * Writes the note for this attempt; never throws.
   *
   * @param context the task's context
   * @param failure what made the task fail
   */
  public static void write(TaskAttemptContext context, Throwable failure) {
    if (failure instanceof InterruptedIOException || failure instanceof ClosedByInterruptException
        || Thread.currentThread().isInterrupted()) {
      return; // stopped, not failed
    }
    try {
      Path output = FileOutputFormat.getOutputPath(context);
      if (output == null) {
        return;
      }
      String where = context instanceof org.apache.hadoop.mapreduce.MapContext<?, ?, ?, ?> m
          ? describe(m.getInputSplit()) : "";
      String what = Echo.firstLine(String.valueOf(failure));
      if (what.length() > MAX_CHARS) {
        what = what.substring(0, MAX_CHARS);
      }
      Path note = new Path(output, PREFIX + context.getTaskAttemptID());
      FileSystem fs = note.getFileSystem(context.getConfiguration());
      try (OutputStream o = fs.createNonRecursive(note, true, 4096, fs.getDefaultReplication(note),
          fs.getDefaultBlockSize(note), null)) {
        o.write((where.replace('\n', ' ') + "\n" + what + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not leave a failure note for the driver: {}", e.toString());
    }
  }
}
