package io.squares.job;

import io.squares.SquaresConfig;
import org.apache.commons.cli.Option;

/**
 * Every command-line switch of the job subcommands, tied to the configuration key it sets and its
 * help text: one source of truth for parsing, configuration and {@code --help}.
 */
public enum JobOption {
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
  /** Reduce tasks. */
  REDUCERS("reducers", "mapreduce.job.reduces", "N", "number of reduce tasks (default 1)"),
  /** Bad record policy. */
  BAD_RECORDS("bad-records", SquaresConfig.BAD_RECORDS, "skip|fail",
      "skip (count, sample, go on) or fail at the first bad record (default skip)"),
  /** Largest fraction of bad records. */
  MAX_BAD_FRACTION("max-bad-fraction", SquaresConfig.MAX_BAD_FRACTION, "F",
      "fail when more than this fraction (0..1) of records is bad (default 1: no limit)"),
  /** Replace an existing output. */
  OVERWRITE("overwrite", null, null,
      "replace an existing output directory (atomically: readers see old or new, never a mix)"),
  /** Keep the original record. */
  KEEP_RECORD("keep-record", SquaresConfig.KEEP_RECORD, null,
      "write the original record, the delimiter, then the square"),
  /** Help. */
  HELP("help", null, null, "print this help and exit");

  private final String longName;
  private final String configKey;
  private final String argName;
  private final String help;

  JobOption(String longName, String configKey, String argName, String help) {
    this.longName = longName;
    this.configKey = configKey;
    this.argName = argName;
    this.help = help;
  }

  /** @return the switch without dashes, e.g. {@code key-column} */
  public String longName() {
    return longName;
  }

  /** @return the configuration key this switch sets, or null when it sets none */
  public String configKey() {
    return configKey;
  }

  /** @return whether the switch takes a value */
  public boolean hasArg() {
    return argName != null;
  }

  /** @return a commons-cli option for this switch */
  public Option toOption() {
    Option.Builder b = Option.builder().longOpt(longName).desc(help);
    if (argName != null) {
      b.hasArg().argName(argName);
    }
    return b.build();
  }
}
