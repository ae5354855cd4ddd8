package io.squares.ingest;

import io.squares.JsonText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.Path;

/**
 * The result of one ingestion run: every split's outcome in source order, the counters and the
 * timings. Renders the end summary, the failure report and {@code _MANIFEST.json}.
 */
public final class IngestReport {
  private final Path staging;
  private final Instant started;
  private final Instant finished;
  private final long wallNanos;
  private final List<SplitOutcome> outcomes;
  private final IngestMetrics metrics;
  private final IngestSettings settings;
  private final int peakInFlight;

  /**
   * @param staging the staging directory
   * @param started when the run started
   * @param finished when the last split finished
   * @param wallNanos elapsed time from start to the last split
   * @param outcomes every split's outcome, in source order
   * @param metrics the run's counters
   * @param settings the run's settings
   * @param peakInFlight the most fetches that were in flight at once
   */
  public IngestReport(Path staging, Instant started, Instant finished, long wallNanos, List<SplitOutcome> outcomes,
      IngestMetrics metrics, IngestSettings settings, int peakInFlight) {
    this.staging = staging;
    this.started = started;
    this.finished = finished;
    this.wallNanos = wallNanos;
    this.outcomes = List.copyOf(outcomes);
    this.metrics = metrics;
    this.settings = settings;
    this.peakInFlight = peakInFlight;
  }

  /** @return the staging directory */
  public Path stagingDir() {
    return staging;
  }

  /** @return whether every split is staged */
  public boolean succeeded() {
    return outcomes.stream().allMatch(SplitOutcome::ok);
  }

  /** @return every split's outcome, in source order */
  public List<SplitOutcome> outcomes() {
    return outcomes;
  }

  /** @return the splits that failed, in source order */
  public List<SplitOutcome> failures() {
    return outcomes.stream().filter(o -> !o.ok()).toList();
  }

  /** @return the staged files, in source order (all of them when the run succeeded) */
  public List<Path> stagedPaths() {
    List<Path> paths = new ArrayList<>();
    for (SplitOutcome o : outcomes) {
      if (o.ok()) {
        paths.add(new Path(staging, o.split().name()));
      }
    }
    return paths;
  }

  /** @return the run's counters */
  public IngestMetrics metrics() {
    return metrics;
  }

  /** @return wall time from start to the last split, in milliseconds */
  public long wallMillis() {
    return TimeUnit.NANOSECONDS.toMillis(wallNanos);
  }

  /** @return the most fetches in flight at once */
  public int peakInFlight() {
    return peakInFlight;
  }

  /** @return average fetches in flight over the run: time in attempts divided by wall time */
  public double effectiveConcurrency() {
    return wallNanos <= 0 ? 0 : metrics.busyNanos() / (double) wallNanos;
  }

  /** @return one line: splits, bytes, wall time, rate, effective concurrency, retries */
  public String summary() {
    long fetched = metrics.get(IngestCounter.SPLITS_FETCHED);
    long resumed = metrics.get(IngestCounter.SPLITS_RESUMED);
    long bytes = metrics.get(IngestCounter.BYTES_STAGED);
    double seconds = wallNanos / 1e9;
    return String.format(Locale.ROOT, "%d of %d splits staged in %s (%d fetched, %d already staged); "
        + "%s fetched in %.2f s (%s/s); effective concurrency %.1f (limit %d, peak %d); %d retries",
        fetched + resumed, outcomes.size(), staging, fetched, resumed, mib(bytes), seconds,
        mib(seconds > 0 ? (long) (bytes / seconds) : 0), effectiveConcurrency(), settings.concurrency(),
        peakInFlight, metrics.get(IngestCounter.RETRIES));
  }

  /** @return one {@code FAIL:} line per failed source, naming it and the reason */
  public List<String> failureLines() {
    List<String> lines = new ArrayList<>();
    for (SplitOutcome o : failures()) {
      lines.add("FAIL: " + o.split().uri() + " (" + o.split().spec().origin() + ", name " + o.split().name()
          + "): " + o.reason() + " [" + o.attempts() + (o.attempts() == 1 ? " attempt]" : " attempts]"));
    }
    return lines;
  }

  /** @return the text of {@code _MANIFEST.json} */
  public String manifestJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("staging", staging.toString());
    m.put("started", started.toString());
    m.put("finished", finished.toString());
    m.put("wall_ms", wallMillis());
    m.put("concurrency", settings.concurrency());
    m.put("per_host_concurrency", settings.perHostConcurrency());
    m.put("peak_in_flight", peakInFlight);
    m.put("effective_concurrency", Math.round(effectiveConcurrency() * 100) / 100.0);
    Map<String, Long> counters = new LinkedHashMap<>();
    for (IngestCounter c : IngestCounter.values()) {
      counters.put(c.name(), metrics.get(c));
    }
    m.put("counters", counters);
    List<Map<String, Object>> splits = new ArrayList<>();
    for (SplitOutcome o : outcomes) {
      StagedRecord r = o.record();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("source", r.source());
      s.put("name", r.name());
      s.put("size", r.size());
      s.put("sha256", r.sha256());
      s.put("attempts", r.attempts());
      s.put("time", r.fetchedAt().toString());
      s.put("elapsed_ms", r.elapsedMillis());
      s.put("resumed", o.resumed());
      splits.add(s);
    }
    m.put("splits", splits);
    return JsonText.write(m);
  }

  /**
   * @param bytes a byte count
   * @return it in MiB with one decimal, e.g. {@code 64.0 MiB}
   */
  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
