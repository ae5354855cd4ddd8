package io.squares.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Settings from configuration keys: defaults, duration suffixes, and refusals naming the key. */
class IngestSettingsTest {
  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    IngestSettings s = IngestSettings.from(new Configuration(false));
    assertEquals(128, s.concurrency());
    assertEquals(64, s.perHostConcurrency());
    assertEquals(4, s.retries());
    assertEquals(200, s.backoffMillis());
    assertEquals(60_000, s.maxWaitMillis());
    assertEquals(10_000, s.connectTimeoutMillis());
    assertEquals(30_000, s.idleTimeoutMillis());
    assertEquals(600_000, s.splitTimeoutMillis());
    assertEquals(false, s.reverify());
  }

  @Test
  void durationsTakeHadoopSuffixes() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(IngestConfig.IDLE_TIMEOUT, "500ms");
    conf.set(IngestConfig.SPLIT_TIMEOUT, "2m");
    conf.set(IngestConfig.CONNECT_TIMEOUT, "1500");
    IngestSettings s = IngestSettings.from(conf);
    assertEquals(500, s.idleTimeoutMillis());
    assertEquals(120_000, s.splitTimeoutMillis());
    assertEquals(1_500, s.connectTimeoutMillis());
  }

  @Test
  void badValuesNameTheKey() {
    Configuration conf = new Configuration(false);
    conf.set(IngestConfig.IDLE_TIMEOUT, "soon");
    String m = assertThrows(SquaresException.class, () -> IngestSettings.from(conf)).getMessage();
    assertTrue(m.startsWith("squares.ingest.idle-timeout=soon: use a duration"), m);
    Configuration c2 = new Configuration(false);
    c2.set(IngestConfig.RETRIES, "-1");
    assertTrue(assertThrows(SquaresException.class, () -> IngestSettings.from(c2)).getMessage()
        .startsWith("squares.ingest.retries=-1: use a whole number from 0"));
    Configuration c3 = new Configuration(false);
    c3.set(IngestConfig.REVERIFY, "yes");
    assertTrue(assertThrows(SquaresException.class, () -> IngestSettings.from(c3)).getMessage()
        .contains("use true or false"));
  }

  @Test
  void progressLineCountsWhatIsDone() {
    IngestMetrics m = new IngestMetrics();
    m.add(IngestCounter.SPLITS_FETCHED, 3);
    m.add(IngestCounter.SPLITS_RESUMED, 2);
    m.add(IngestCounter.SPLITS_FAILED, 1);
    m.add(IngestCounter.RETRIES, 7);
    m.add(IngestCounter.BYTES_RECEIVED, 3 * 1024 * 1024);
    String line = new IngestProgress(m, new FetchLimiter(4, 0), 10, null).render();
    assertTrue(line.startsWith("6/10 splits, 3.0 MiB, "), line);
    assertTrue(line.contains("0 in flight, 7 retries, 1 failed, ETA "), line);
  }
}
