package io.squares.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command as a child process and measures it whole: wall time, CPU time (user + system,
 * including its own children) and peak resident memory, by sampling {@code /proc/PID} every few
 * milliseconds until it exits (Linux). The launcher {@code exec}s the JVM, so the child's PID is
 * the JVM's.
 */
final class ProcessMeter {
  /** One measured run. */
  record Sample(double wallSeconds, double cpuSeconds, long peakRssKb, int exitCode) {}

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private ProcessMeter() {}

  static Sample run(List<String> command, Path log) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long start = System.nanoTime();
    Process p = pb.start();
    Path proc = Path.of("/proc", Long.toString(p.pid()));
    double cpu = 0;
    long rss = 0;
    while (!p.waitFor(5, TimeUnit.MILLISECONDS)) {
      double c = cpuSeconds(proc.resolve("stat"));
      cpu = Math.max(cpu, c);
      rss = Math.max(rss, peakRssKb(proc.resolve("status")));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new Sample(wall, cpu, rss, p.exitValue());
  }

  private static double cpuSeconds(Path stat) {
    try {
      String s = Files.readString(stat, StandardCharsets.US_ASCII);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0; // the process just exited
    }
  }

  private static long peakRssKb(Path status) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process just exited
    }
    return 0;
  }

  static boolean supported() {
    return new File("/proc/self/stat").exists();
  }
}
