package io.squares.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 that resets (TCP RST, via SO_LINGER 0) the first
 * {@code resets} connections after reading their request, then answers every later one with the
 * body and {@code Connection: close}. The JDK server cannot reset a connection, hence this one.
 */
final class ResettingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final byte[] body;
  private final AtomicInteger resetsLeft;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  ResettingServer(byte[] body, int resets) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.body = body;
    this.resetsLeft = new AtomicInteger(resets);
    this.acceptor = new Thread(this::serve, "resetting-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  int connections() {
    return connections.get();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        connections.incrementAndGet();
        readRequestHead(s.getInputStream());
        if (resetsLeft.getAndDecrement() > 0) {
          s.setSoLinger(true, 0); // close() now sends RST instead of FIN
          continue;
        }
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // closed, or the client went away: go on accepting until closed
      }
    }
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    int b;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4 && (b = in.read()) >= 0) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
