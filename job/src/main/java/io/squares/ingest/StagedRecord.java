package io.squares.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Properties;

/**
 * What is known about one staged split: where it came from, its size and sha256 as computed while
 * it was written, how many attempts it took and when. Kept per split in the staging directory (as
 * Java properties) so that a later run can skip it, and listed in {@code _MANIFEST.json}.
 *
 * @param source the concrete source URI
 * @param name the staged file name
 * @param size bytes staged
 * @param sha256 lower-case hex sha256 of the staged bytes
 * @param attempts attempts it took (1 when it succeeded at once)
 * @param fetchedAt when it was committed
 * @param elapsedMillis time from the first attempt's start to the commit, backoff included
 */
public record StagedRecord(String source, String name, long size, String sha256, int attempts,
    Instant fetchedAt, long elapsedMillis) {

  /** @return the record as properties text */
  public String toText() {
    Properties p = new Properties();
    p.setProperty("source", source);
    p.setProperty("name", name);
    p.setProperty("size", Long.toString(size));
    p.setProperty("sha256", sha256);
    p.setProperty("attempts", Integer.toString(attempts));
    p.setProperty("fetched", fetchedAt.toString());
    p.setProperty("elapsed_ms", Long.toString(elapsedMillis));
    StringWriter w = new StringWriter();
    try {
      p.store(w, "squares ingest: verified split");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  /**
   * @param text properties text written by {@link #toText()}
   * @return the record, or null when the text is incomplete or malformed (it is then ignored and
   *     the split fetched again)
   */
  public static StagedRecord parse(String text) {
    Properties p = new Properties();
    try (Reader r = new StringReader(text)) {
      p.load(r);
      String source = p.getProperty("source");
      String name = p.getProperty("name");
      String sha = p.getProperty("sha256");
      if (source == null || name == null || sha == null || sha.length() != 64) {
        return null;
      }
      return new StagedRecord(source, name, Long.parseLong(p.getProperty("size")), sha,
          Integer.parseInt(p.getProperty("attempts")), Instant.parse(p.getProperty("fetched")),
          Long.parseLong(p.getProperty("elapsed_ms", "0")));
    } catch (IOException | IllegalArgumentException | NullPointerException | DateTimeException e) {
      return null;
    }
  }
}
