package io.squares.job;

import io.squares.core.Echo;
import io.squares.mapreduce.TaskFailureNote;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a job failed, in one line: the first failed task attempt's diagnostic (from the cluster's task
 * completion events and {@link Job#getTaskDiagnostics}) and, when the attempt left a {@link
 * TaskFailureNote}, the input split it was reading. The LocalJobRunner keeps neither events nor
 * diagnostics, so there the notes alone answer. Never {@code NA}: when nothing is known, it says so.
 */
final class TaskFailures {
  private static final Logger LOG = LoggerFactory.getLogger(TaskFailures.class);
  private static final int EVENTS_PER_CALL = 100;

  private TaskFailures() {}

  /** A failed attempt: its id, the split it read (or null), and its diagnostic's first line. */
  record Failure(String attempt, String split, String diagnostic) {
    /** @return e.g. {@code task attempt_..._m_000000_0 reading file:/in/a.csv.gz bytes 0-812: java.io.EOFException: ...} */
    String describe() {
      return "task " + attempt + (split == null || split.isEmpty() ? "" : " reading " + split) + ": "
          + Echo.quote(diagnostic);
    }
  }

  /**
   * @param job the failed job
   * @param fs the output's filesystem
   * @param output the job's output (staging) directory, where notes are left
   * @return the first failed attempt, or null when neither the cluster nor a note says anything
   */
  static Failure first(Job job, FileSystem fs, Path output) {
    List<Failure> notes = notes(fs, output);
    try {
      for (int from = 0;; ) {
        TaskCompletionEvent[] events = job.getTaskCompletionEvents(from, EVENTS_PER_CALL);
        if (events == null || events.length == 0) {
          break;
        }
        for (TaskCompletionEvent e : events) {
          if (e.getStatus() == TaskCompletionEvent.Status.FAILED
              || e.getStatus() == TaskCompletionEvent.Status.TIPFAILED) {
            return fromCluster(job, e.getTaskAttemptId(), notes);
          }
        }
        from += events.length;
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("no task completion events: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return notes.isEmpty() ? null : notes.get(0);
  }

  private static Failure fromCluster(Job job, TaskAttemptID id, List<Failure> notes)
      throws IOException, InterruptedException {
    Failure note = notes.stream().filter(n -> n.attempt().equals(id.toString())).findFirst().orElse(null);
    String diagnostic = null;
    String[] diagnostics = job.getTaskDiagnostics(id);
    if (diagnostics != null) {
      diagnostic = Arrays.stream(diagnostics).map(TaskFailures::firstLine).filter(s -> !s.isBlank())
          .findFirst().orElse(null);
    }
    if (diagnostic == null) {
      diagnostic = note != null ? note.diagnostic() : "no diagnostic from the cluster";
    }
    return new Failure(id.toString(), note == null ? null : note.split(), diagnostic);
  }

  /**
   * Removes the notes of attempts that failed and were retried, before a successful job's output
   * is published.
   *
   * @throws IOException on a filesystem error
   */
  static void removeNotes(FileSystem fs, Path output) throws IOException {
    for (FileStatus f : fs.listStatus(output, TaskFailures::isNote)) {
      fs.delete(f.getPath(), false);
    }
  }

  private static boolean isNote(Path p) {
    return p.getName().startsWith(TaskFailureNote.PREFIX);
  }

  /** @return the notes, oldest first */
  private static List<Failure> notes(FileSystem fs, Path dir) {
    List<Failure> notes = new ArrayList<>();
    try {
      FileStatus[] files = fs.listStatus(dir, TaskFailures::isNote);
      Arrays.sort(files, Comparator.comparingLong(FileStatus::getModificationTime)
          .thenComparing(f -> f.getPath().getName()));
      for (FileStatus f : files) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
          String split = r.readLine();
          String what = r.readLine();
          if (what != null) {
            notes.add(new Failure(f.getPath().getName().substring(TaskFailureNote.PREFIX.length()), split, what));
          }
        }
      }
    } catch (FileNotFoundException e) {
      // no task left a note
    } catch (IOException e) {
      LOG.debug("could not read the task failure notes in {}: {}", dir, e.toString());
    }
    return notes;
  }

  private static String firstLine(String s) {
    return Echo.firstLine(s.strip()).strip();
  }
}
