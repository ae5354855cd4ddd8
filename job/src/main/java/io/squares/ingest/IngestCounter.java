package io.squares.ingest;

/** What an ingestion run counts; printed in the summary and written to {@code _MANIFEST.json}. */
public enum IngestCounter {
  /** Splits planned (filesystem globs expanded). */
  SPLITS,
  /** Splits found already staged and verified by an earlier run, not fetched again. */
  SPLITS_RESUMED,
  /** Splits fetched, verified and committed by this run. */
  SPLITS_FETCHED,
  /** Splits that still failed after their retries (or failed at once on a permanent error). */
  SPLITS_FAILED,
  /** Attempts started (first tries and retries). */
  ATTEMPTS,
  /** Attempts that were retries. */
  RETRIES,
  /** Bytes received from sources by this run, including attempts that later failed. */
  BYTES_RECEIVED,
  /** Bytes of the splits this run committed. */
  BYTES_STAGED
}
