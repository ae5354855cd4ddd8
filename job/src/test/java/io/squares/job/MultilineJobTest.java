package io.squares.job;

import static io.squares.job.LocalJobs.partLines;
import static io.squares.job.LocalJobs.read;
import static io.squares.job.LocalJobs.square;
import static io.squares.job.LocalJobs.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --multiline} end to end on the LocalJobRunner: RFC 4180 records whose quoted fields hold
 * line breaks, against commons-csv's RFC 4180 parser as the independent oracle, and the default
 * mode's refusal to turn fragments of such records into groups.
 */
class MultilineJobTest {
  private static final MathContext MC17 = new MathContext(17, RoundingMode.HALF_EVEN);
  /** One output line: key (no raw tab), then eight tab-separated numbers. */
  private static final Pattern STATS_LINE = Pattern.compile(
      "\\G(.*?)\\t(\\d+)\\t(\\S+)\\t(\\S+)\\t(\\S+)\\t(\\S+)\\t(\\S+)\\t(\\S+)\\t(\\S+)\\n", Pattern.DOTALL);

  @TempDir Path tmp;

  /** Aggregates of one key, as the oracle computes them. */
  private static final class Agg {
    final List<BigDecimal> values = new ArrayList<>();
  }

  /** The stats output, keys decoded (a key is escaped as in PostgreSQL's text format, or raw). */
  private static Map<String, String[]> statsOutput(Path out) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-r-")).sorted().toList()) {
        text.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    Map<String, String[]> rows = new TreeMap<>();
    Matcher m = STATS_LINE.matcher(text);
    int end = 0;
    while (m.find()) {
      String[] numbers = new String[8];
      for (int i = 0; i < 8; i++) {
        numbers[i] = m.group(i + 2);
      }
      assertEquals(null, rows.put(unescape(m.group(1)), numbers), "duplicate key " + m.group(1));
      end = m.end();
    }
    assertEquals(text.length(), end, () -> "unparsed output: " + text);
    return rows;
  }

  /** Decodes backslash escapes {@code \\ \t \n \r}; a raw key (no backslash) stays as it is. */
  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(switch (n) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> n;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String visible(String s) {
    return s.replace("\r", "<CR>").replace("\n", "<LF>");
  }

  /** Bad-record samples as "line offset reason" (the columns before the record's bytes). */
  private static List<String> badRecords(Path out) throws IOException {
    List<String> lines = Files.readAllLines(out.resolve(BadRecordReport.FILE), StandardCharsets.UTF_8);
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      rows.add(f[1] + " " + f[2] + " " + f[3]);
    }
    return rows;
  }

  @Test
  void aQuotedKeyHoldingALineBreakIsNeverAGroupInDefaultModeAndOneRecordWithMultiline()
      throws Exception {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "\"x\ny\",5\n");
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--key-column", "1", in.toString(), out.toString());
    assertEquals(ExitCode.BAD_RECORDS.code(), r.exitCode(), "all records bad, nothing chosen: " + r.err());
    assertTrue(r.err().contains("all 2 records are bad, so the result would be empty; first: "), r.err());
    assertFalse(Files.exists(out));
    r = stats("--bad-records", "skip", "--key-column", "1", in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("2 records read, 0 good, 2 bad"), r.err());
    assertEquals(List.of(), partLines(out, "part-r-"), "no group y\"");
    assertEquals(List.of("1 0 UNTERMINATED_QUOTE", "2 3 MALFORMED_QUOTE"), badRecords(out));

    Path multi = tmp.resolve("multi");
    r = stats("--multiline", "--key-column", "1", in.toString(), multi.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("1 records read, 1 good, 0 bad"), r.err());
    Map<String, String[]> rows = statsOutput(multi);
    assertEquals(List.of("x\ny"), List.copyOf(rows.keySet()));
    assertEquals("1", rows.get("x\ny")[0]);
    assertEquals("5", rows.get("x\ny")[1]);
    assertTrue(read(multi.resolve(SquaresTool.SUMMARY)).contains("\"multiline\": \"true\""));

    Path sq = tmp.resolve("sq");
    r = square("--multiline", in.toString(), sq.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("25"), partLines(sq, "part-m-"));
  }

  @Test
  void badMultiLineRecordsAreReportedAtTheirFirstLine() throws Exception {
    String text = "k,1\n"               // line 1, offset 0
        + "\"a\nb\",oops\n"             // line 2, offset 4: NOT_A_NUMBER, 2 lines
        + "\"c\r\nd\re\",2\r\n"         // line 4, offset 15: good, 3 lines
        + "bad,x\n"                     // line 7, offset 27: NOT_A_NUMBER
        + "\n"                          // line 8, offset 33: blank
        + "\"p\"q,\"r\ns\",3\n"         // line 9, offset 34: MALFORMED_QUOTE, 2 lines
        + "\"open\nz,3\n";              // line 11, offset 47: UNTERMINATED_QUOTE, the rest
    // The rest of a file after a quote never closed is UNTERMINATED_QUOTE, even when a field
    // before the open quote is already malformed.
    String malformedThenOpen = "k,1\n\"a\"b,\"open\n2\n";
    for (String name : new String[] {"in.csv", "in.csv.gz"}) {
      Path in = tmp.resolve(name);
      Files.write(in, name.endsWith(".gz") ? gzip(text.getBytes(StandardCharsets.UTF_8))
          : text.getBytes(StandardCharsets.UTF_8));
      Path out = tmp.resolve("out-" + name);
      LocalJobs.Result r = stats("--multiline", "--key-column", "1", in.toString(), out.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().contains("6 records read, 2 good, 4 bad"), r.err());
      assertEquals(List.of("2 4 NOT_A_NUMBER", "7 27 NOT_A_NUMBER", "9 34 MALFORMED_QUOTE",
          "11 47 UNTERMINATED_QUOTE"), badRecords(out));
      Map<String, String[]> rows = statsOutput(out);
      assertEquals(List.of("c\r\nd\re", "k"), List.copyOf(rows.keySet()));

      Path other = tmp.resolve("other-" + name);
      Files.write(other, name.endsWith(".gz") ? gzip(malformedThenOpen.getBytes(StandardCharsets.UTF_8))
          : malformedThenOpen.getBytes(StandardCharsets.UTF_8));
      Path out2 = tmp.resolve("out2-" + name);
      r = stats("--multiline", "--key-column", "1", other.toString(), out2.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertEquals(List.of("2 4 UNTERMINATED_QUOTE"), badRecords(out2));

      Path failed = tmp.resolve("failed-" + name);
      r = stats("--multiline", "--bad-records", "fail", "--key-column", "1", in.toString(),
          failed.toString());
      assertEquals(5, r.exitCode(), r.err());
      assertTrue(r.err().contains("line 2 (byte offset 4)"), r.err());
      assertFalse(Files.exists(failed));
    }
  }

  @Test
  void aRecordLongerThanTheLimitIsOneBadRecord() throws Exception {
    String text = "a,1\n\"" + "x\n".repeat(1000) + "\",2\nb,3\n";
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, text);
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("-D", "squares.max-line-bytes=1024", "--multiline", "--key-column", "1",
        in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("3 records read, 2 good, 1 bad"), r.err());
    assertEquals(List.of("2 4 LINE_TOO_LONG"), badRecords(out));
    assertEquals(List.of("a", "b"), List.copyOf(statsOutput(out).keySet()));
  }

  @Test
  void namedColumnsComeFromAHeaderRecordThatSpansLines() throws Exception {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "\uFEFF\"region\nname\",amount\r\n\"North\r\nEast\",2.5\r\nSouth,-1\r\n\"North\r\nEast\",0.5");
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--multiline", "--header", "--key-column", "region\nname",
        "--value-column", "amount", in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    Map<String, String[]> rows = statsOutput(out);
    assertEquals(List.of("North\r\nEast", "South"), List.copyOf(rows.keySet()));
    assertEquals("2", rows.get("North\r\nEast")[0]);
    assertEquals("3", rows.get("North\r\nEast")[1]);
  }

  /**
   * Generated files (fixed seeds; plain, gzip, with a BOM, LF / CR LF / CR record ends, empty lines)
   * with quoted keys holding line breaks, doubled quotes and delimiters, through {@code stats} and
   * {@code square} with {@code --multiline}, against aggregates computed with BigDecimal from
   * commons-csv's RFC 4180 records.
   */
  @Test
  void generatedFilesMatchCommonsCsv() throws Exception {
    Map<String, Agg> expected = new TreeMap<>();
    List<BigDecimal> squares = new ArrayList<>();
    long[] counts = new long[3]; // read, good, bad
    List<String> inputs = new ArrayList<>();
    for (int file = 0; file < 4; file++) {
      SplittableRandom random = new SplittableRandom(9000 + file);
      String text = generate(random, file);
      boolean gz = file == 2;
      Path in = tmp.resolve("in" + file + (gz ? ".csv.gz" : ".csv"));
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      Files.write(in, gz ? gzip(bytes) : bytes);
      inputs.add(in.toString());
      oracle(text, expected, squares, counts);
    }
    Path out = tmp.resolve("out");
    List<String> args = new ArrayList<>(List.of("--multiline", "--header", "--key-column", "key",
        "--value-column", "amount", "--reducers", "2"));
    args.addAll(inputs);
    args.add(out.toString());
    LocalJobs.Result r = stats(args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains(counts[0] + " records read, " + counts[1] + " good, " + counts[2] + " bad"),
        r.err() + " expected " + java.util.Arrays.toString(counts));
    Map<String, String[]> rows = statsOutput(out);
    assertEquals(expected.keySet(), rows.keySet());
    for (Map.Entry<String, Agg> e : expected.entrySet()) {
      assertStats(e.getKey(), e.getValue().values, rows.get(e.getKey()));
    }
    assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("\n")), "keys with line breaks");

    Path sq = tmp.resolve("sq");
    List<String> sqArgs = new ArrayList<>(List.of("--multiline", "--header", "--value-column", "amount"));
    sqArgs.addAll(inputs);
    sqArgs.add(sq.toString());
    r = square(sqArgs.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.err());
    List<String> got = partLines(sq, "part-m-");
    assertEquals(squares.size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      assertEquals(0, squares.get(i).compareTo(new BigDecimal(got.get(i))), "square " + i + ": " + got.get(i));
    }
  }

  private static final String[] BREAKS = {"\n", "\r\n", "\r"};

  /** One file: header, then records; keys drawn from a small pool so groups have many records. */
  private static String generate(SplittableRandom random, int file) {
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      keys.add(key(random));
    }
    StringBuilder sb = new StringBuilder();
    if (file == 0) {
      sb.append('\uFEFF');
    }
    String end = BREAKS[file % 3];
    sb.append("key,\"amount\"").append(end);
    for (int r = 0; r < 300; r++) {
      if (random.nextInt(20) == 0) {
        sb.append(BREAKS[random.nextInt(3)]); // an empty line
      }
      String value = switch (random.nextInt(40)) {
        case 0 -> "abc";
        case 1 -> "";
        default -> random.nextInt(5) == 0 ? "\"" + number(random) + "\"" : number(random);
      };
      sb.append(keys.get(random.nextInt(keys.size()))).append(',').append(value);
      if (r < 299 || random.nextBoolean()) {
        sb.append(random.nextInt(4) == 0 ? BREAKS[random.nextInt(3)] : end);
      }
    }
    return sb.toString();
  }

  private static String key(SplittableRandom random) {
    String plain = "abcXYZ019é";
    StringBuilder v = new StringBuilder();
    boolean quoted = random.nextInt(4) != 0;
    for (int n = random.nextInt(1, 7); n > 0; n--) {
      if (quoted && random.nextInt(3) == 0) {
        switch (random.nextInt(5)) {
          case 0 -> v.append(BREAKS[random.nextInt(3)]);
          case 1 -> v.append("\"\"");
          case 2 -> v.append(',');
          case 3 -> v.append(' ');
          default -> v.append("\r\n");
        }
      } else {
        v.append(plain.charAt(random.nextInt(plain.length())));
      }
    }
    return quoted ? "\"" + v + "\"" : v.toString();
  }

  private static String number(SplittableRandom random) {
    String digits = Long.toString(random.nextLong(-1_000_000_000L, 1_000_000_000L));
    return switch (random.nextInt(3)) {
      case 0 -> digits;
      case 1 -> digits + "." + random.nextInt(0, 1000);
      default -> digits + "e" + random.nextInt(-3, 4);
    };
  }

  /** What commons-csv reads from one file, aggregated with BigDecimal. */
  private static void oracle(String text, Map<String, Agg> stats, List<BigDecimal> squares, long[] counts)
      throws IOException {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try (CSVParser csv = CSVParser.parse(new StringReader(body), CSVFormat.RFC4180)) {
      boolean header = true;
      for (CSVRecord rec : csv) {
        if (header) {
          header = false;
          continue;
        }
        if (rec.size() == 1 && rec.get(0).isEmpty()) {
          continue; // an empty line: skipped silently
        }
        counts[0]++;
        BigDecimal value;
        try {
          value = new BigDecimal(rec.get(1));
        } catch (NumberFormatException e) {
          counts[2]++;
          continue;
        }
        counts[1]++;
        stats.computeIfAbsent(rec.get(0), k -> new Agg()).values.add(value);
        squares.add(value.multiply(value));
      }
    }
  }

  private static void assertStats(String key, List<BigDecimal> values, String[] row) {
    String what = "key " + visible(key);
    BigDecimal n = BigDecimal.valueOf(values.size());
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal sumSq = BigDecimal.ZERO;
    BigDecimal min = values.get(0);
    BigDecimal max = values.get(0);
    for (BigDecimal v : values) {
      sum = sum.add(v);
      sumSq = sumSq.add(v.multiply(v));
      min = min.min(v);
      max = max.max(v);
    }
    assertEquals(Integer.toString(values.size()), row[0], what);
    assertEquals(0, sum.compareTo(new BigDecimal(row[1])), what + " sum " + row[1]);
    assertEquals(0, sumSq.compareTo(new BigDecimal(row[2])), what + " sum of squares");
    assertEquals(0, min.compareTo(new BigDecimal(row[3])), what + " min");
    assertEquals(0, max.compareTo(new BigDecimal(row[4])), what + " max");
    assertEquals(0, sum.divide(n, MC17).compareTo(new BigDecimal(row[5])), what + " mean " + row[5]);
    if (values.size() < 2) {
      assertEquals("\\N", row[6], what);
      assertEquals("\\N", row[7], what);
      return;
    }
    // variance = (n·Σx² − (Σx)²) / (n·(n−1)), exact, then rounded once.
    BigDecimal num = n.multiply(sumSq).subtract(sum.multiply(sum));
    BigDecimal den = n.multiply(n.subtract(BigDecimal.ONE));
    assertEquals(0, num.divide(den, MC17).compareTo(new BigDecimal(row[6])), what + " variance");
    // stddev r is correctly rounded to 17 digits iff (r − ulp/2)² ≤ num/den ≤ (r + ulp/2)².
    BigDecimal r = new BigDecimal(row[7]);
    if (num.signum() == 0) {
      assertEquals(0, r.signum(), what);
      return;
    }
    int exponent = r.precision() - r.scale() - 1;
    BigDecimal half = BigDecimal.ONE.scaleByPowerOfTen(exponent - 16).divide(BigDecimal.valueOf(2));
    BigDecimal lo = r.subtract(half);
    BigDecimal hi = r.add(half);
    assertTrue(lo.multiply(lo).multiply(den).compareTo(num) <= 0, what + " stddev " + r);
    assertTrue(hi.multiply(hi).multiply(den).compareTo(num) >= 0, what + " stddev " + r);
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }
}
