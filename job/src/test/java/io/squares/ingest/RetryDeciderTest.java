package io.squares.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Which failures are retried, the backoff's growth and jitter, Retry-After, and the caps. */
class RetryDeciderTest {
  @Test
  void transientFailuresAreRetried() {
    for (int status : new int[] {500, 502, 503, 504, 408, 429}) {
      assertTrue(RetryDecider.isTransient(FetchException.httpStatus(status, -1)), "HTTP " + status);
    }
    assertTrue(RetryDecider.isTransient(new ConnectException("refused")));
    assertTrue(RetryDecider.isTransient(new IOException("connection reset")));
    assertTrue(RetryDecider.isTransient(new HttpTimeoutException("timed out")));
    assertTrue(RetryDecider.isTransient(new SocketTimeoutException("read timed out")));
    assertTrue(RetryDecider.isTransient(new FetchException("sha256 mismatch", true)));
  }

  @Test
  void permanentFailuresAreNot() {
    for (int status : new int[] {400, 401, 403, 404, 410, 301}) {
      assertFalse(RetryDecider.isTransient(FetchException.httpStatus(status, -1)), "HTTP " + status);
    }
    assertFalse(RetryDecider.isTransient(new FileNotFoundException("gone")));
    assertFalse(RetryDecider.isTransient(new java.io.InterruptedIOException("interrupted")));
    assertFalse(RetryDecider.isTransient(new CancellationException()));
    assertFalse(RetryDecider.isTransient(new IllegalStateException("bug")));
  }

  @Test
  void backoffGrowsExponentiallyWithJitterUpToTheRetryLimit() {
    RetryDecider d = new RetryDecider(4, 100, 60_000);
    IOException e = new IOException("reset");
    for (int retry = 0; retry < 4; retry++) {
      long base = 100L << (retry + 1);
      for (int i = 0; i < 50; i++) {
        RetryDecider.Decision decision = d.decide(e, retry);
        assertTrue(decision.retry());
        assertTrue(decision.delayMillis() >= base / 2 && decision.delayMillis() < base * 3 / 2,
            "retry " + retry + ": " + decision.delayMillis() + " ms not in [" + base / 2 + ", " + base * 3 / 2 + ")");
      }
    }
    assertFalse(d.decide(e, 4).retry(), "4 retries, then give up");
    assertFalse(d.decide(FetchException.httpStatus(404, -1), 0).retry(), "no retry for a 404");
  }

  @Test
  void retryAfterReplacesTheBackoffAndEveryWaitIsCapped() {
    RetryDecider d = new RetryDecider(3, 1, 5_000);
    assertEquals(2_000, d.decide(FetchException.httpStatus(429, 2_000), 0).delayMillis());
    assertEquals(5_000, d.decide(FetchException.httpStatus(503, 3_600_000), 0).delayMillis());
    assertEquals(5_000, new RetryDecider(20, 1_000, 5_000).decide(new IOException(), 10).delayMillis());
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2025-03-01T12:00:00Z");
    assertEquals(120_000, RetryAfter.parseMillis(" 120 ", now));
    assertEquals(0, RetryAfter.parseMillis("0", now));
    assertEquals(30_000, RetryAfter.parseMillis("Sat, 01 Mar 2025 12:00:30 GMT", now));
    assertEquals(0, RetryAfter.parseMillis("Sat, 01 Mar 2025 11:00:00 GMT", now));
    assertEquals(-1, RetryAfter.parseMillis("soon", now));
    assertEquals(-1, RetryAfter.parseMillis(null, now));
  }
}
