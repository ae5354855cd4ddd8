package io.squares.job;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.jobhistory.JobHistoryParser;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads where a finished YARN job's task attempts ran from its history file ({@code .jhist}), the
 * record the JobHistory server shows, into {@link TaskNodes}. Nodes are named by their
 * NodeManager's address, {@code host:port}, as the ResourceManager's node list and the JobHistory
 * server show them.
 *
 * <p>Why the history file and not {@link Job#getTaskCompletionEvents}: those events name a node by
 * its shuffle server ({@code http://host:13562}) while the ApplicationMaster answers, and by its
 * NodeManager ({@code host:45454}) once the client has been redirected to the JobHistory server,
 * which happens only after the ApplicationMaster has exited, about five seconds after the job
 * ended. The ApplicationMaster moves the history file into
 * {@code mapreduce.jobhistory.intermediate-done-dir} before it unregisters, so it is there (or,
 * once the JobHistory server has moved it, under {@code mapreduce.jobhistory.done-dir}) moments
 * after the job is done; this waits for it a bounded time.
 */
final class TaskNodeHistory {
  private static final Logger LOG = LoggerFactory.getLogger(TaskNodeHistory.class);
  private static final String INTERMEDIATE_DONE_DIR = "mapreduce.jobhistory.intermediate-done-dir";
  private static final String DONE_DIR = "mapreduce.jobhistory.done-dir";
  private static final String STAGING_DIR = "yarn.app.mapreduce.am.staging-dir";
  private static final String STAGING_DIR_DEFAULT = "/tmp/hadoop-yarn/staging";
  /** How long to wait for the history file to appear after the job is done. */
  private static final long WAIT_MS = 30_000;
  private static final long POLL_MS = 100;

  private TaskNodeHistory() {}

  /**
   * @param job a job that has completed
   * @return node to counts ({@link TaskNodes#byNode}): empty when the job did not run on YARN, null
   *     when its history could not be read (logged)
   * @throws InterruptedException when interrupted while waiting for the history file
   */
  static Map<String, Map<String, Long>> of(Job job) throws InterruptedException {
    Configuration conf = job.getConfiguration();
    if (!MRConfig.YARN_FRAMEWORK_NAME.equals(conf.getTrimmed(MRConfig.FRAMEWORK_NAME))) {
      return new TaskNodes().byNode();
    }
    try {
      Path file = find(conf, String.valueOf(job.getJobID()));
      if (file == null) {
        LOG.warn("the history of {} did not appear in {} within {} s: task_nodes unknown", job.getJobID(),
            intermediateDir(conf), TimeUnit.MILLISECONDS.toSeconds(WAIT_MS));
        return null;
      }
      return read(file.getFileSystem(conf), file);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not read the history of {}: task_nodes unknown: {}", job.getJobID(), e.toString());
      return null;
    }
  }

  /** @return the job's history file, waiting up to {@link #WAIT_MS} for it, or null */
  private static Path find(Configuration conf, String jobId) throws IOException, InterruptedException {
    String name = jobId + "-*.jhist";
    Path intermediate = new Path(intermediateDir(conf), name);
    Path done = new Path(conf.get(DONE_DIR, stagingDir(conf) + "/history/done"), "*/*/*/*/" + name);
    FileSystem fs = intermediate.getFileSystem(conf);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (true) {
      for (Path glob : new Path[] {intermediate, done}) {
        FileStatus[] found = fs.globStatus(glob);
        if (found != null && found.length > 0) {
          return found[0].getPath();
        }
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      Thread.sleep(POLL_MS);
    }
  }

  private static Path intermediateDir(Configuration conf) throws IOException {
    String user = conf.get(MRJobConfig.USER_NAME);
    if (user == null || user.isEmpty()) {
      user = UserGroupInformation.getCurrentUser().getShortUserName();
    }
    return new Path(conf.get(INTERMEDIATE_DONE_DIR, stagingDir(conf) + "/history/done_intermediate"), user);
  }

  private static String stagingDir(Configuration conf) {
    return conf.get(STAGING_DIR, STAGING_DIR_DEFAULT);
  }

  /** @return node to counts, from every map and reduce attempt the history file records */
  static Map<String, Map<String, Long>> read(FileSystem fs, Path file) throws IOException {
    JobHistoryParser.JobInfo info = new JobHistoryParser(fs, file).parse();
    TaskNodes nodes = new TaskNodes();
    for (JobHistoryParser.TaskInfo task : info.getAllTasks().values()) {
      for (JobHistoryParser.TaskAttemptInfo a : task.getAllTaskAttempts().values()) {
        String host = a.getHostname() != null ? a.getHostname() : a.getTrackerName();
        boolean map = a.getTaskType() == TaskType.MAP;
        if (host == null || host.isEmpty() || (!map && a.getTaskType() != TaskType.REDUCE)) {
          continue; // never got a container (or not a map or reduce): it ran nowhere
        }
        nodes.add(String.valueOf(a.getAttemptId()), a.getPort() > 0 ? host + ":" + a.getPort() : host, map,
            a.getTaskStatus());
      }
    }
    return nodes.byNode();
  }
}
