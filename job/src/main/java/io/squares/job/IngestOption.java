package io.squares.job;

import io.squares.ingest.IngestConfig;

/**
 * Every command-line switch of {@code ingest} and {@code pipeline}, tied to the configuration key
 * it sets (if any) and its help text.
 */
public enum IngestOption implements CliSwitch {
  /** Staging directory of {@code ingest}. */
  TO("to", null, "DIR", "the staging directory, on any Hadoop filesystem (created when missing)"),
  /** Staging directory of {@code pipeline}. */
  STAGING("staging", null, "DIR", "the staging directory, on any Hadoop filesystem (created when missing)"),
  /** Manifest file. */
  MANIFEST("manifest", null, "FILE",
      "read the sources from this manifest (a local path or any Hadoop filesystem URI)"),
  /** Job of {@code pipeline}. */
  JOB("job", null, "stats|square", "the job to run over the staged splits (default stats)"),
  /** Global concurrency. */
  CONCURRENCY("concurrency", IngestConfig.CONCURRENCY, "N",
      "fetches in flight at once, over all sources (default " + IngestConfig.CONCURRENCY_DEFAULT + ")"),
  /** Per-host concurrency. */
  PER_HOST("per-host-concurrency", IngestConfig.PER_HOST_CONCURRENCY, "N",
      "fetches in flight at once per scheme, host and port (default " + IngestConfig.PER_HOST_CONCURRENCY_DEFAULT
          + "; 0: only the global limit)"),
  /** Retries. */
  RETRIES("retries", IngestConfig.RETRIES, "N",
      "retries of a split after a transient failure, with exponential backoff (default 4)"),
  /** Connect timeout. */
  CONNECT_TIMEOUT("connect-timeout", IngestConfig.CONNECT_TIMEOUT, "DUR", "connect timeout (default 10s)"),
  /** Idle timeout. */
  IDLE_TIMEOUT("idle-timeout", IngestConfig.IDLE_TIMEOUT, "DUR",
      "fail an attempt that receives nothing for this long (default 30s)"),
  /** Whole-split timeout. */
  SPLIT_TIMEOUT("split-timeout", IngestConfig.SPLIT_TIMEOUT, "DUR",
      "fail an attempt that is not complete after this long (default 10m)"),
  /** Re-hash staged files on resume. */
  REVERIFY("reverify", IngestConfig.REVERIFY, null,
      "when resuming, re-read already staged files and check their sha256"),
  /** Help. */
  HELP("help", null, null, "print this help and exit");

  private final Spec spec;

  IngestOption(String longName, String configKey, String argName, String help) {
    this.spec = new Spec(longName, configKey, argName, help);
  }

  @Override
  public Spec spec() {
    return spec;
  }
}
