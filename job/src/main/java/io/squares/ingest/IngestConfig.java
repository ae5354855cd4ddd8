package io.squares.ingest;

/**
 * Configuration keys of ingestion, with their defaults. Every key has the {@code squares.ingest.}
 * prefix and can be set with {@code -D}, in a {@code -conf} file, or with the matching option of
 * {@code squares ingest} / {@code squares pipeline}, which wins. Durations accept Hadoop's
 * suffixes ({@code 500ms}, {@code 10s}, {@code 2m}); a bare number is milliseconds.
 */
public final class IngestConfig {
  private IngestConfig() {}

  /** Fetches in flight at once, over all sources. */
  public static final String CONCURRENCY = "squares.ingest.concurrency";
  /**
   * Default global limit: two hosts at their per-host default. A fetch in flight is a socket, a
   * partial file and a few buffers, not a thread (HTTP), so the total is bounded by what the
   * sources tolerate rather than by this machine.
   */
  public static final int CONCURRENCY_DEFAULT = 128;

  /** Fetches in flight at once per host (scheme, host and port); 0 means only the global limit. */
  public static final String PER_HOST_CONCURRENCY = "squares.ingest.per-host-concurrency";
  /**
   * Default per-host limit. Over HTTP/1.1 each fetch in flight is one connection (the JDK client
   * opens one per request in flight, without a per-host cap); over HTTP/2 the JDK client puts
   * every request to a host on one connection and fails those beyond the server's
   * SETTINGS_MAX_CONCURRENT_STREAMS (JDK-8225647), which RFC 9113 recommends be at least 100 and
   * common servers set to 100 or 128: 64 stays below it, and keeps a latency-bound batch of small
   * files from one host in few round trips.
   */
  public static final int PER_HOST_CONCURRENCY_DEFAULT = 64;

  /** Retries of a split after its first attempt, for transient failures only. */
  public static final String RETRIES = "squares.ingest.retries";
  /** Default retries (so at most 5 attempts). */
  public static final int RETRIES_DEFAULT = 4;

  /** Base of the exponential backoff: retry n waits base * 2^n * a random factor in [0.5, 1.5). */
  public static final String RETRY_BACKOFF = "squares.ingest.retry.backoff";
  /** Default backoff base, in milliseconds. */
  public static final long RETRY_BACKOFF_DEFAULT_MS = 200;

  /** Longest wait before a retry, also for a server's {@code Retry-After}. */
  public static final String RETRY_MAX_WAIT = "squares.ingest.retry.max-wait";
  /** Default longest wait, in milliseconds. */
  public static final long RETRY_MAX_WAIT_DEFAULT_MS = 60_000;

  /** Time allowed to open a connection. */
  public static final String CONNECT_TIMEOUT = "squares.ingest.connect-timeout";
  /** Default connect timeout, in milliseconds. */
  public static final long CONNECT_TIMEOUT_DEFAULT_MS = 10_000;

  /** Longest time without a byte (waiting for the response or between body chunks). */
  public static final String IDLE_TIMEOUT = "squares.ingest.idle-timeout";
  /** Default idle timeout, in milliseconds. */
  public static final long IDLE_TIMEOUT_DEFAULT_MS = 30_000;

  /** Longest time for one attempt at one split, start to verified file. */
  public static final String SPLIT_TIMEOUT = "squares.ingest.split-timeout";
  /** Default whole-split timeout, in milliseconds. */
  public static final long SPLIT_TIMEOUT_DEFAULT_MS = 600_000;

  /** Whether resuming re-reads staged files and checks their sha256 (otherwise size and record). */
  public static final String REVERIFY = "squares.ingest.reverify";
  /** Default: trust the verification record and the file's size. */
  public static final boolean REVERIFY_DEFAULT = false;

  /** How often progress is logged when not on a terminal. */
  public static final String PROGRESS_INTERVAL = "squares.ingest.progress.interval";
  /** Default log interval, in milliseconds. */
  public static final long PROGRESS_INTERVAL_DEFAULT_MS = 10_000;
}
