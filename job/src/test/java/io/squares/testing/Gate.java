package io.squares.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Progressable;

/**
 * Test only: a gate on the job's filesystem that tasks wait at until a test opens it, so that a
 * test can act (stop a node, kill the ApplicationMaster) at a known point of a job. The directory
 * is {@value #DIR}; a task arriving at door {@code D} leaves {@code running/<attempt id>} holding
 * its NodeManager's {@code host:port} (from the container's {@code NM_HOST} and {@code NM_PORT}),
 * then waits, reporting progress, until the file {@code D} exists in the directory.
 */
public final class Gate {
  /** The gate's directory; tasks of a job without it pass freely. */
  public static final String DIR = "squares.test.gate.dir";
  /** The door map tasks wait at, before reading their split. */
  public static final String MAPS = "maps-open";
  /** The door reduce tasks wait at, before fetching any map output. */
  public static final String REDUCES = "reduces-open";
  /** Where arriving attempts leave their NodeManager's address. */
  public static final String RUNNING = "running";

  private Gate() {}

  /**
   * Waits at a door, when the job has a gate.
   *
   * @param conf the task's configuration
   * @param attempt the task attempt's id
   * @param door {@link #MAPS} or {@link #REDUCES}
   * @param progress reported while waiting, so that the task does not time out
   * @throws IOException when the gate cannot be read, or on an interrupt (a kill)
   */
  public static void pass(Configuration conf, String attempt, String door, Progressable progress)
      throws IOException {
    String dir = conf.get(DIR);
    if (dir == null) {
      return;
    }
    Path gate = new Path(dir);
    FileSystem fs = gate.getFileSystem(conf);
    // Written aside, then renamed: a reader never sees it half-written.
    Path written = new Path(gate, RUNNING + "/." + attempt);
    try (OutputStream o = fs.create(written, true)) {
      o.write((System.getenv("NM_HOST") + ":" + System.getenv("NM_PORT")).getBytes(StandardCharsets.UTF_8));
    }
    fs.rename(written, new Path(gate, RUNNING + "/" + attempt));
    while (!fs.exists(new Path(gate, door))) {
      progress.progress();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted at the gate");
      }
    }
  }
}
