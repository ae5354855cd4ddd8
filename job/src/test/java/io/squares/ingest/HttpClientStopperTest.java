package io.squares.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpClientStopperTest {
  private static String get(HttpClient client, LoopbackServer server) throws Exception {
    return client.send(HttpRequest.newBuilder(server.uri("/a")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void stopsThisClientsSelectorThreadOnlyAndLeavesNoThreadInNativeCode() throws Exception {
    try (LoopbackServer server = new LoopbackServer(2)) {
      server.put("/a", "hello".getBytes(StandardCharsets.UTF_8));
      HttpClient mine = HttpClient.newHttpClient();
      HttpClient other = HttpClient.newHttpClient();
      assertEquals("hello", get(mine, server));
      assertEquals("hello", get(other, server));
      Thread mineSelector = HttpClientStopper.selectorThread(mine);
      Thread otherSelector = HttpClientStopper.selectorThread(other);
      assertNotNull(mineSelector, "found by the id in " + mine);
      assertNotNull(otherSelector, "found by the id in " + other);
      assertTrue(mineSelector != otherSelector);
      assertTrue(mineSelector.isAlive());

      assertTrue(HttpClientStopper.stop(mine, 5000));
      assertFalse(mineSelector.isAlive(), "the stopped client's selector thread ended");
      assertTrue(otherSelector.isAlive(), "another client's selector thread is untouched");
      assertEquals("hello", get(other, server), "and the other client still works");
      assertTrue(HttpClientStopper.stop(other, 5000));
    }
  }
}
