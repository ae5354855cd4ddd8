package io.squares.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.squares.JsonText;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStatusTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-11-25T21:54:22.300Z");

  /** A summary as the job writes it (JsonText's layout), with the counters in their group. */
  private static String summary(long read, long good, long bad, long jobMs, String... inputs) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("command", "stats");
    s.put("inputs", List.of(inputs));
    s.put("counters", Map.of("io.squares.mapreduce.SquaresCounter",
        Map.of("BAD_RECORDS", bad, "GOOD_RECORDS", good, "RECORDS_READ", read)));
    s.put("timings", Map.of("job_ms", jobMs, "total_ms", jobMs + 100));
    return JsonText.write(s);
  }

  @Test
  void aFinishedRunCarriesTheSummaryCountsOnOneLine() throws Exception {
    RunStatus r = new RunStatus("2026-11-01", "/data/out/dt=2026-11-01", 27248, false, START);
    r.log("/data/out/_nightly/logs/x.log");
    r.pipelineMs(2707);
    r.state(RunStatus.State.PUBLISHED);
    r.deletedOne();
    r.deletedOne();
    assertTrue(r.wantsSummary());
    String json = r.toJson(0, START.plusMillis(2769), summary(39, 37, 2, 917, "file:/a", "file:/b"));
    assertFalse(json.contains("\n"), json);
    assertTrue(json.startsWith("{\"date\": \"2026-11-01\", \"state\": \"published\", \"exit_code\": 0, "), json);
    JsonNode n = MAPPER.readTree(json);
    assertEquals(27248, n.get("pid").asLong());
    assertFalse(n.get("forced").asBoolean());
    assertEquals("2026-11-25T21:54:22Z", n.get("started").asText());
    assertEquals("2026-11-25T21:54:25Z", n.get("updated").asText());
    assertEquals(2769, n.at("/durations_ms/total").asLong());
    assertEquals(2707, n.at("/durations_ms/pipeline").asLong());
    assertEquals(917, n.at("/durations_ms/job").asLong());
    assertEquals(2, n.at("/counts/input_files").asLong());
    assertEquals(39, n.at("/counts/records_read").asLong());
    assertEquals(37, n.at("/counts/good_records").asLong());
    assertEquals(2, n.at("/counts/bad_records").asLong());
    assertEquals(2, n.at("/counts/partitions_deleted").asLong());
  }

  @Test
  void aRunningRunHasANullExitCodeAndZeroCounts() throws Exception {
    RunStatus r = new RunStatus("2026-11-01", "p", 1, true, START);
    assertFalse(r.wantsSummary());
    String json = r.toJson(null, START, null);
    assertTrue(json.contains("\"exit_code\": null"), json);
    JsonNode n = MAPPER.readTree(json);
    assertEquals("running", n.get("state").asText());
    assertTrue(n.get("forced").asBoolean());
    assertEquals(0, n.at("/counts/records_read").asLong());
    assertEquals(0, n.at("/durations_ms/job").asLong());
    // An unreadable summary counts nothing rather than failing the run's record.
    assertEquals(0, MAPPER.readTree(r.toJson(3, START, "{not json")).at("/counts/input_files").asLong());
  }

  @Test
  void textsNeedingEscapesStayValidJson() throws Exception {
    RunStatus r = new RunStatus("2026-11-01", "/data/\"odd\"\\dir\tx/dt=2026-11-01", 1, false, START);
    assertEquals("/data/\"odd\"\\dir\tx/dt=2026-11-01",
        MAPPER.readTree(r.toJson(1, START, null)).get("partition").asText());
  }
}
