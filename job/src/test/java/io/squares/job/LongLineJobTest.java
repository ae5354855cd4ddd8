package io.squares.job;

import static io.squares.job.LocalJobs.partLines;
import static io.squares.job.LocalJobs.read;
import static io.squares.job.LocalJobs.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line longer than squares.max-line-bytes (a binary or minified JSON file in the input) is one bad
 * record, LINE_TOO_LONG, and the job stays exact on the other records: {@code stats} end to end on
 * the LocalJobRunner, plain and gzip, against sums computed here with BigDecimal.
 */
class LongLineJobTest {
  private static final int DEFAULT_LIMIT = 8 << 20;
  @TempDir Path tmp;

  /** Good records and the oracle's view of them. */
  private static final class Data {
    final Map<String, List<BigDecimal>> values = new TreeMap<>();
    final StringBuilder text = new StringBuilder();
    long lines;

    void records(SplittableRandom random, int n) {
      for (int i = 0; i < n; i++) {
        String key = "k" + random.nextInt(3);
        BigDecimal v = BigDecimal.valueOf(random.nextLong(-100_000_000_000L, 100_000_000_000L), random.nextInt(0, 4));
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        text.append(key).append(',').append(v.toPlainString()).append(i % 3 == 0 ? "\r\n" : "\n");
        lines++;
      }
    }

    /** key, count, sum, sum of squares, min, max, mean, variance: the first eight output fields. */
    List<String> expected() {
      MathContext rounded = new MathContext(17, RoundingMode.HALF_EVEN);
      List<String> rows = new ArrayList<>();
      for (Map.Entry<String, List<BigDecimal>> e : values.entrySet()) {
        List<BigDecimal> vs = e.getValue();
        BigDecimal n = BigDecimal.valueOf(vs.size());
        BigDecimal sum = vs.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal squares = vs.stream().map(v -> v.multiply(v)).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal mean = sum.divide(n, rounded);
        BigDecimal variance = n.multiply(squares).subtract(sum.multiply(sum))
            .divide(n.multiply(n.subtract(BigDecimal.ONE)), rounded);
        rows.add(String.join("\t", e.getKey(), Integer.toString(vs.size()), plain(sum), plain(squares),
            plain(vs.stream().min(BigDecimal::compareTo).orElseThrow()),
            plain(vs.stream().max(BigDecimal::compareTo).orElseThrow()), plain(mean), plain(variance)));
      }
      return rows;
    }

    private static String plain(BigDecimal x) {
      return x.signum() == 0 ? "0" : x.stripTrailingZeros().toPlainString();
    }
  }

  /** The first eight fields of every output line. */
  private static List<String> firstEightFields(Path out) throws IOException {
    List<String> rows = new ArrayList<>();
    for (String line : partLines(out, "part-r-")) {
      String[] f = line.split("\t");
      assertEquals(9, f.length, line);
      rows.add(String.join("\t", Arrays.copyOf(f, 8)));
    }
    return rows;
  }

