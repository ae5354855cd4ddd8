package io.squares;

/**
 * Process exit codes of every {@code squares} subcommand. Each failure class maps to exactly one
 * code, so a scheduler can tell "fix the command line" from "fix the data" from "retry later".
 */
public enum ExitCode {
  /** The command did what it was asked; for jobs, the output is published with {@code _SUCCESS}. */
  SUCCESS(0, "success"),
  /** An unexpected internal error (a bug, or an environment problem without a better code). */
  INTERNAL_ERROR(1, "internal error"),
  /**
   * Bad command line: unknown option, bad value, bad delimiter, unknown column name, an output that
   * is, contains or lies inside an input.
   */
  USAGE(2, "usage error"),
  /** An input path or glob matched nothing. */
  INPUT_NOT_FOUND(3, "input not found"),
  /**
   * The output exists and {@code --overwrite} was not given, or it may not be replaced: a file, or a
   * non-empty directory Squares did not publish (ingestion: a file it did not stage in the way).
   */
  OUTPUT_EXISTS(4, "output exists"),
  /** Bad records with {@code --bad-records fail}, or more than {@code --max-bad-fraction}. */
  BAD_RECORDS(5, "bad records"),
  /** The Hadoop job failed or was killed (task failures after Hadoop's own retries). */
  JOB_FAILED(6, "job failed"),
  /** Ingestion: a source still failed after its retries; the job was not submitted. */
  INGEST_FAILED(7, "ingestion failed"),
  /** Nightly: another run holds the lock for the same output root. */
  LOCKED(8, "another run holds the lock"),
  /** Interrupted (e.g. Ctrl-C); nothing was published. */
  INTERRUPTED(130, "interrupted");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** @return the numeric process exit status */
  public int code() {
    return code;
  }

  /** @return a short human description */
  public String description() {
    return description;
  }
}
