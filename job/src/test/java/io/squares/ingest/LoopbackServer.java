package io.squares.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) for ingestion tests
 * and the benchmark. It serves byte arrays by path, with a latency before every response, and a
 * script of faults per path consumed one per request: an HTTP status (with headers), a truncated
 * body (Content-Length larger than what is sent, then the connection closes), a stalled body,
 * wrong content, or a dropped connection. It counts requests per path and the requests in flight,
 * in all and per {@code Host} header (one server can be reached as {@code 127.0.0.1} and as
 * {@code localhost}: two hosts to the client), and remembers the peaks.
 */
public final class LoopbackServer implements AutoCloseable {
  /** What the server does with one request. */
  public sealed interface Fault {}

  /**
   * Answer with this status and headers, no body.
   *
   * @param status the HTTP status
   * @param headers extra response headers (name, value, name, value...)
   */
  public record Status(int status, String... headers) implements Fault {}

  /**
   * Announce the full length, send only this many bytes, then close the connection.
   *
   * @param bytes bytes sent
   */
  public record Truncate(int bytes) implements Fault {}

  /**
   * Send this many bytes, then stall until the server closes (the client must give up).
   *
   * @param bytes bytes sent before the stall
   */
  public record Stall(int bytes) implements Fault {}

  /** Send different bytes of the same length. */
  public record WrongContent() implements Fault {}

  /** Close the connection without any response. */
  public record Drop() implements Fault {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, byte[]> content = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> requestTimes = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final Map<String, AtomicInteger> inFlightByHost = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> peakByHost = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile long latencyMillis;
  private volatile int chunkBytes = 64 * 1024;
  private volatile long chunkDelayMillis;
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private volatile long holdMillis;

  /**
   * Starts a server on an ephemeral port of 127.0.0.1.
   *
   * @param threads handler threads: at least the number of requests expected in flight
   * @throws IOException when it cannot bind
   */
  public LoopbackServer(int threads) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * @param path the path, starting with {@code /}
   * @param bytes what to serve there
   * @return this
   */
  public LoopbackServer put(String path, byte[] bytes) {
    content.put(path, bytes);
    return this;
  }

  /**
   * Queues faults for the next requests to a path; later requests are served normally.
   *
   * @param path the path
   * @param script one fault per request, in order
   * @return this
   */
  public LoopbackServer faults(String path, Fault... script) {
    faults.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(script));
    return this;
  }

  /**
   * @param millis wait before every response
   * @return this
   */
  public LoopbackServer latency(long millis) {
    latencyMillis = millis;
    return this;
  }

  /**
   * Holds the next {@code n} requests until all {@code n} are in flight at once (or {@code maxMillis}
   * passed), then lets them go on: a client allowed {@code n} requests in flight shows a peak of
   * exactly {@code n} however slowly it starts them, and one allowed fewer shows fewer.
   *
   * @param n requests to hold
   * @param maxMillis longest hold
   * @return this
   */
  public LoopbackServer holdUntilInFlight(int n, long maxMillis) {
    holdMillis = maxMillis;
    hold = new CountDownLatch(n);
    return this;
  }

  /**
   * Sends bodies slowly: chunks of this size with a pause between them.
   *
   * @param bytes chunk size
   * @param delayMillis pause after each chunk
   * @return this
   */
  public LoopbackServer slowBody(int bytes, long delayMillis) {
    chunkBytes = bytes;
    chunkDelayMillis = delayMillis;
    return this;
  }

  /**
   * @param path a path
   * @return its URI on this server
   */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** @return the port */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * @param path a path
   * @return requests received for it
   */
  public int requests(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  /** @return requests received for any path */
  public int totalRequests() {
    return total.get();
  }

  /**
   * @param path a path
   * @return when each request for it arrived (System.nanoTime), in order
   */
  public List<Long> requestTimes(String path) {
    List<Long> t = requestTimes.get(path);
    return t == null ? List.of() : new ArrayList<>(t);
  }

  /** @return the most requests that were being handled at once */
  public int peakInFlight() {
    return peak.get();
  }

  /**
   * @param host a request's {@code Host} header as the client sent it, e.g. {@code localhost:8080}
   * @return the most requests naming that host that were being handled at once
   */
  public int peakInFlight(String host) {
    AtomicInteger p = peakByHost.get(host);
    return p == null ? 0 : p.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int now = inFlight.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
    String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host"));
    AtomicInteger forHost = inFlightByHost.computeIfAbsent(host, h -> new AtomicInteger());
    int nowForHost = forHost.incrementAndGet();
    peakByHost.computeIfAbsent(host, h -> new AtomicInteger()).accumulateAndGet(nowForHost, Math::max);
    total.incrementAndGet();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    requestTimes.computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime());
    try {
      exchange.getRequestBody().readAllBytes();
      CountDownLatch h = hold;
      if (h.getCount() > 0) {
        h.countDown();
        h.await(holdMillis, TimeUnit.MILLISECONDS);
      }
      if (latencyMillis > 0) {
        pause(latencyMillis);
      }
      byte[] body = content.get(path);
      Deque<Fault> script = faults.get(path);
      Fault fault = script == null ? null : script.pollFirst();
      if (fault instanceof Drop) {
        exchange.close();
        return;
      }
      if (fault instanceof Status s) {
        for (int i = 0; i + 1 < s.headers().length; i += 2) {
          exchange.getResponseHeaders().add(s.headers()[i], s.headers()[i + 1]);
        }
        exchange.sendResponseHeaders(s.status(), -1);
        exchange.close();
        return;
      }
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      if (fault instanceof WrongContent) {
        body = body.clone();
        for (int i = 0; i < body.length; i++) {
          body[i] ^= 0x5a;
        }
      }
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      OutputStream out = exchange.getResponseBody();
      int limit = body.length;
      if (fault instanceof Truncate t) {
        limit = Math.min(t.bytes(), body.length);
      } else if (fault instanceof Stall s) {
        limit = Math.min(s.bytes(), body.length);
      }
      for (int off = 0; off < limit; off += chunkBytes) {
        out.write(body, off, Math.min(chunkBytes, limit - off));
        out.flush();
        if (chunkDelayMillis > 0) {
          pause(chunkDelayMillis);
        }
      }
      if (fault instanceof Stall) {
        closing.await();
        return;
      }
      exchange.close(); // short of Content-Length after a Truncate: the connection is closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      forHost.decrementAndGet();
      inFlight.decrementAndGet();
    }
  }

  private void pause(long millis) throws InterruptedException {
    closing.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
