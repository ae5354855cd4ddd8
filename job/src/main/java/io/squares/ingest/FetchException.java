package io.squares.ingest;

import java.io.IOException;

/**
 * A failed attempt at one split, with a reason a user can read ("HTTP 503", "idle timeout: no
 * data for 30000 ms", "sha256 mismatch ...") and whether trying again may help.
 */
public class FetchException extends IOException {
  private static final long serialVersionUID = 1L;
  private final boolean retriable;
  private final int status;
  private final long retryAfterMillis;

  /**
   * @param reason what went wrong
   * @param retriable whether another attempt may succeed
   * @param status the HTTP status, or -1
   * @param retryAfterMillis the server's {@code Retry-After}, or -1
   * @param cause the underlying error, or null
   */
  public FetchException(String reason, boolean retriable, int status, long retryAfterMillis, Throwable cause) {
    super(reason, cause);
    this.retriable = retriable;
    this.status = status;
    this.retryAfterMillis = retryAfterMillis;
  }

  /**
   * @param reason what went wrong
   * @param retriable whether another attempt may succeed
   */
  public FetchException(String reason, boolean retriable) {
    this(reason, retriable, -1, -1, null);
  }

  /**
   * A response other than 200. 5xx, 408 (request timeout) and 429 (too many requests) are
   * transient; any other status fails at once.
   *
   * @param status the HTTP status
   * @param retryAfterMillis the parsed {@code Retry-After}, or -1
   * @return the failure
   */
  public static FetchException httpStatus(int status, long retryAfterMillis) {
    boolean transientStatus = status >= 500 || status == 408 || status == 429;
    String text = "HTTP " + status;
    if (status >= 300 && status < 400) {
      text += " (redirect not followed)";
    } else if (status >= 200 && status < 300) {
      text += " (expected 200)";
    }
    if (retryAfterMillis >= 0) {
      text += ", Retry-After " + retryAfterMillis + " ms";
    }
    return new FetchException(text, transientStatus, status, retryAfterMillis, null);
  }

  /** @return whether another attempt may succeed */
  public boolean isRetriable() {
    return retriable;
  }

  /** @return the HTTP status, or -1 when the failure is not a status */
  public int status() {
    return status;
  }

  /** @return how long the server asked us to wait, or -1 */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
