package io.squares.job;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a job's task attempts ran, per node: the map and reduce attempts that succeeded there and
 * the attempts that failed or were killed there (a map whose output was lost with its node and
 * was rerun elsewhere counts among these, whatever its first outcome). Each attempt counts once,
 * with its last word: an attempt reported first as succeeded and then as obsolete, failed or killed
 * is a failed or killed one. Knows nothing of Hadoop: the caller reads the attempts from the job's
 * history ({@link TaskNodeHistory}).
 */
final class TaskNodes {
  /** The outcome of an attempt that succeeded, as Hadoop's history and completion events spell it. */
  static final String SUCCEEDED = "SUCCEEDED";

  private record Seen(String node, boolean map, boolean succeeded) {}

  private final Map<String, Seen> attempts = new HashMap<>();

  /**
   * Records one report of an attempt; later reports of the same attempt may only turn a success
   * into a failure, never the reverse, and never move it to another node.
   *
   * @param attempt the attempt's id, e.g. {@code attempt_1_0001_m_000000_0}
   * @param node where it ran, e.g. {@code worker2:45454} (the NodeManager's address)
   * @param map whether it was a map attempt (else a reduce)
   * @param status {@code SUCCEEDED}, or {@code FAILED}, {@code KILLED}, {@code OBSOLETE},
   *     {@code TIPFAILED}; null or anything else counts as not succeeded
   */
  void add(String attempt, String node, boolean map, String status) {
    boolean succeeded = SUCCEEDED.equals(status);
    Seen before = attempts.get(attempt);
    if (before == null) {
      attempts.put(attempt, new Seen(node, map, succeeded));
    } else if (before.succeeded() && !succeeded) {
      attempts.put(attempt, new Seen(before.node(), before.map(), false));
    }
  }

  /**
   * @return node to {@code {"map": n, "reduce": m, "failed_or_killed": k}}, nodes sorted by name,
   *     members in that order; empty when no attempt was added
   */
  Map<String, Map<String, Long>> byNode() {
    Map<String, long[]> counts = new TreeMap<>();
    for (Seen s : attempts.values()) {
      long[] c = counts.computeIfAbsent(s.node(), n -> new long[3]);
      c[s.succeeded() ? (s.map() ? 0 : 1) : 2]++;
    }
    Map<String, Map<String, Long>> result = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      Map<String, Long> member = new LinkedHashMap<>();
      member.put("map", e.getValue()[0]);
      member.put("reduce", e.getValue()[1]);
      member.put("failed_or_killed", e.getValue()[2]);
      result.put(e.getKey(), member);
    }
    return result;
  }
}
