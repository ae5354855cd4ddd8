package io.squares.job;

import io.squares.SquaresConfig;

/**
 * Every command-line switch of the job subcommands, tied to the configuration key it sets and its
 * help text: one source of truth for parsing, configuration and {@code --help}.
 */
public enum JobOption implements CliSwitch {
  /** Field delimiter. */
  DELIMITER("delimiter", SquaresConfig.DELIMITER, "C",
      "field delimiter: one ASCII character, or tab, \\t, space (default ,)"),
  /** First line of each file is a header. */
  HEADER("header", SquaresConfig.HEADER, null,
      "the first line of each input file is a header (columns can then be named)"),
  /** Key column. */
  KEY_COLUMN("key-column", SquaresConfig.KEY_COLUMN, "COL",
      "group by this column: 1-based number or header name (default: one group, *)"),
  /** Value column. */
  VALUE_COLUMN("value-column", SquaresConfig.VALUE_COLUMN, "COL",
      "the numbers: 1-based number or header name (default: the last field)"),
  /** RFC 4180 records that span lines. */
  MULTILINE("multiline", SquaresConfig.MULTILINE, null,
      "line breaks inside quoted fields belong to the field (RFC 4180); each file is read whole"
          + " by one map task"),
  /** Reduce tasks. */
  REDUCERS("reducers", "mapreduce.job.reduces", "N", "number of reduce tasks (default 1)"),
  /** Bad record policy. */
  BAD_RECORDS("bad-records", SquaresConfig.BAD_RECORDS, "skip|fail",
      "skip (count, sample, go on) or fail at the first bad record (default skip)"),
  /** Largest fraction of bad records. */
  MAX_BAD_FRACTION("max-bad-fraction", SquaresConfig.MAX_BAD_FRACTION, "F",
      "fail when more than this fraction (0..1) of records is bad (default 1: no limit)"),
  /** Longest record. */
  MAX_LINE_BYTES("max-line-bytes", SquaresConfig.MAX_LINE_BYTES, "N",
      "a longer record (bytes, without its line break) is one bad record, LINE_TOO_LONG, skipped"
          + " unread (default 8388608 = 8 MiB, at least 1024)"),
  /** Quantiles per key. */
  QUANTILES("quantiles", SquaresConfig.QUANTILES, "P,...",
      "add one column per quantile after stddev, in this order: numbers in [0, 1] (e.g."
          + " 0.25,0.5,0.75), exact by linear interpolation between closest ranks"),
  /** The pandas describe() quartiles. */
  DESCRIBE("describe", SquaresConfig.DESCRIBE, null,
      "add the quartiles 0.25, 0.5, 0.75 after stddev, as pandas describe() does"),
  /** Approximate quantiles. */
  APPROX_QUANTILES("approx-quantiles", SquaresConfig.QUANTILES_APPROX, null,
      "compute the quantiles (of --quantiles or --describe; the quartiles if neither)"
          + " approximately, with a KLL sketch per key (rank error in _SUMMARY.json)"),
  /** Read input directories' subdirectories too. */
  RECURSIVE("recursive", SquaresConfig.INPUT_RECURSIVE, null,
      "also read the files in input directories' subdirectories, at any depth (without it, an input"
          + " directory holding a subdirectory is refused)"),
  /** Replace an existing output. */
  OVERWRITE("overwrite", null, null,
      "replace an existing output directory (atomically: readers see old or new, never a mix)"),
  /** Keep the original record. */
  KEEP_RECORD("keep-record", SquaresConfig.KEEP_RECORD, null,
      "write the original record, the delimiter, then the square"),
  /** Help. */
  HELP("help", null, null, "print this help and exit");

  private final Spec spec;

  JobOption(String longName, String configKey, String argName, String help) {
    this.spec = new Spec(longName, configKey, argName, help);
  }

  @Override
  public Spec spec() {
    return spec;
  }
}
