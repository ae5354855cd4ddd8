package io.squares.nightly;

import io.squares.job.CliSwitch;

/**
 * Every switch of {@code squares nightly} ({@code bin/nightly}), tied to its setting in a
 * {@code --config} file (if any) and its help text. The switches set no configuration keys: the
 * batch's settings are its own, and {@code -D} / {@code -conf} go to the job it runs.
 */
public enum NightlyOption implements CliSwitch {
  /** The day to process. */
  DATE("date", null, "YYYY-MM-DD", "the day to process (default: yesterday in --timezone)"),
  /** Ingestion manifest. */
  MANIFEST("manifest", "manifest", "FILE", "ingestion manifest, a local file (see `bin/squares ingest --help`);"
      + " {date} in it becomes the date (YYYY-MM-DD) and {yyyymmdd} the date without dashes"),
  /** Staging root. */
  STAGING_ROOT("staging-root", "staging_root", "DIR", "where each day's sources are staged (dt=<date>/ below it)"),
  /** Output root. */
  OUTPUT_ROOT("output-root", "output_root", "DIR",
      "where each day's statistics are published (dt=<date>/ below it)"),
  /** Retention. */
  KEEP_DAYS("keep-days", "keep_days", "N", "after publishing, delete partitions (and their staging) more than"
      + " N-1 days older than the date: the last N days are kept (default: keep everything); only partitions"
      + " Squares published and staging that its ingestion made"),
  /** Recompute a published date. */
  FORCE("force", null, null, "recompute a date that is already published: re-ingest, then replace the partition"
      + " atomically (only a partition Squares published)"),
  /** State directory. */
  STATE_DIR("state-dir", "state_dir", "DIR", "local directory for the lock, the logs and status.json (default:"
      + " <output-root>/_nightly when the output root is local; required otherwise)"),
  /** Time zone of the default date. */
  TIMEZONE("timezone", "timezone", "ZONE", "time zone of the default date (default UTC), e.g. Europe/Paris"),
  /** Settings file. */
  CONFIG("config", null, "FILE", "read settings from FILE (key = value lines; command-line options win):"
      + " manifest, staging_root, output_root, keep_days, state_dir, timezone, stats_options"),
  /** Help. */
  HELP("help", null, null, "this help");

  /** The setting in a {@code --config} file holding the stats options (after {@code --} on the command line). */
  public static final String STATS_OPTIONS_KEY = "stats_options";

  private final Spec spec;
  private final String fileKey;

  NightlyOption(String longName, String fileKey, String argName, String help) {
    this.spec = new Spec(longName, null, argName, help);
    this.fileKey = fileKey;
  }

  @Override
  public Spec spec() {
    return spec;
  }

  /** @return the name of this setting in a {@code --config} file, or null when it has none */
  public String fileKey() {
    return fileKey;
  }

  /**
   * @param key a setting's name in a {@code --config} file
   * @return the switch it stands for, or null (also for {@code stats_options})
   */
  public static NightlyOption forFileKey(String key) {
    for (NightlyOption o : values()) {
      if (key.equals(o.fileKey)) {
        return o;
      }
    }
    return null;
  }
}