  private static Map<String, Long> counters(Path out, String group) throws IOException {
    String summary = read(out.resolve(SquaresTool.SUMMARY));
    int start = summary.indexOf("\"" + group + "\"");
    assertTrue(start >= 0, group + " in " + summary);
    Map<String, Long> values = new TreeMap<>();
    Matcher m = Pattern.compile("\"([A-Z_]+)\": (\\d+)").matcher(summary.substring(start, summary.indexOf('}', start)));
    while (m.find()) {
      values.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return values;
  }

  /** Writes head, then a line of n bytes (a minified JSON array, cut) without terminator, then tail. */
  private static void writeWithLongLine(OutputStream raw, String head, long n, String tail) throws IOException {
    try (OutputStream o = new BufferedOutputStream(raw, 1 << 16)) {
      o.write(head.getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "{\"k\":\"k1\",\"v\":[1,2,3.5,-4e2]},".repeat(2000).getBytes(StandardCharsets.US_ASCII);
      for (long left = n; left > 0; left -= chunk.length) {
        o.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      o.write(tail.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Asserts the job's exact output and that the long line (line number line) was its only bad record. */
  private void assertExactWithOneTooLongLine(LocalJobs.Result r, Path out, Data data, String file, long line)
      throws IOException {
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(data.expected(), firstEightFields(out), file);
    Map<String, Long> reasons = counters(out, "io.squares.core.BadRecordReason");
    reasons.values().removeIf(v -> v == 0);
    assertEquals(Map.of("LINE_TOO_LONG", 1L), reasons, file);
    assertEquals(1L, counters(out, "io.squares.mapreduce.SquaresCounter").get("BAD_RECORDS"));
    List<String> sample = Files.readAllLines(out.resolve("_BAD_RECORDS.tsv"), StandardCharsets.UTF_8);
    assertEquals(2, sample.size(), sample.toString());
    String[] f = sample.get(1).split("\t");
    assertTrue(f[0].endsWith(file), sample.get(1));
    assertEquals(Long.toString(line), f[1], sample.get(1));
    assertEquals("LINE_TOO_LONG", f[3], sample.get(1));
    assertTrue(sample.get(1).length() < 1200, "only a prefix of the line is sampled: " + sample.get(1).length());
  }

  @Test
  void aSixtyFourMegabyteLineWithoutLineBreakIsOneBadRecordPlainAndGzip() throws Exception {
    SplittableRandom random = new SplittableRandom(64);
    Data data = new Data();
    data.records(random, 300);
    String head = data.text.toString();
    long line = data.lines + 1;
    data.text.setLength(0);
    data.records(random, 300);
    String tail = "\n" + data.text;
    long n = 64L << 20;
    Path plain = tmp.resolve("dump.csv");
    writeWithLongLine(Files.newOutputStream(plain), head, n, tail);
    Path gz = tmp.resolve("dump.csv.gz");
    writeWithLongLine(new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16), head, n, tail);
    for (Path in : List.of(plain, gz)) {
      Path out = tmp.resolve("out-" + in.getFileName());
      LocalJobs.Result r = stats("--key-column", "1", "--value-column", "2", in.toString(), out.toString());
      assertExactWithOneTooLongLine(r, out, data, in.getFileName().toString(), line);
    }
  }

  @Test
  void withTheDefaultLimitALineOfExactlyTheLimitIsReadAndOneByteMoreIsTooLong() throws Exception {
    SplittableRandom random = new SplittableRandom(8);
    Data data = new Data();
    data.records(random, 50);
    // Blanks around a field are allowed: a good record of exactly the limit, value 5.
    String atLimit = "k1," + " ".repeat(DEFAULT_LIMIT - 4) + "5";
    String overLimit = "k1," + " ".repeat(DEFAULT_LIMIT - 3) + "7";
    assertEquals(DEFAULT_LIMIT, atLimit.length());
    data.text.append(atLimit).append('\n');
    data.values.get("k1").add(new BigDecimal(5));
    data.lines++;
    long tooLongLine = data.lines + 1;
    data.text.append(overLimit).append("\r\n");
    data.lines++;
    data.records(random, 50);
    Path plain = tmp.resolve("edge.csv");
    Files.writeString(plain, data.text, StandardCharsets.UTF_8);
    Path gz = tmp.resolve("edge.csv.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(plain, o);
    }
    for (Path in : List.of(plain, gz)) {
      Path out = tmp.resolve("out-" + in.getFileName());
      LocalJobs.Result r = stats("--key-column", "1", in.toString(), out.toString());
      assertExactWithOneTooLongLine(r, out, data, in.getFileName().toString(), tooLongLine);
    }

    Path out = tmp.resolve("failed");
    LocalJobs.Result failed = stats("--key-column", "1", "--bad-records", "fail", plain.toString(), out.toString());
    assertEquals(ExitCode.BAD_RECORDS.code(), failed.exitCode(), failed.err());
    assertTrue(failed.err().contains("edge.csv, line " + tooLongLine + " "), failed.err());
    assertTrue(failed.err().contains("LINE_TOO_LONG"), failed.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aTooLongHeaderLineIsStillTheHeaderAndTheLimitIsAnOption() throws Exception {
    Path in = tmp.resolve("h.csv");
    Files.writeString(in, "key,value" + ",x".repeat(3000) + "\nk1,2\nk1,4\n" + "k2," + "9".repeat(2000) + "\n");
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--header", "--max-line-bytes", "1024", "--key-column", "1", "--value-column", "2",
        in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("k1\t2\t6\t20\t2\t4\t3\t2"), firstEightFields(out));
    assertEquals(1L, counters(out, "io.squares.mapreduce.SquaresCounter").get("HEADER_LINES"));
    assertEquals(1L, counters(out, "io.squares.core.BadRecordReason").get("LINE_TOO_LONG"));

    for (String bad : List.of("1023", "0", "-5", "lots", "1073741825")) {
      LocalJobs.Result usage = stats("--max-line-bytes", bad, in.toString(), tmp.resolve("x").toString());
      assertEquals(ExitCode.USAGE.code(), usage.exitCode(), bad + ": " + usage.err());
      assertTrue(usage.err().contains("--max-line-bytes " + bad), usage.err());
    }
  }
}
