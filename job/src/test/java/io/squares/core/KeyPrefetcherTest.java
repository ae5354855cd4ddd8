package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyPrefetcher} finds the key {@link DelimitedLineParser} finds, for every line it does not
 * skip, whatever the delimiter, blanks and key column; it skips only lines it cannot read cheaply
 * (a quote before the key ends, too few fields).
 */
class KeyPrefetcherTest {
  private static final byte[] DELIMITERS = {',', '\t', ' ', ';', '|'};
  private static final String[] PIECES = {"a", "k1", "9", " ", "\t", "é", "x y", "\"", ",", ";", "|"};

  private static String randomLine(SplittableRandom r, char delimiter) {
    StringBuilder sb = new StringBuilder();
    int fields = 1 + r.nextInt(5);
    for (int f = 0; f < fields; f++) {
      if (f > 0) {
        sb.append(delimiter);
      }
      int pieces = r.nextInt(4);
      for (int p = 0; p < pieces; p++) {
        String piece = PIECES[r.nextInt(PIECES.length)];
        if (piece.equals("\"") && r.nextInt(4) != 0) {
          continue; // quotes now and then, not in most lines
        }
        sb.append(piece);
      }
    }
    return sb.toString();
  }

  @Test
  void findsTheParsersKeyOrSkipsTheLine() {
    SplittableRandom r = new SplittableRandom(20261202);
    int noted = 0;
    int skipped = 0;
    for (int n = 0; n < 40_000; n++) {
      byte delimiter = DELIMITERS[r.nextInt(DELIMITERS.length)];
      int keyIndex = r.nextInt(3);
      String text = randomLine(r, (char) delimiter);
      byte[] line = ("@@" + text + "@@").getBytes(StandardCharsets.UTF_8); // at an offset
      int start = 2;
      int end = line.length - 2;
      KeyPrefetcher prefetcher = new KeyPrefetcher(delimiter, keyIndex);
      DelimitedLineParser parser = new DelimitedLineParser(delimiter);
      boolean parsed = parser.split(line, start, end) == null && parser.fieldCount() > keyIndex;
      boolean quoteBeforeKeyEnd = parsed
          && text.substring(0, Math.min(text.length(), parser.fieldEnd(keyIndex) + 1 - start)).contains("\"");
      boolean added = prefetcher.add(line, start, end);
      if (parsed && !quoteBeforeKeyEnd) {
        assertTrue(added, text);
        int s = parser.fieldStart(keyIndex);
        int e = parser.fieldEnd(keyIndex);
        assertEquals(StatsTable.hash(parser.fieldBuffer(keyIndex), s, e), prefetcher.hash(0),
            "line [" + text + "] key " + keyIndex + " delimiter " + delimiter);
        noted++;
      } else if (!parsed && parser.split(line, start, end) == null) {
        assertFalse(added, "too few fields: " + text); // the parser found fewer fields than the key's
        skipped++;
      }
    }
    assertTrue(noted > 10_000, "noted " + noted);
    assertTrue(skipped > 1_000, "skipped " + skipped);
  }

  @Test
  void aQuoteBeforeTheKeyEndsSkipsTheLineAndOneAfterItDoesNot() {
    KeyPrefetcher p = new KeyPrefetcher((byte) ',', 1);
    byte[] quotedKey = "a,\"k\",5".getBytes(StandardCharsets.UTF_8);
    byte[] quotedBefore = "\"a,b\",k,5".getBytes(StandardCharsets.UTF_8);
    byte[] quotedAfter = "a, k ,\"5\"".getBytes(StandardCharsets.UTF_8);
    assertFalse(p.add(quotedKey, 0, quotedKey.length));
    assertFalse(p.add(quotedBefore, 0, quotedBefore.length));
    assertTrue(p.add(quotedAfter, 0, quotedAfter.length));
    assertEquals(1, p.pending());
    assertEquals(StatsTable.hash("k".getBytes(StandardCharsets.UTF_8), 0, 1), p.hash(0));
  }

  @Test
  void notesAtMostOneWindowBetweenPrefetches() {
    KeyPrefetcher p = new KeyPrefetcher((byte) ',', 0);
    byte[] line = "k,1".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < KeyPrefetcher.WINDOW; i++) {
      assertTrue(p.add(line, 0, line.length));
    }
    assertFalse(p.add(line, 0, line.length));
    int[] handed = new int[2];
    @SuppressWarnings("unchecked")
    AggregateTable<ExactStats> table = (AggregateTable<ExactStats>) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {AggregateTable.class}, (proxy, method, args) -> {
          if (method.getName().equals("prefetch")) {
            int[] hashes = (int[]) args[0];
            handed[0] = (int) args[1];
            handed[1] = hashes[KeyPrefetcher.WINDOW - 1];
            return null;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    p.prefetch(table);
    assertEquals(KeyPrefetcher.WINDOW, handed[0]);
    assertEquals(StatsTable.hash(line, 0, 1), handed[1]);
    assertEquals(0, p.pending());
    assertTrue(p.add(line, 0, line.length), "a new window after the prefetch");
  }
}
