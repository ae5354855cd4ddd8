package io.squares.mapreduce;

/**
 * Record-level counters of both jobs (group {@code io.squares.mapreduce.SquaresCounter}). Bad
 * records are also counted per reason in the {@link io.squares.core.BadRecordReason} group.
 */
public enum SquaresCounter {
  /** Records read: every line that is neither a header nor blank. */
  RECORDS_READ,
  /** Records whose value was parsed and used. */
  GOOD_RECORDS,
  /** Records rejected; see the per-reason counters and {@code _BAD_RECORDS.tsv}. */
  BAD_RECORDS,
  /** Blank lines (empty or only spaces/tabs), skipped silently. */
  BLANK_LINES,
  /** Header lines skipped with {@code --header}. */
  HEADER_LINES,
  /** Times a {@code stats} map task emitted its in-mapper table (at its key limit, and at its end). */
  MAP_TABLE_FLUSHES,
  /**
   * {@code stats} records a map task wrote straight to its output, uncombined, because its table was
   * full and few records found their key in it (distinct keys dominate: combining would not pay).
   */
  MAP_BYPASSED_RECORDS,
  /** Map tasks that stopped at their first bad record ({@code --bad-records fail}). */
  TASKS_STOPPED_ON_BAD_RECORD,
  /** Exact quantiles by runs: keys whose sorted runs outgrew the reducer's buffer and were merged from a local file. */
  QUANTILE_KEYS_SPILLED
}
