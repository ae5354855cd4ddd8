package io.squares.ingest;

import java.net.http.HttpClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a JDK {@link HttpClient}'s selector thread once the client is no longer needed.
 *
 * <p>Before JDK 21 an {@code HttpClient} cannot be closed: its selector thread stays in
 * {@code epoll_wait} until the client is garbage collected. A JVM that exits while any thread is in
 * native code waits for it up to 300 ms ({@code VM_Exit::wait_for_threads_in_native_to_block}), so
 * every ingestion paid a third of a second at exit. On JDK 21 and later the client is closed; on
 * JDK 17 its selector thread, named {@code HttpClient-<id>-SelectorManager} after the id the
 * client's {@code toString()} ends with, is interrupted, which makes it close its selector and
 * connections and end. Only this client's thread is touched.
 */
final class HttpClientStopper {
  private static final Logger LOG = LoggerFactory.getLogger(HttpClientStopper.class);
  private static final Pattern ID = Pattern.compile("\\((\\d+)\\)$");

  private HttpClientStopper() {}

  /**
   * Stops the client's threads; call only when no request of it is in flight or wanted.
   *
   * @param client the client
   * @param waitMillis how long to wait for its selector thread to end
   * @return whether the selector thread is known to have ended (or the client was closed)
   */
  static boolean stop(HttpClient client, long waitMillis) {
    if (client instanceof AutoCloseable closeable) { // JDK 21+
      try {
        closeable.close();
        return true;
      } catch (Exception e) {
        LOG.debug("closing the HTTP client failed", e);
        return false;
      }
    }
    Thread selector = selectorThread(client);
    if (selector == null) {
      return false;
    }
    selector.interrupt();
    try {
      selector.join(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !selector.isAlive();
  }

  /**
   * @param client the client
   * @return its selector thread, or null when it cannot be found (another JDK's naming)
   */
  static Thread selectorThread(HttpClient client) {
    Matcher m = ID.matcher(client.toString());
    if (!m.find()) {
      return null;
    }
    String name = "HttpClient-" + m.group(1) + "-SelectorManager";
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
