package io.squares.ingest;

import static io.squares.ingest.IngestRuns.conf;
import static io.squares.ingest.IngestRuns.ingest;
import static io.squares.ingest.IngestRuns.json;
import static io.squares.ingest.IngestRuns.manifest;
import static io.squares.ingest.IngestRuns.partials;
import static io.squares.ingest.IngestRuns.randomBytes;
import static io.squares.ingest.IngestRuns.sha256;
import static io.squares.ingest.IngestRuns.visible;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.squares.ExitCode;
import io.squares.ingest.LoopbackServer.Drop;
import io.squares.ingest.LoopbackServer.Stall;
import io.squares.ingest.LoopbackServer.Status;
import io.squares.ingest.LoopbackServer.Truncate;
import io.squares.ingest.LoopbackServer.WrongContent;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code squares ingest} against a real HTTP server on loopback that injects latency and faults. */
class HttpIngestTest {
  @TempDir Path tmp;
  private LoopbackServer server;
  private Path stage;

  @BeforeEach
  void start() throws Exception {
    server = new LoopbackServer(48);
    stage = tmp.resolve("stage");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Serves n random splits at /d/part-i.csv, part-0 empty, the others of maxSize/2 to maxSize bytes;
   * returns their bytes by staged name.
   */
  private Map<String, byte[]> serve(int n, int maxSize) {
    Map<String, byte[]> served = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byte[] b = randomBytes(i == 0 ? 0 : maxSize - (i * 7919) % (maxSize / 2), i);
      server.put("/d/part-" + i + ".csv", b);
      served.put("part-" + i + ".csv", b);
    }
    return served;
  }

