package io.squares.ingest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * One attempt at an http(s) split with the JDK {@link HttpClient}'s asynchronous API: no thread
 * waits for the response. A 200 response's body goes to a {@link StagingSubscriber}, which writes
 * each chunk to the partial file as it arrives (with a bounded read-ahead: a chunk is requested for
 * each chunk written), checks the length against
 * {@code Content-Length} and the sha256 against the manifest. Any other status fails
 * the attempt with that status (and its {@code Retry-After}).
 */
final class HttpAttempt extends Attempt {
  private volatile CompletableFuture<HttpResponse<Void>> exchange;
  private volatile StagingSubscriber subscriber;

  HttpAttempt(Split split, int number, AttemptContext ctx) {
    super(split, number, ctx);
  }

  @Override
  protected void start() {
    HttpRequest request = HttpRequest.newBuilder(split.uri())
        .GET()
        .version(split.uri().getScheme().equalsIgnoreCase("http") ? HttpClient.Version.HTTP_1_1
            : HttpClient.Version.HTTP_2)
        .header("User-Agent", "squares-ingest")
        .build();
    exchange = ctx.http().sendAsync(request, this::bodyFor);
    exchange.whenComplete((response, error) -> {
      if (error != null) {
        fail(describe(unwrap(error)));
      } else if (response.statusCode() != 200) {
        fail(FetchException.httpStatus(response.statusCode(),
            RetryAfter.parseMillis(response.headers().firstValue("Retry-After").orElse(null), Instant.now())));
      }
      // else the subscriber has ended the download: result is complete
    });
  }

  private BodySubscriber<Void> bodyFor(ResponseInfo info) {
    touch();
    if (info.statusCode() != 200 || isAborted()) {
      return BodySubscribers.replacing(null);
    }
    StagingSubscriber s = new StagingSubscriber(info.headers().firstValueAsLong("Content-Length").orElse(-1));
    subscriber = s;
    return s;
  }

  @Override
  protected void cancelIo() {
    StagingSubscriber s = subscriber;
    if (s != null) {
      s.abort();
    }
    CompletableFuture<?> e = exchange;
    if (e != null) {
      e.cancel(true);
    }
  }

  private Throwable describe(Throwable e) {
    if (e instanceof FetchException) {
      return e;
    }
    StagingSubscriber s = subscriber;
    if (e instanceof IOException && s != null && s.contentLength >= 0 && s.received < s.contentLength) {
      return new FetchException("truncated: connection closed after " + s.received + " of "
          + s.contentLength + " bytes (" + e.getMessage() + ")", true, -1, -1, e);
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new FetchException("connect timeout: " + message(e), true, -1, -1, e);
    }
    if (e instanceof ConnectException) {
      String detail = message(e);
      return new FetchException("cannot connect to " + split.uri().getAuthority()
          + (detail.equals("ConnectException") ? " (refused or unreachable)" : ": " + detail), true, -1, -1, e);
    }
    if (e instanceof IOException) {
      return new FetchException(e.getClass().getSimpleName() + ": " + message(e), true, -1, -1, e);
    }
    return e;
  }

  /** @return the first message in the cause chain (the JDK client often wraps one without), or the class */
  private static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isEmpty()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Streams a 200 response's body into the partial file. The JDK client delivers the body on its
   * executor (this run's HTTP pool, never its selector thread), so each chunk is written where it
   * arrives; the signals and an abort from the watchdog are serialized by this object's lock.
   */
  private final class StagingSubscriber implements BodySubscriber<Void> {
    /** Chunks requested ahead: the most that can arrive before the ones before them are written. */
    private static final int WINDOW = 8;
    final long contentLength;
    volatile long received;
    private final CompletableFuture<Void> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private SplitWriter writer;

    StagingSubscriber(long contentLength) {
      this.contentLength = contentLength;
    }

    @Override
    public CompletionStage<Void> getBody() {
      return body;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (stopped()) {
        s.cancel();
        return;
      }
      try {
        writer = ctx.staging().open(split.name());
      } catch (IOException | RuntimeException e) {
        failBody(e);
        return;
      }
      s.request(WINDOW);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
      touch();
      if (stopped()) {
        return;
      }
      try {
        for (ByteBuffer b : items) {
          long n = b.remaining();
          writer.write(b);
          received += n;
          ctx.metrics().add(IngestCounter.BYTES_RECEIVED, n);
        }
      } catch (IOException | RuntimeException e) {
        failBody(e);
        return;
      }
      subscription.request(1);
    }

    @Override
    public synchronized void onError(Throwable error) {
      failBody(error);
    }

    @Override
    public synchronized void onComplete() {
      if (stopped()) {
        return;
      }
      SplitWriter w = writer;
      writer = null;
      SplitWriter.Written written;
      try {
        written = w.finish(contentLength, "Content-Length", split.expectedSha256());
      } catch (IOException | RuntimeException e) {
        w.discard();
        failBody(e);
        return;
      }
      downloaded(w, written);
      body.complete(null);
    }

    /** Called after the attempt was aborted: stops the flow and discards the partial file. */
    synchronized void abort() {
      if (subscription != null) {
        subscription.cancel();
      }
      stopped();
    }

    /**
     * @return whether the attempt is over; the partial file, if any, is then discarded and the
     *     body failed
     */
    private boolean stopped() {
      if (isAborted() || body.isDone()) {
        discardWriter();
        body.completeExceptionally(new FetchException("attempt aborted", true));
        return true;
      }
      return false;
    }

    private void failBody(Throwable e) {
      discardWriter();
      if (subscription != null) {
        subscription.cancel();
      }
      body.completeExceptionally(e);
    }

    private void discardWriter() {
      if (writer != null) {
        writer.discard();
        writer = null;
      }
    }
  }
}
