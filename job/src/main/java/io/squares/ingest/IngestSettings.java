package io.squares.ingest;

import io.squares.SquaresException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * The validated settings of one ingestion run, read from the configuration keys of
 * {@link IngestConfig} (command-line options have already been copied into them).
 *
 * @param concurrency fetches in flight at once, over all sources
 * @param perHostConcurrency fetches in flight at once per host, 0 for no per-host limit
 * @param retries retries after the first attempt
 * @param backoffMillis base of the exponential backoff
 * @param maxWaitMillis longest wait before a retry
 * @param connectTimeoutMillis connect timeout
 * @param idleTimeoutMillis longest time without a byte
 * @param splitTimeoutMillis longest time for one attempt at one split
 * @param reverify whether resuming re-hashes staged files
 * @param progressIntervalMillis how often progress is logged when not on a terminal
 */
public record IngestSettings(int concurrency, int perHostConcurrency, int retries, long backoffMillis,
    long maxWaitMillis, long connectTimeoutMillis, long idleTimeoutMillis, long splitTimeoutMillis,
    boolean reverify, long progressIntervalMillis) {

  /**
   * @param conf the configuration
   * @return the settings
   * @throws SquaresException a usage error naming the key and the bad value
   */
  public static IngestSettings from(Configuration conf) throws SquaresException {
    return new IngestSettings(
        positiveInt(conf, IngestConfig.CONCURRENCY, IngestConfig.CONCURRENCY_DEFAULT, 1),
        positiveInt(conf, IngestConfig.PER_HOST_CONCURRENCY, IngestConfig.PER_HOST_CONCURRENCY_DEFAULT, 0),
        positiveInt(conf, IngestConfig.RETRIES, IngestConfig.RETRIES_DEFAULT, 0),
        millis(conf, IngestConfig.RETRY_BACKOFF, IngestConfig.RETRY_BACKOFF_DEFAULT_MS, 0),
        millis(conf, IngestConfig.RETRY_MAX_WAIT, IngestConfig.RETRY_MAX_WAIT_DEFAULT_MS, 0),
        millis(conf, IngestConfig.CONNECT_TIMEOUT, IngestConfig.CONNECT_TIMEOUT_DEFAULT_MS, 1),
        millis(conf, IngestConfig.IDLE_TIMEOUT, IngestConfig.IDLE_TIMEOUT_DEFAULT_MS, 1),
        millis(conf, IngestConfig.SPLIT_TIMEOUT, IngestConfig.SPLIT_TIMEOUT_DEFAULT_MS, 1),
        bool(conf, IngestConfig.REVERIFY, IngestConfig.REVERIFY_DEFAULT),
        millis(conf, IngestConfig.PROGRESS_INTERVAL, IngestConfig.PROGRESS_INTERVAL_DEFAULT_MS, 1));
  }

  private static int positiveInt(Configuration conf, String key, int dflt, int min) throws SquaresException {
    String v = conf.getTrimmed(key, Integer.toString(dflt));
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= 100_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SquaresException.usage(key + "=" + v + ": use a whole number from " + min + " to 100000");
  }

  private static long millis(Configuration conf, String key, long dflt, long min) throws SquaresException {
    String v = conf.getTrimmed(key, dflt + "ms");
    try {
      long ms = conf.getTimeDuration(key, dflt, TimeUnit.MILLISECONDS);
      if (ms >= min) {
        return ms;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw SquaresException.usage(key + "=" + v + ": use a duration of at least " + min
        + " ms, such as 500ms, 10s or 2m");
  }

  private static boolean bool(Configuration conf, String key, boolean dflt) throws SquaresException {
    String v = conf.getTrimmed(key, Boolean.toString(dflt));
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw SquaresException.usage(key + "=" + v + ": use true or false");
  }
}