  private List<String> urls(int n) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      urls.add(server.uri("/d/part-" + i + ".csv").toString());
    }
    return urls;
  }

  private String[] args(Configuration conf, List<String> sources, String... options) {
    List<String> a = new ArrayList<>(List.of(options));
    a.add("--to");
    a.add(stage.toString());
    a.addAll(sources);
    return a.toArray(new String[0]);
  }

  private void assertStaged(Map<String, byte[]> served) throws Exception {
    for (Map.Entry<String, byte[]> e : served.entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(stage.resolve(e.getKey())), e.getKey());
    }
    assertEquals(List.of(), partials(stage), "no partial file left");
  }

  @Test
  void stagesEverySplitAndWritesTheManifestAndMarkerLast() throws Exception {
    Map<String, byte[]> served = serve(12, 300_000);
    List<String> lines = new ArrayList<>(List.of("# twelve splits, one renamed, some with checksums"));
    for (int i = 0; i < 12; i++) {
      String url = server.uri("/d/part-" + i + ".csv").toString();
      if (i == 3) {
        lines.add(url + " name=renamed.csv sha256=" + sha256(served.get("part-3.csv")));
      } else {
        lines.add(i % 2 == 0 ? url + "  sha256=" + sha256(served.get("part-" + i + ".csv")) : url);
      }
    }
    served.put("renamed.csv", served.remove("part-3.csv"));
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), "--manifest", manifest(tmp, lines).toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("12 of 12 splits staged"), r.err());
    assertStaged(served);
    assertEquals(served.keySet().stream().sorted().toList(), visible(stage), "only the splits are visible");
    assertTrue(Files.exists(stage.resolve(StagingArea.MARKER)));
    JsonNode m = json(stage.resolve(StagingArea.MANIFEST));
    assertEquals(12, m.get("splits").size());
    for (int i = 0; i < 12; i++) {
      JsonNode s = m.get("splits").get(i);
      String name = i == 3 ? "renamed.csv" : "part-" + i + ".csv";
      assertEquals(server.uri("/d/part-" + i + ".csv").toString(), s.get("source").asText());
      assertEquals(name, s.get("name").asText());
      assertEquals(served.get(name).length, s.get("size").asLong());
      assertEquals(sha256(served.get(name)), s.get("sha256").asText());
      assertEquals(1, s.get("attempts").asInt());
      assertFalse(s.get("time").asText().isEmpty());
    }
    assertEquals(12, server.totalRequests());
  }

  @Test
  void resumeFetchesOnlyTheSplitsThatAreMissing() throws Exception {
    Map<String, byte[]> served = serve(10, 50_000);
    server.faults("/d/part-4.csv", new Status(404));
    server.faults("/d/part-7.csv", new Status(403));
    IngestRuns.Result first = ingest(conf(), args(conf(), urls(10)));
    assertEquals(ExitCode.INGEST_FAILED.code(), first.code(), first.err());
    assertTrue(first.err().contains("2 of 10 sources failed"), first.err());
    assertTrue(first.err().contains("FAIL: " + server.uri("/d/part-4.csv") + " (argument 5, name part-4.csv): HTTP 404"),
        first.err());
    assertTrue(first.err().contains("HTTP 403 [1 attempt]"), first.err());
    assertFalse(Files.exists(stage.resolve(StagingArea.MARKER)), "no marker after a failure");
    assertFalse(Files.exists(stage.resolve(StagingArea.MANIFEST)), "no manifest after a failure");
    assertEquals(8, visible(stage).size(), "the good splits stay staged");
    assertEquals(1, server.requests("/d/part-4.csv"), "a 404 is not retried");

    IngestRuns.Result second = ingest(conf(), args(conf(), urls(10)));
    assertEquals(0, second.code(), second.err());
    assertTrue(second.err().contains("(2 fetched, 8 already staged)"), second.err());
    for (int i = 0; i < 10; i++) {
      int expected = i == 4 || i == 7 ? 2 : 1;
      assertEquals(expected, server.requests("/d/part-" + i + ".csv"), "requests for part-" + i);
    }
    assertStaged(served);
    JsonNode m = json(stage.resolve(StagingArea.MANIFEST));
    assertTrue(m.get("splits").get(0).get("resumed").asBoolean());
    assertFalse(m.get("splits").get(4).get("resumed").asBoolean());
  }

  @Test
  void resumeFetchesAgainASplitWhoseStagedFileWasChanged() throws Exception {
    Map<String, byte[]> served = serve(3, 10_000);
    assertEquals(0, ingest(conf(), args(conf(), urls(3))).code());
    Files.write(stage.resolve("part-1.csv"), new byte[] {1, 2, 3});
    Files.write(stage.resolve("part-2.csv"), randomBytes(served.get("part-2.csv").length, 99));
    IngestRuns.Result r = ingest(conf(), args(conf(), urls(3), "--reverify"));
    assertEquals(0, r.code(), r.err());
    assertEquals(1, server.requests("/d/part-0.csv"));
    assertEquals(2, server.requests("/d/part-1.csv"), "size differs from the record");
    assertEquals(2, server.requests("/d/part-2.csv"), "same size, but --reverify finds another sha256");
    assertStaged(served);
  }

  @Test
  void peakRequestsInFlightAtTheServerEqualTheLimit() throws Exception {
    serve(30, 2_000);
    server.latency(150);
    IngestRuns.Result r = ingest(conf(), args(conf(), urls(30), "--concurrency", "6"));
    assertEquals(0, r.code(), r.err());
    assertEquals(6, server.peakInFlight());
    assertTrue(r.err().contains("(limit 6, peak 6)"), r.err());
  }

  @Test
  void perHostLimitBoundsEachHost() throws Exception {
    try (LoopbackServer other = new LoopbackServer(16)) {
      serve(12, 1_000);
      other.latency(150);
      server.latency(150);
      List<String> sources = new ArrayList<>(urls(12));
      for (int i = 0; i < 12; i++) {
        other.put("/e/other-" + i + ".csv", randomBytes(100, i));
        sources.add(other.uri("/e/other-" + i + ".csv").toString());
      }
      IngestRuns.Result r = ingest(conf(), args(conf(), sources, "--concurrency", "8", "--per-host-concurrency", "3"));
      assertEquals(0, r.code(), r.err());
      assertEquals(3, server.peakInFlight());
      assertEquals(3, other.peakInFlight());
    }
  }

  /**
   * Sources on one server reached as two hosts (127.0.0.1 and localhost), n of each, the server
   * holding the first {@code peak} requests until that many are in flight, then every request for
   * 200 ms; returns the sources, interleaved.
   */
  private List<String> twoHosts(LoopbackServer s, int n, int peak) {
    s.holdUntilInFlight(peak, 20_000).latency(200);
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.put("/h/a-" + i + ".csv", randomBytes(200, i));
      s.put("/h/b-" + i + ".csv", randomBytes(200, n + i));
      sources.add(s.uri("/h/a-" + i + ".csv").toString());
      sources.add(s.uri("/h/b-" + i + ".csv").toString().replace("://127.0.0.1:", "://localhost:"));
    }
    return sources;
  }

  private static String host(LoopbackServer s, String name) {
    return name + ":" + s.uri("/").getPort();
  }

  @Test
  void atDefaultSettingsEachHostGetsItsLimitAndAllTogetherTheTotal() throws Exception {
    int perHost = IngestConfig.PER_HOST_CONCURRENCY_DEFAULT;
    int total = IngestConfig.CONCURRENCY_DEFAULT;
    assertTrue(perHost > 0 && perHost < total, "a per-host limit below the total, so both show");
    try (LoopbackServer s = new LoopbackServer(2 * total)) {
      List<String> sources = twoHosts(s, perHost + 8, Math.min(total, 2 * perHost));
      IngestRuns.Result r = ingest(conf(), args(conf(), sources, "--idle-timeout", "2m"));
      assertEquals(0, r.code(), r.err());
      assertEquals(perHost, s.peakInFlight(host(s, "127.0.0.1")), r.err());
      assertEquals(perHost, s.peakInFlight(host(s, "localhost")), r.err());
      assertEquals(Math.min(total, 2 * perHost), s.peakInFlight(), r.err());
      assertTrue(r.err().contains("(limit " + total + ", peak " + Math.min(total, 2 * perHost) + ")"), r.err());
    }
  }

  @Test
  void anExplicitConcurrencyIsNeverExceededWhateverTheHosts() throws Exception {
    try (LoopbackServer s = new LoopbackServer(64)) {
      List<String> sources = twoHosts(s, 20, 7);
      IngestRuns.Result r = ingest(conf(), args(conf(), sources, "--concurrency", "7"));
      assertEquals(0, r.code(), r.err());
      assertEquals(7, s.peakInFlight(), "over both hosts");
      assertTrue(s.peakInFlight(host(s, "127.0.0.1")) <= 7 && s.peakInFlight(host(s, "localhost")) <= 7);
    }
  }

  @Test
  void anExplicitPerHostLimitBoundsEachHostBelowTheTotal() throws Exception {
    try (LoopbackServer s = new LoopbackServer(64)) {
      List<String> sources = twoHosts(s, 20, 10);
      IngestRuns.Result r = ingest(conf(), args(conf(), sources, "--concurrency", "50", "--per-host-concurrency", "5"));
      assertEquals(0, r.code(), r.err());
      assertEquals(5, s.peakInFlight(host(s, "127.0.0.1")));
      assertEquals(5, s.peakInFlight(host(s, "localhost")));
      assertEquals(10, s.peakInFlight());
    }
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() throws Exception {
    Map<String, byte[]> served = serve(2, 10_000);
    server.faults("/d/part-1.csv", new Status(503), new Status(500), new Status(408));
    IngestRuns.Result r = ingest(conf(), args(conf(), urls(2)));
    assertEquals(0, r.code(), r.err());
    assertEquals(4, server.requests("/d/part-1.csv"));
    assertStaged(served);
    assertEquals(4, json(stage.resolve(StagingArea.MANIFEST)).get("splits").get(1).get("attempts").asInt());
    assertTrue(r.err().contains("3 retries"), r.err());
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() throws Exception {
    Map<String, byte[]> served = serve(1, 1_000);
    server.faults("/d/part-0.csv", new Status(429, "Retry-After", "1"));
    IngestRuns.Result r = ingest(conf(), args(conf(), urls(1)));
    assertEquals(0, r.code(), r.err());
    List<Long> times = server.requestTimes("/d/part-0.csv");
    assertEquals(2, times.size());
    long gap = TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0));
    assertTrue(gap >= 990, "waited " + gap + " ms, Retry-After asked for 1000 (the backoff alone is ~2 ms)");
    assertStaged(served);
  }

  @Test
  void aSourceFailingEveryAttemptIsReportedAfterItsRetries() throws Exception {
    serve(2, 1_000);
    server.faults("/d/part-1.csv", new Status(502), new Status(502), new Status(502));
    IngestRuns.Result r = ingest(conf(), args(conf(), urls(2), "--retries", "2"));
    assertEquals(ExitCode.INGEST_FAILED.code(), r.code(), r.err());
    assertEquals(3, server.requests("/d/part-1.csv"), "first attempt and 2 retries");
    assertTrue(r.err().contains("HTTP 502 [3 attempts]"), r.err());
    assertEquals(List.of("part-0.csv"), visible(stage));
  }

  @Test
  void aDroppedConnectionIsRetried() throws Exception {
    Map<String, byte[]> served = serve(1, 5_000);
    server.faults("/d/part-0.csv", new Drop());
    IngestRuns.Result r = ingest(conf(), args(conf(), urls(1)));
    assertEquals(0, r.code(), r.err());
    assertEquals(2, server.requests("/d/part-0.csv"));
    assertStaged(served);
  }

  @Test
  void aResetConnectionIsRetried() throws Exception {
    byte[] body = randomBytes(20_000, 5);
    try (ResettingServer resetting = new ResettingServer(body, 2)) {
      IngestRuns.Result r = ingest(conf(), args(conf(), List.of(resetting.uri("/r/reset.csv").toString())));
      assertEquals(0, r.code(), r.err());
      assertEquals(3, resetting.connections(), "two resets, then the body");
      assertArrayEquals(body, Files.readAllBytes(stage.resolve("reset.csv")));
      // The JDK client itself retries an idempotent GET once on a reset connection, so the two
      // resets took two or three of our attempts.
      int attempts = json(stage.resolve(StagingArea.MANIFEST)).get("splits").get(0).get("attempts").asInt();
      assertTrue(attempts >= 2 && attempts <= 3, "attempts " + attempts);
    }
  }

  @Test
  void aTruncatedBodyIsNeverStagedAndIsRetried() throws Exception {
    Map<String, byte[]> served = serve(2, 200_000);
    server.faults("/d/part-1.csv", new Truncate(1_000), new Truncate(50_000));
    IngestRuns.Result r = ingest(conf(), args(conf(), urls(2)));
    assertEquals(0, r.code(), r.err());
    assertEquals(3, server.requests("/d/part-1.csv"));
    assertStaged(served);
  }

  @Test
  void aBodyTruncatedEveryTimeFailsWithTheReason() throws Exception {
    serve(2, 200_000);
    server.faults("/d/part-1.csv", new Truncate(1_000), new Truncate(1_000));
    IngestRuns.Result r = ingest(conf(), args(conf(), urls(2), "--retries", "1"));
    assertEquals(ExitCode.INGEST_FAILED.code(), r.code(), r.err());
    assertTrue(r.err().contains("truncated"), r.err());
    assertFalse(Files.exists(stage.resolve("part-1.csv")), "no partial file under the final name");
    assertEquals(List.of(), partials(stage));
  }

  @Test
  void aStalledBodyHitsTheIdleTimeoutAndIsRetried() throws Exception {
    Map<String, byte[]> served = serve(2, 100_000);
    server.faults("/d/part-1.csv", new Stall(10_000));
    Configuration conf = conf();
    conf.set(IngestConfig.IDLE_TIMEOUT, "300ms");
    IngestRuns.Result r = ingest(conf, args(conf, urls(2)));
    assertEquals(0, r.code(), r.err());
    assertTrue(server.requests("/d/part-1.csv") >= 2, "the stalled attempt was retried");
    assertStaged(served);
  }

  @Test
  void aBodyStalledEveryTimeFailsWithTheIdleTimeout() throws Exception {
    serve(2, 100_000);
    server.faults("/d/part-1.csv", new Stall(10_000), new Stall(10_000));
    Configuration conf = conf();
    conf.set(IngestConfig.IDLE_TIMEOUT, "300ms");
    IngestRuns.Result r = ingest(conf, args(conf, urls(2), "--retries", "1"));
    assertEquals(ExitCode.INGEST_FAILED.code(), r.code(), r.err());
    assertTrue(r.err().contains("idle timeout: no data for 300 ms [2 attempts]"), r.err());
    assertEquals(List.of("part-0.csv"), visible(stage));
    assertEquals(List.of(), partials(stage));
  }

  @Test
  void aSlowSplitHitsTheWholeSplitTimeout() throws Exception {
    serve(2, 100_000);
    server.slowBody(1_000, 20);
    Configuration conf = conf();
    conf.set(IngestConfig.SPLIT_TIMEOUT, "400ms");
    IngestRuns.Result r = ingest(conf, args(conf, urls(2), "--retries", "0"));
    assertEquals(ExitCode.INGEST_FAILED.code(), r.code(), r.err());
    assertTrue(r.err().contains("split timeout: not complete after 400 ms"), r.err());
    assertEquals(List.of(), partials(stage));
  }

  @Test
  void wrongContentFailsTheChecksumAndIsRetried() throws Exception {
    Map<String, byte[]> served = serve(2, 50_000);
    server.faults("/d/part-1.csv", new WrongContent());
    String line = server.uri("/d/part-1.csv") + " sha256=" + sha256(served.get("part-1.csv"));
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), "--manifest",
        manifest(tmp, List.of(urls(1).get(0), line)).toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(2, server.requests("/d/part-1.csv"));
    assertStaged(served);
  }

  @Test
  void contentThatNeverMatchesTheChecksumIsNotStaged() throws Exception {
    Map<String, byte[]> served = serve(2, 50_000);
    server.faults("/d/part-1.csv", new WrongContent(), new WrongContent(), new WrongContent());
    String line = server.uri("/d/part-1.csv") + " sha256=" + sha256(served.get("part-1.csv"));
    IngestRuns.Result r = ingest(conf(), "--retries", "2", "--to", stage.toString(), "--manifest",
        manifest(tmp, List.of(urls(1).get(0), line)).toString());
    assertEquals(ExitCode.INGEST_FAILED.code(), r.code(), r.err());
    assertTrue(r.err().contains("sha256 mismatch: expected " + sha256(served.get("part-1.csv"))), r.err());
    assertEquals(3, server.requests("/d/part-1.csv"));
    assertFalse(Files.exists(stage.resolve("part-1.csv")));
    assertEquals(List.of(), partials(stage));
  }

  @Test
  void anUnreachableHostIsNamedInTheReport() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/gone.csv";
    IngestRuns.Result r = ingest(conf(), args(conf(), List.of(url), "--retries", "1"));
    assertEquals(ExitCode.INGEST_FAILED.code(), r.code(), r.err());
    assertTrue(r.err().contains("FAIL: " + url + " (argument 1, name gone.csv): cannot connect to 127.0.0.1:" + closedPort), r.err());
    assertTrue(r.err().contains("[2 attempts]"), r.err());
  }

  @Test
  void collidingNamesAreRefusedBeforeAnythingIsFetched() throws Exception {
    serve(2, 100);
    server.put("/other/part-0.csv", new byte[] {1});
    Path m = manifest(tmp, List.of(urls(2).get(0), urls(2).get(1), "", server.uri("/other/part-0.csv").toString()));
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), "--manifest", m.toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("same name 'part-0.csv'"), r.err());
    assertTrue(r.err().contains(m + " line 1") && r.err().contains(m + " line 4"), r.err());
    assertEquals(0, server.totalRequests());
    assertFalse(Files.exists(stage), "nothing was created");
  }

  @Test
  void traversalAndBadLinesAreRefusedNamingTheLine() throws Exception {
    Path traversal = manifest(tmp, List.of(urls(1).get(0), server.uri("/x").toString() + " name=../../etc/cron.d/x"));
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), "--manifest", traversal.toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains(traversal + " line 2: the staged name '../../etc/cron.d/x' would escape the staging"
        + " directory"), r.err());

    Path bad = manifest(tmp, List.of("# ok", urls(1).get(0), urls(1).get(0) + " sha256=xyz"));
    r = ingest(conf(), "--to", stage.toString(), "--manifest", bad.toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains(bad + " line 3: sha256=xyz is not 64 hexadecimal digits"), r.err());

    r = ingest(conf(), "--to", stage.toString(), server.uri("/dir/").toString());
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("argument 1: cannot take a staged name"), r.err());
    assertEquals(0, server.totalRequests());
  }

  @Test
  void unknownSchemesAndBadStagingDirectoriesAreUsageErrors() throws Exception {
    IngestRuns.Result r = ingest(conf(), "--to", stage.toString(), "gopher://127.0.0.1/x.csv");
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("argument 1: unknown scheme 'gopher'"), r.err());

    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    serve(1, 10);
    r = ingest(conf(), "--to", file.toString(), urls(1).get(0));
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("the staging directory file:" + file + " is a file"), r.err());

    r = ingest(conf(), "--to", file.resolve("sub").toString(), urls(1).get(0));
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("cannot be created or written"), r.err());

    r = ingest(conf(), "--to", stage.toString(), "--concurrency", "0", urls(1).get(0));
    assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
    assertTrue(r.err().contains("squares.ingest.concurrency=0"), r.err());
    assertEquals(0, server.totalRequests());
  }

  @Test
  void staleManifestAndMarkerAreRemovedWhenARerunFails() throws Exception {
    serve(2, 100);
    assertEquals(0, ingest(conf(), args(conf(), urls(2))).code());
    assertTrue(Files.exists(stage.resolve(StagingArea.MARKER)));
    server.faults("/d/part-5.csv", new Status(404));
    List<String> more = new ArrayList<>(urls(2));
    more.add(server.uri("/d/part-5.csv").toString());
    assertEquals(ExitCode.INGEST_FAILED.code(), ingest(conf(), args(conf(), more)).code());
    assertFalse(Files.exists(stage.resolve(StagingArea.MARKER)), "the old marker no longer describes the directory");
    assertFalse(Files.exists(stage.resolve(StagingArea.MANIFEST)));
  }
}
