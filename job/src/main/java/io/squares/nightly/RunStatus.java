package io.squares.nightly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code status.json} (and each line of {@code history.jsonl}) says about a run: date, state,
 * exit code, durations and counts, the counts taken from the published partition's
 * {@code _SUMMARY.json}. One line of JSON, {@code "key": value} members separated by {@code ", "}, the
 * layout monitoring scripts and the README show. Mutable: the run updates it as it goes.
 */
public final class RunStatus {
  /** The states a run goes through or ends in. */
  public enum State {
    /** Started, not finished (also what a killed run leaves). */
    RUNNING,
    /** Published this run. */
    PUBLISHED,
    /** Already published; nothing done. */
    ALREADY_PUBLISHED,
    /** Nothing published. */
    FAILED,
    /** Stopped by INT or TERM; nothing published by this run. */
    INTERRUPTED,
    /** Published, then retention failed. */
    RETENTION_FAILED;

    /** @return the state as status.json writes it */
    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return whether the partition is published, so its summary has the counts */
    boolean published() {
      return this == PUBLISHED || this == ALREADY_PUBLISHED || this == RETENTION_FAILED;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter ONE_LINE = MAPPER.writer(new DefaultPrettyPrinter(Separators
      .createDefaultInstance()
      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
      .withObjectEntrySpacing(Separators.Spacing.AFTER))
      .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter()));

  private final String date;
  private final String partition;
  private final long pid;
  private final boolean forced;
  private final Instant started;
  private String log = "";
  private State state = State.RUNNING;
  private long pipelineMs;
  private long retentionMs;
  private int deleted;

  /**
   * @param date the processed date
   * @param partition the date's partition, as given
   * @param pid this process
   * @param forced whether {@code --force} was given
   * @param started when the run started
   */
  public RunStatus(String date, String partition, long pid, boolean forced, Instant started) {
    this.date = date;
    this.partition = partition;
    this.pid = pid;
    this.forced = forced;
    this.started = started;
  }

  /** @param log the run's log file */
  public void log(String log) {
    this.log = log;
  }

  /** @param state the run's state */
  public void state(State state) {
    this.state = state;
  }

  /** @return the run's state */
  public State state() {
    return state;
  }

  /** @param ms how long the pipeline took */
  public void pipelineMs(long ms) {
    this.pipelineMs = ms;
  }

  /** @return how long the pipeline took */
  public long pipelineMs() {
    return pipelineMs;
  }

  /** @param ms how long retention took */
  public void retentionMs(long ms) {
    this.retentionMs = ms;
  }

  /** Counts one partition deleted by retention. */
  public void deletedOne() {
    deleted++;
  }

  /** @return whether the partition's summary holds this run's counts */
  public boolean wantsSummary() {
    return state.published();
  }

  /**
   * @param exitCode the exit code, or null while running
   * @param now the time of writing
   * @param summary the partition's {@code _SUMMARY.json} text, or null (counts then 0)
   * @return the status as one line of JSON, without a line break
   */
  public String toJson(Integer exitCode, Instant now, String summary) {
    JsonNode s = parse(summary);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", date);
    m.put("state", state.text());
    m.put("exit_code", exitCode);
    m.put("pid", pid);
    m.put("forced", forced);
    m.put("partition", partition);
    m.put("log", log);
    m.put("started", seconds(started));
    m.put("updated", seconds(now));
    Map<String, Object> durations = new LinkedHashMap<>();
    durations.put("total", now.toEpochMilli() - started.toEpochMilli());
    durations.put("pipeline", pipelineMs);
    durations.put("job", s.path("timings").path("job_ms").asLong(0));
    durations.put("retention", retentionMs);
    m.put("durations_ms", durations);
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("input_files", s.path("inputs").size());
    for (String c : new String[] {"RECORDS_READ", "GOOD_RECORDS", "BAD_RECORDS"}) {
      JsonNode v = s.findValue(c);
      counts.put(c.toLowerCase(java.util.Locale.ROOT), v == null ? 0 : v.asLong(0));
    }
    counts.put("partitions_deleted", deleted);
    m.put("counts", counts);
    try {
      return ONE_LINE.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // plain maps and scalars always serialize
    }
  }

  private static JsonNode parse(String summary) {
    if (summary == null || summary.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(summary);
    } catch (JsonProcessingException e) {
      return MAPPER.createObjectNode(); // an unreadable summary counts nothing, as a missing one
    }
  }

  /** @return the instant in UTC to the second, e.g. {@code 2026-11-25T21:54:22Z} */
  static String seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
