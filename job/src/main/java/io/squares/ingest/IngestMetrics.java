package io.squares.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one ingestion run, updated from any thread, plus time spent in attempts. */
public final class IngestMetrics {
  private final Map<IngestCounter, LongAdder> counters = new EnumMap<>(IngestCounter.class);
  private final LongAdder busyNanos = new LongAdder();

  /** Creates zeroed counters. */
  public IngestMetrics() {
    for (IngestCounter c : IngestCounter.values()) {
      counters.put(c, new LongAdder());
    }
  }

  /**
   * @param counter which
   * @param delta how much to add
   */
  public void add(IngestCounter counter, long delta) {
    counters.get(counter).add(delta);
  }

  /** @param counter which one to increment */
  public void increment(IngestCounter counter) {
    counters.get(counter).increment();
  }

  /**
   * @param counter which
   * @return its current value
   */
  public long get(IngestCounter counter) {
    return counters.get(counter).sum();
  }

  /** @param nanos time one attempt took, start to end */
  public void addBusyNanos(long nanos) {
    busyNanos.add(nanos);
  }

  /** @return time spent in attempts, summed over all attempts */
  public long busyNanos() {
    return busyNanos.sum();
  }

  /** @return splits finished (resumed, fetched or failed) */
  public long splitsDone() {
    return get(IngestCounter.SPLITS_RESUMED) + get(IngestCounter.SPLITS_FETCHED) + get(IngestCounter.SPLITS_FAILED);
  }
}
