package io.squares.job;

import io.squares.mapreduce.BadRecordLine;
import io.squares.mapreduce.BadRecordSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Gathers the bad-record samples that map tasks left under {@code _bad_records/} into one sorted,
 * bounded {@code _BAD_RECORDS.tsv} (file, line, byte offset, reason, record length, first bytes of
 * the record: {@link BadRecordLine}).
 */
final class BadRecordReport {
  /** The consolidated sample's name in the output directory. */
  static final String FILE = "_BAD_RECORDS.tsv";

  private BadRecordReport() {}

  /**
   * @param fs the output filesystem
   * @param dir the (staging) output directory
   * @param limit how many samples to keep
   * @return the kept samples, first by file then by byte offset; the task files are removed and, if
   *     any sample exists, {@value #FILE} is written
   * @throws IOException on a filesystem error
   */
  static List<BadRecordLine> consolidate(FileSystem fs, Path dir, int limit) throws IOException {
    Path samples = new Path(dir, BadRecordSink.SAMPLE_DIR);
    List<BadRecordLine> all = new ArrayList<>();
    if (!fs.exists(samples)) {
      return all;
    }
    for (FileStatus f : fs.listStatus(samples)) {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          BadRecordLine b = BadRecordLine.parse(line);
          if (b != null) {
            all.add(b);
          }
        }
      }
    }
    all.sort(Comparator.comparing(BadRecordLine::file).thenComparingLong(BadRecordLine::offset));
    List<BadRecordLine> kept = new ArrayList<>(all.subList(0, Math.min(limit, all.size())));
    if (!kept.isEmpty()) {
      try (Writer w = new OutputStreamWriter(fs.create(new Path(dir, FILE), true), StandardCharsets.UTF_8)) {
        w.write(BadRecordLine.HEADER);
        for (BadRecordLine b : kept) {
          w.write(b.toLine());
        }
      }
    }
    fs.delete(samples, true);
    return kept;
  }
}
