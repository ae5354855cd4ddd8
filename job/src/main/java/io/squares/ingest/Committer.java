package io.squares.ingest;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Commits verified downloads: renames the partial file to the split's name and writes its
 * verification record ({@link StagingArea#commit}). Runs on a bounded pool after the download's
 * permit was released, so a slow staging filesystem does not hold network slots.
 */
final class Committer {
  private final StagingArea staging;
  private final IngestMetrics metrics;

  Committer(StagingArea staging, IngestMetrics metrics) {
    this.staging = staging;
    this.metrics = metrics;
  }

  /**
   * @param d a verified download
   * @param splitStartNanos when the split's first attempt started
   * @return the record of the staged split
   * @throws java.io.IOException when the commit fails (the partial file is discarded)
   */
  StagedRecord commit(Attempt.Downloaded d, long splitStartNanos) throws java.io.IOException {
    StagedRecord record = new StagedRecord(d.split().uri().toString(), d.split().name(), d.written().size(),
        d.written().sha256(), d.attempt(), Instant.now(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - splitStartNanos));
    try {
      staging.commit(d.writer().partial(), record);
    } catch (java.io.IOException | RuntimeException e) {
      d.writer().discard();
      throw e;
    }
    metrics.add(IngestCounter.BYTES_STAGED, record.size());
    return record;
  }
}
