package io.squares.ingest;

import java.io.IOException;

/**
 * How one split ended, carried back from the threads that fetched it instead of an exception
 * thrown across them: staged (fetched now, or found staged and verified by an earlier run), or
 * failed with the last attempt's cause.
 *
 * @param split the split
 * @param record what was staged, or null when it failed
 * @param failure the last attempt's failure, or null when it is staged
 * @param attempts attempts made by this run (0 when resumed)
 * @param resumed whether an earlier run had staged it
 */
public record SplitOutcome(Split split, StagedRecord record, Throwable failure, int attempts, boolean resumed) {
  static SplitOutcome fetched(Split split, StagedRecord record) {
    return new SplitOutcome(split, record, null, record.attempts(), false);
  }

  static SplitOutcome resumed(Split split, StagedRecord record) {
    return new SplitOutcome(split, record, null, 0, true);
  }

  static SplitOutcome failed(Split split, Throwable failure, int attempts) {
    return new SplitOutcome(split, null, failure, attempts, false);
  }

  /** @return whether the split is staged */
  public boolean ok() {
    return failure == null;
  }

  /** @return the reason it failed, as the user reads it */
  public String reason() {
    if (failure == null) {
      return "";
    }
    String m = failure.getMessage();
    return m == null || m.isEmpty() ? failure.getClass().getSimpleName() : m;
  }

  /** @return the failure as an exception naming the source, wrapping the last cause; null when staged */
  public IOException error() {
    return failure == null ? null : new IOException(split.uri() + ": " + reason() + " (" + attempts
        + (attempts == 1 ? " attempt)" : " attempts)"), failure);
  }
}
