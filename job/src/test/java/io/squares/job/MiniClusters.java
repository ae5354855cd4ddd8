package io.squares.job;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/** What the in-process YARN clusters of the integration tests share: start-up settings and a timed stop. */
final class MiniClusters {
  private MiniClusters() {}

  /**
   * Settings for a test cluster's NodeManagers so that they stop in about a second rather than 12:
   * without log aggregation, a NodeManager deletes a finished application's container logs
   * {@code yarn.nodemanager.log.retain-seconds} later (3 hours), and its stop waits 10 s for those
   * pending deletions (NonAggregatingLogHandler); here they go a second after the application ends.
   * A stopping NodeManager also waits for its containers' cleanup up to sleep-delay-before-sigkill
   * + process-kill-wait + 1 s (6.25 s by default).
   */
  static void quickNodeManagerStop(Configuration conf) {
    conf.setLong("yarn.nodemanager.log.retain-seconds", 1);
    conf.setLong("yarn.nodemanager.process-kill-wait.ms", 500);
  }

  /**
   * Empties MiniYARNCluster's list of live ApplicationMasters, whose stop otherwise waits up to 5 s
   * for it to empty. An attempt enters the list when it registers and leaves it only when it
   * unregisters, so a killed or failed attempt (each cluster test has one) stays for ever and every
   * stop waited the whole 5 s. The NodeManagers, and with them every container, are already stopped.
   */
  private static void forgetApplicationMasters(MiniMRYarnCluster yarn) {
    try {
      Field f = MiniYARNCluster.class.getDeclaredField("appMasters");
      f.setAccessible(true);
      ((Map<?, ?>) f.get(yarn)).clear();
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("MiniYARNCluster's ApplicationMaster list not found (" + e + "): its stop may wait 5 s");
    }
  }

  /**
   * Stops the YARN cluster (its NodeManagers at once, each in its own thread, then the rest) and
   * the HDFS cluster, printing how long each part took.
   */
  static void stop(MiniMRYarnCluster yarn, int nodeManagers, MiniDFSCluster dfs) throws InterruptedException {
    long t0 = System.nanoTime();
    if (yarn != null) {
      List<Thread> stops = new ArrayList<>();
      for (int i = 0; i < nodeManagers; i++) {
        var nm = yarn.getNodeManager(i);
        Thread t = new Thread(nm::stop, "stop-nm-" + i);
        t.start();
        stops.add(t);
      }
      for (Thread t : stops) {
        t.join();
      }
      System.err.printf("%6.1f s  NodeManagers stopped%n", (System.nanoTime() - t0) / 1e9);
      forgetApplicationMasters(yarn);
      yarn.stop();
      System.err.printf("%6.1f s  YARN stopped%n", (System.nanoTime() - t0) / 1e9);
    }
    if (dfs != null) {
      dfs.shutdown();
      System.err.printf("%6.1f s  HDFS stopped%n", (System.nanoTime() - t0) / 1e9);
    }
  }
}
