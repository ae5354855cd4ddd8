package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static io.squares.job.LocalJobs.partLines;
import static io.squares.job.LocalJobs.read;
import static io.squares.job.LocalJobs.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stats} end to end on the LocalJobRunner over datasets/, against the oracle's expected files. */
class StatsJobTest {
  @TempDir Path tmp;

  private static List<String> expected(String name) throws IOException {
    return Files.readAllLines(DATASETS.resolve(name));
  }

  private void assertPublished(Path out) {
    assertTrue(Files.exists(out.resolve("_SUCCESS")), "_SUCCESS in " + out);
    assertTrue(Files.exists(out.resolve(SquaresTool.SUMMARY)), "_SUMMARY.json in " + out);
    assertFalse(Files.exists(out.resolve("_bad_records")), "task samples consolidated");
  }

  private void assertNothingLeftBehind(Path out) throws IOException {
    assertFalse(Files.exists(out), out + " must not exist");
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".squares-")).toList(),
          "no staging directory left");
    }
  }

  @Test
  void seedNumbersGiveTheExpectedSingleGroup() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats(DATASETS.resolve("seed/numbers.txt").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("seed/numbers.stats.expected"), partLines(out, "part-r-"));
    assertPublished(out);
  }

  @Test
  void salesByNamedColumnsMatchTheOracle() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--header", "--key-column", "region", "--value-column", "amount",
        DATASETS.resolve("sales/sales.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("sales/sales.stats.expected"), partLines(out, "part-r-"));
    String summary = read(out.resolve(SquaresTool.SUMMARY));
    assertTrue(summary.contains("\"command\": \"stats\""), summary);
    assertTrue(summary.contains("\"key-column\": \"region\""), summary);
    assertTrue(summary.contains("GOOD_RECORDS"), summary);
  }

  @Test
  void salesByIndexWithDefaultLastValueColumnMatchTheOracle() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--header", "--key-column", "2",
        DATASETS.resolve("sales/sales.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("sales/sales.stats-by-store.expected"), partLines(out, "part-r-"));
  }

  @Test
  void adversarialValuesNear1e9KeepFullPrecision() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--key-column", "1", DATASETS.resolve("adversarial/near1e9.csv").toString(),
        out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("adversarial/near1e9.stats.expected"), partLines(out, "part-r-"));
  }

  @Test
  void gzipAndSplittableBzip2InputsGiveTheSameResult() throws Exception {
    Path csv = DATASETS.resolve("sales/sales.csv");
    Path gz = tmp.resolve("sales.csv.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(csv, o);
    }
    Path bz = tmp.resolve("sales.csv.bz2");
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(new Configuration());
    try (OutputStream o = codec.createOutputStream(Files.newOutputStream(bz))) {
      Files.copy(csv, o);
    }
    for (Path in : List.of(gz, bz)) {
      Path out = tmp.resolve("out-" + in.getFileName());
      LocalJobs.Result r = stats("--header", "--key-column", "region", "--value-column", "amount",
          in.toString(), out.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertEquals(expected("sales/sales.stats.expected"), partLines(out, "part-r-"), in.toString());
    }
  }

  @Test
  void badRecordsAreSkippedCountedAndSampled() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--key-column", "1", "--value-column", "2", DATASETS.resolve("bad/mixed.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("bad/mixed.stats.expected"), partLines(out, "part-r-"));
    assertPublished(out);
    // Per-reason counters in the summary equal the oracle's counts.
    String summary = read(out.resolve(SquaresTool.SUMMARY));
    // Hadoop's "Map input records" counts the file's lines (CR, LF or CRLF), as TextInputFormat's would.
    long lines;
    try (java.io.BufferedReader br = Files.newBufferedReader(DATASETS.resolve("bad/mixed.csv"),
        java.nio.charset.StandardCharsets.ISO_8859_1)) {
      lines = br.lines().count();
    }
    Matcher input = Pattern.compile("\"MAP_INPUT_RECORDS\": (\\d+)").matcher(summary);
    assertTrue(input.find(), summary);
    assertEquals(lines, Long.parseLong(input.group(1)), "Map input records");
    Map<String, Long> counted = new TreeMap<>();
    Matcher m = Pattern.compile("\"([A-Z_]+)\": (\\d+)").matcher(
        summary.substring(summary.indexOf("io.squares.core.BadRecordReason")));
    while (m.find()) {
      counted.put(m.group(1), Long.parseLong(m.group(2)));
    }
    Map<String, Long> oracle = new TreeMap<>();
    for (String line : expected("bad/mixed.badcounts.expected")) {
      String[] f = line.split("\t");
      oracle.put(f[0], Long.parseLong(f[1]));
    }
    counted.values().removeIf(v -> v == 0);
    Map<String, Long> reasonsOnly = new TreeMap<>(counted);
    reasonsOnly.keySet().retainAll(oracle.keySet());
    assertEquals(oracle, reasonsOnly);
    long total = oracle.values().stream().mapToLong(Long::longValue).sum();
    List<String> sample = Files.readAllLines(out.resolve("_BAD_RECORDS.tsv"));
    assertEquals("file\tline\tbyte_offset\treason\trecord_bytes\trecord", sample.get(0));
    assertEquals(total, sample.size() - 1);
    for (String s : sample.subList(1, sample.size())) {
      String[] f = s.split("\t", -1);
      assertEquals(6, f.length, s);
      assertTrue(f[4].matches("\\d+"), "record_bytes: " + s);
      assertTrue(f[0].endsWith("mixed.csv"), s);
      assertTrue(f[1].matches("\\d+"), "line number known in a one-split file: " + s);
      assertTrue(oracle.containsKey(f[3]), s);
    }
  }

  @Test
  void failModeFailsAtTheFirstBadRecordNamingFileAndLine() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--key-column", "1", "--value-column", "2", "--bad-records", "fail",
        DATASETS.resolve("bad/mixed.csv").toString(), out.toString());
    assertEquals(ExitCode.BAD_RECORDS.code(), r.exitCode(), r.err());
    assertTrue(r.err().contains("mixed.csv, line "), r.err());
    assertNothingLeftBehind(out);
  }

  @Test
  void tooManyBadRecordsFailsTheJob() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--key-column", "1", "--value-column", "2", "--max-bad-fraction", "0.01",
        DATASETS.resolve("bad/mixed.csv").toString(), out.toString());
    assertEquals(ExitCode.BAD_RECORDS.code(), r.exitCode(), r.err());
    assertTrue(r.err().contains("more than --max-bad-fraction"), r.err());
    assertNothingLeftBehind(out);
  }

  @Test
  void existingOutputIsRefusedUnlessOverwrite() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("part-r-00000"), "old\n");
    Files.writeString(out.resolve("stale-file"), "old\n");
    // An earlier Squares output (what --overwrite may replace: see OverwriteSafetyTest).
    Files.writeString(out.resolve("_SUMMARY.json"), "{\"command\": \"stats\"}\n");
    String in = DATASETS.resolve("seed/numbers.txt").toString();
    LocalJobs.Result refused = stats(in, out.toString());
    assertEquals(ExitCode.OUTPUT_EXISTS.code(), refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("--overwrite"), refused.err());
    assertEquals("old\n", read(out.resolve("part-r-00000")));

    LocalJobs.Result replaced = stats("--overwrite", in, out.toString());
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertEquals(expected("seed/numbers.stats.expected"), partLines(out, "part-r-"));
    assertFalse(Files.exists(out.resolve("stale-file")), "no mix of old and new");
    assertPublished(out);
  }

  @Test
  void usageErrorsHaveTheirOwnExitCodes() throws Exception {
    String in = DATASETS.resolve("seed/numbers.txt").toString();
    String out = tmp.resolve("out").toString();
    assertEquals(ExitCode.INPUT_NOT_FOUND.code(), stats(tmp.resolve("missing.csv").toString(), out).exitCode());
    assertEquals(ExitCode.INPUT_NOT_FOUND.code(), stats(tmp.resolve("nothing-*.csv").toString(), out).exitCode());
    assertEquals(ExitCode.USAGE.code(), stats("--no-such-option", in, out).exitCode());
    assertEquals(ExitCode.USAGE.code(), stats("--delimiter", "ab", in, out).exitCode());
    assertEquals(ExitCode.USAGE.code(), stats("--delimiter", "\"", in, out).exitCode());
    assertEquals(ExitCode.USAGE.code(), stats("--key-column", "0", in, out).exitCode());
    assertEquals(ExitCode.USAGE.code(), stats("--key-column", "name", in, out).exitCode(), "names need --header");
    assertEquals(ExitCode.USAGE.code(), stats("--reducers", "0", in, out).exitCode());
    assertEquals(ExitCode.USAGE.code(), stats("--bad-records", "maybe", in, out).exitCode());
    assertEquals(ExitCode.USAGE.code(), stats("--max-bad-fraction", "2", in, out).exitCode());
    assertEquals(ExitCode.USAGE.code(), stats(in).exitCode());
    LocalJobs.Result unknown = stats("--header", "--value-column", "nope",
        DATASETS.resolve("sales/sales.csv").toString(), out);
    assertEquals(ExitCode.USAGE.code(), unknown.exitCode());
    assertTrue(unknown.err().contains("unknown column 'nope'") && unknown.err().contains("sales.csv"), unknown.err());
    assertFalse(Files.exists(Path.of(out)));
    assertEquals(0, stats("--help").exitCode());
  }

  @Test
  void directoriesAndGlobsAreExpandedSkippingHiddenFiles() throws Exception {
    Path dir = tmp.resolve("in");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.csv"), "1\n2\n");
    Files.writeString(dir.resolve("b.csv"), "3\n");
    Files.writeString(dir.resolve("_ignored"), "1000\n");
    Files.writeString(dir.resolve(".hidden"), "1000\n");
    Path other = tmp.resolve("c-1.csv");
    Files.writeString(other, "4\n");
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats(dir.toString(), tmp.resolve("c-*.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("seed/numbers.stats.expected"), partLines(out, "part-r-"));
    List<String> inputs = new ArrayList<>();
    for (String line : read(out.resolve(SquaresTool.SUMMARY)).split("\n")) {
      if (line.contains("file:") && line.contains(".csv")) {
        inputs.add(line.trim());
      }
    }
    assertEquals(3, inputs.size(), inputs.toString());
  }

  @Test
  void aPartitionedDirectoryIsRefusedUnlessRecursiveAndThenReadWhole() throws Exception {
    // sales.csv split over dt= partitions: the recursive job's result is the whole file's
    List<String> lines = Files.readAllLines(DATASETS.resolve("sales/sales.csv"));
    Path table = tmp.resolve("table");
    for (int i = 1; i < lines.size(); i++) {
      Path part = Files.createDirectories(table.resolve("dt=" + (i % 3))).resolve("part-" + (i % 2) + ".csv");
      Files.writeString(part, lines.get(i) + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    Path out = tmp.resolve("out");
    LocalJobs.Result refused = stats("--key-column", "1", "--value-column", "3", table.toString(), out.toString());
    assertEquals(ExitCode.USAGE.code(), refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("an input directory holds 3 subdirectories, whose files would not be read")
        && refused.err().contains("pass --recursive"), refused.err());
    assertFalse(Files.exists(out));
    LocalJobs.Result r = stats("--recursive", "--key-column", "1", "--value-column", "3", table.toString(),
        out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected("sales/sales.stats.expected"), partLines(out, "part-r-"));
  }

  @Test
  void inputWhoseRecordsAreAllBadFailsUnlessSkippingWasChosen() throws Exception {
    // A European export read with the default delimiter: every record is one field, not a number.
    Path in = tmp.resolve("eu.csv");
    Files.writeString(in, "North;3.50\nSouth;4\n\n");
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--key-column", "1", in.toString(), out.toString());
    assertEquals(ExitCode.BAD_RECORDS.code(), r.exitCode(), r.err());
    assertTrue(r.err().contains("all 2 records are bad, so the result would be empty; first: ")
        && r.err().contains("eu.csv") && r.err().contains("line 1") && r.err().contains("wrong --delimiter"), r.err());
    assertNothingLeftBehind(out);
    for (String[] chosen : new String[][] {{"--bad-records", "skip"}, {"--max-bad-fraction", "1"}}) {
      Path o = tmp.resolve("out-" + chosen[0].substring(2));
      r = stats(chosen[0], chosen[1], "--key-column", "1", in.toString(), o.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertEquals(List.of(), partLines(o, "part-r-"));
    }
    r = stats("--delimiter", ";", "--key-column", "1", in.toString(), tmp.resolve("right").toString());
    assertEquals(0, r.exitCode(), "one good record is enough: " + r.err());
    Path blank = tmp.resolve("blank.csv");
    Files.writeString(blank, "\n  \n");
    r = stats(blank.toString(), tmp.resolve("none").toString());
    assertEquals(0, r.exitCode(), "no records at all is an empty result, not a failure: " + r.err());
  }

  @Test
  void aSemicolonSeparatedFileReadWithTheDefaultCommaIsWarnedAbout() throws Exception {
    // Decimal commas split: "North;3,50" reads as key "North;3" and value 50, good records of made-up
    // groups that no record-level check can tell from a key holding a ';'.
    Path eu = tmp.resolve("eu.csv");
    Files.writeString(eu, "North;3,50\nSouth;4,25\n");
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--key-column", "1", eu.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String warning = "warning: the first line of file:" + eu + " holds 1 ';' and 1 ',': if the file is"
        + " ';'-separated (as European exports are, with decimal commas that ',' splits), pass --delimiter ';'";
    assertTrue(r.err().contains("squares stats: " + warning), r.err());
    String summary = read(out.resolve(SquaresTool.SUMMARY));
    assertTrue(summary.contains("\"warnings\": [") && summary.contains("\"" + warning.substring(9) + "\""), summary);
    // The delimiter given, or a comma file whose text holds a ';': no warning.
    r = stats("--delimiter", ";", "--bad-records", "skip", "--key-column", "1", eu.toString(),
        tmp.resolve("given").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertFalse(r.err().contains("warning"), r.err());
    Path us = tmp.resolve("us.csv");
    Files.writeString(us, "\"Smith; John\",store 1,5\n");
    r = stats("--key-column", "1", us.toString(), tmp.resolve("us").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertFalse(r.err().contains("warning"), r.err());
    assertFalse(read(tmp.resolve("us").resolve(SquaresTool.SUMMARY)).contains("warnings"));
    // With named columns the header already read for them is the line judged.
    Path named = tmp.resolve("named.csv");
    Files.writeString(named, "region;store,amount\nNorth;s1,3\n");
    r = stats("--header", "--key-column", "region;store", "--value-column", "amount", named.toString(),
        tmp.resolve("named").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("warning: the first line of file:" + named + " holds 1 ';' and 1 ','"), r.err());
  }
}
