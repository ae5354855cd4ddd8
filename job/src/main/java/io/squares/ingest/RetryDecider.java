package io.squares.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.retry.RetryPolicies;
import org.apache.hadoop.io.retry.RetryPolicy;
import org.apache.hadoop.security.AccessControlException;

/**
 * Decides whether a failed attempt is tried again, and after how long. Transient failures
 * (connection errors, timeouts, truncated bodies, length or checksum mismatch, HTTP 5xx, 408 and
 * 429) are retried up to the retry limit with Hadoop's exponential backoff and jitter
 * ({@link RetryPolicies#exponentialBackoffRetry}: retry n waits base &times; 2<sup>n</sup> &times;
 * a random factor in [0.5, 1.5)), or as long as the server's {@code Retry-After} says; every wait
 * is capped. Anything else (other 4xx, a missing file, no permission, a bug) fails at once.
 */
public final class RetryDecider {
  /**
   * What to do after a failed attempt.
   *
   * @param retry whether to try again
   * @param delayMillis how long to wait first
   */
  public record Decision(boolean retry, long delayMillis) {
    static final Decision FAIL = new Decision(false, 0);
  }

  private final RetryPolicy backoff;
  private final long maxWaitMillis;

  /**
   * @param retries retries after the first attempt
   * @param backoffMillis base of the exponential backoff
   * @param maxWaitMillis longest wait before a retry
   */
  public RetryDecider(int retries, long backoffMillis, long maxWaitMillis) {
    this.backoff = RetryPolicies.exponentialBackoffRetry(retries, backoffMillis, TimeUnit.MILLISECONDS);
    this.maxWaitMillis = maxWaitMillis;
  }

  /**
   * @param failure what the attempt failed with
   * @param retriesSoFar retries already made for this split (0 after the first attempt)
   * @return whether and when to try again
   */
  public Decision decide(Throwable failure, int retriesSoFar) {
    if (!isTransient(failure)) {
      return Decision.FAIL;
    }
    RetryPolicy.RetryAction action;
    try {
      action = backoff.shouldRetry(failure instanceof Exception e ? e : new IOException(failure),
          retriesSoFar, 0, true);
    } catch (Exception e) {
      return Decision.FAIL;
    }
    if (action.action != RetryPolicy.RetryAction.RetryDecision.RETRY) {
      return Decision.FAIL;
    }
    long delay = action.delayMillis;
    if (failure instanceof FetchException f && f.retryAfterMillis() >= 0) {
      delay = f.retryAfterMillis();
    }
    return new Decision(true, Math.max(0, Math.min(delay, maxWaitMillis)));
  }

  /**
   * @param failure what an attempt failed with
   * @return whether another attempt may succeed
   */
  public static boolean isTransient(Throwable failure) {
    if (failure instanceof FetchException f) {
      return f.isRetriable();
    }
    if (failure instanceof FileNotFoundException || failure instanceof AccessDeniedException
        || failure instanceof AccessControlException || failure instanceof CancellationException) {
      return false;
    }
    if (failure instanceof InterruptedIOException && !(failure instanceof SocketTimeoutException)) {
      return false;
    }
    return failure instanceof IOException;
  }
}
