package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How task attempts add up per node in {@code _SUMMARY.json}'s {@code task_nodes}. */
class TaskNodesTest {
  private static Map<String, Long> counts(long map, long reduce, long failedOrKilled) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("map", map);
    m.put("reduce", reduce);
    m.put("failed_or_killed", failedOrKilled);
    return m;
  }

  @Test
  void noAttemptsIsAnEmptyObject() {
    assertEquals("{}\n", io.squares.JsonText.write(new TaskNodes().byNode()));
  }

  @Test
  void successfulAttemptsCountByNodeAndTaskType() {
    TaskNodes nodes = new TaskNodes();
    nodes.add("attempt_1_0001_m_000000_0", "b:45454", true, "SUCCEEDED");
    nodes.add("attempt_1_0001_m_000001_0", "a:45454", true, "SUCCEEDED");
    nodes.add("attempt_1_0001_m_000002_0", "b:45454", true, "SUCCEEDED");
    nodes.add("attempt_1_0001_r_000000_0", "a:45454", false, "SUCCEEDED");
    Map<String, Map<String, Long>> expected = new LinkedHashMap<>();
    expected.put("a:45454", counts(1, 1, 0));
    expected.put("b:45454", counts(2, 0, 0));
    assertEquals(expected, nodes.byNode());
    assertEquals(List.of("a:45454", "b:45454"), new ArrayList<>(nodes.byNode().keySet()), "sorted by node");
  }

  @Test
  void failedKilledAndTipFailedAttemptsCountAsFailedOrKilledWhereTheyRan() {
    TaskNodes nodes = new TaskNodes();
    nodes.add("attempt_1_0001_m_000000_0", "a:1", true, "FAILED");
    nodes.add("attempt_1_0001_m_000000_1", "b:1", true, "SUCCEEDED");
    nodes.add("attempt_1_0001_r_000000_0", "a:1", false, "KILLED");
    nodes.add("attempt_1_0001_r_000000_1", "a:1", false, "TIPFAILED");
    nodes.add("attempt_1_0001_r_000000_2", "c:1", false, null);
    Map<String, Map<String, Long>> expected = new LinkedHashMap<>();
    expected.put("a:1", counts(0, 0, 3));
    expected.put("b:1", counts(1, 0, 0));
    expected.put("c:1", counts(0, 0, 1));
    assertEquals(expected, nodes.byNode());
  }

  @Test
  void aMapWhoseOutputWasLostCountsOnceAsFailedOrKilledOnItsNodeAndItsRerunWhereItRan() {
    // The ApplicationMaster's events: SUCCEEDED, turned OBSOLETE when the node's output was lost,
    // then KILLED (node lost) for the same attempt; the rerun succeeds elsewhere.
    TaskNodes nodes = new TaskNodes();
    nodes.add("attempt_1_0001_m_000000_0", "a:1", true, "SUCCEEDED");
    nodes.add("attempt_1_0001_m_000000_0", "a:1", true, "OBSOLETE");
    nodes.add("attempt_1_0001_m_000000_0", "a:1", true, "KILLED");
    nodes.add("attempt_1_0001_m_000000_1", "b:1", true, "SUCCEEDED");
    Map<String, Map<String, Long>> expected = new LinkedHashMap<>();
    expected.put("a:1", counts(0, 0, 1));
    expected.put("b:1", counts(1, 0, 0));
    assertEquals(expected, nodes.byNode());
  }

  @Test
  void aFailureIsNeverUndoneByALaterSuccessReportOfTheSameAttempt() {
    TaskNodes nodes = new TaskNodes();
    nodes.add("attempt_1_0001_m_000000_0", "a:1", true, "OBSOLETE");
    nodes.add("attempt_1_0001_m_000000_0", "a:1", true, "SUCCEEDED");
    assertEquals(Map.of("a:1", counts(0, 0, 1)), nodes.byNode());
  }

  @Test
  void writesAsTheSummaryShowsIt() {
    TaskNodes nodes = new TaskNodes();
    nodes.add("attempt_1_0001_m_000000_0", "w2:45454", true, "SUCCEEDED");
    nodes.add("attempt_1_0001_r_000000_0", "w1:45454", false, "SUCCEEDED");
    assertEquals("{\n  \"w1:45454\": {\n    \"map\": 0,\n    \"reduce\": 1,\n    \"failed_or_killed\": 0\n  },\n"
        + "  \"w2:45454\": {\n    \"map\": 1,\n    \"reduce\": 0,\n    \"failed_or_killed\": 0\n  }\n}\n",
        io.squares.JsonText.write(nodes.byNode()));
  }
}
