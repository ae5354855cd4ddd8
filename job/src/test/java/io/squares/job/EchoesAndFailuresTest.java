package io.squares.job;

import static io.squares.job.LocalJobs.localConf;
import static io.squares.job.LocalJobs.partLines;
import static io.squares.job.LocalJobs.square;
import static io.squares.job.LocalJobs.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.squares.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, sections 4-6 end to end on the LocalJobRunner: escaped keys and kept records, bounded
 * echoes of input in messages, the failed task's cause in a failed job's message, control characters
 * in path arguments, and {@code _SUMMARY.json} written by Jackson in the layout scripts read.
 */
class EchoesAndFailuresTest {
  @TempDir Path tmp;

  /** Decodes PostgreSQL text-COPY escapes, written here independently of the code under test. */
  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        char e = s.charAt(++i);
        sb.append(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void assertNothingPublished(Path out) throws Exception {
    assertFalse(Files.exists(out), out + " must not exist");
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".squares-")).toList());
    }
  }

  @Test
  void keysWithTabsAndBackslashesAreEscapedAndTheSummaryKeepsHostileOptionValues() throws Exception {
    Path in = tmp.resolve("in.csv");
    String column = "k\ud83d\ude00\"\\ \u00e9";
    Files.writeString(in, "\"k\ud83d\ude00\"\"\\ \u00e9\",v\n\"a\tb\",1\n\"c\\d\",2\n\"a\tb\",3\nplain,4\n\"\\N\",5\n",
        StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--header", "--key-column", column, "--value-column", "v", in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());

    byte[] part = Files.readAllBytes(out.resolve("part-r-00000"));
    String text = new String(part, StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n"));
    TreeMap<String, String> countByKey = new TreeMap<>();
    for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
      String[] f = line.split("\t", -1);
      assertEquals(9, f.length, "nine tab-separated fields: " + line);
      countByKey.put(unescape(f[0]), f[1]);
    }
    TreeMap<String, String> expected = new TreeMap<>();
    expected.put("a\tb", "2");
    expected.put("c\\d", "1");
    expected.put("plain", "1");
    expected.put("\\N", "1");
    assertEquals(expected, countByKey);
    assertTrue(text.contains("a\\tb\t2\t4\t"), text);
    assertTrue(text.contains("\\\\N\t1\t5\t"), "a key that is literally \\N is written \\\\N: " + text);

    // _SUMMARY.json: Jackson reads back what was given; the layout is the one bin/nightly greps.
    String summary = Files.readString(out.resolve(SquaresTool.SUMMARY), StandardCharsets.UTF_8);
    JsonNode json = new ObjectMapper().readTree(summary);
    assertEquals(column, json.get("options").get("key-column").asText());
    assertEquals("stats", json.get("command").asText());
    assertEquals(5, json.get("counters").get("io.squares.mapreduce.SquaresCounter").get("RECORDS_READ").asLong());
    assertTrue(summary.startsWith("{\n  \"command\": \"stats\",\n"), summary);
    assertTrue(Pattern.compile("\n      \"RECORDS_READ\": 5,?\n").matcher(summary).find(), summary);
    assertTrue(Pattern.compile("\n    \"job_ms\": [0-9]+\n").matcher(summary).find(), summary);
    assertTrue(summary.contains("\n  \"inputs\": [\n    \"file:"), summary);
    assertTrue(summary.contains("\n  \"bad_records_sample\": null,\n"), summary);
    assertTrue(summary.endsWith("\n}\n"), summary);
  }

  @Test
  void keptRecordsAreEscapedAsKeysAre() throws Exception {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "a\\b,2\n\"x\ty\",3\nplain,4\n", StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    LocalJobs.Result r = square("--value-column", "2", "--keep-record", in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("a\\\\b,2,4", "\"x\\ty\",3,9", "plain,4,16"), partLines(out, "part-m-"));
  }

  @Test
  void aTruncatedGzipFileFailsTheJobWithTheTasksCauseAndItsFile() throws Exception {
    Random random = new Random(4);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 40_000; i++) {
        o.write(("k" + random.nextInt(1000) + "," + random.nextLong() + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
    byte[] whole = gz.toByteArray();
    Path in = tmp.resolve("cut.csv.gz");
    Files.write(in, Arrays.copyOf(whole, whole.length / 2));
    byte[] before = Files.readAllBytes(in);
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--key-column", "1", in.toString(), out.toString());
    assertEquals(ExitCode.JOB_FAILED.code(), r.exitCode(), r.err());
    String message = r.err().strip();
    assertFalse(message.contains("failed: NA"), message);
    assertTrue(message.contains(" failed: task attempt_"), message);
    assertTrue(message.contains("reading " + in.toUri().toString().replace("file:///", "file:/")), message);
    // The task's exception: the codec's EOFException, or the reader's wrapper naming the file.
    assertTrue(message.contains("EOFException") || message.contains("truncated or corrupt"), message);
    assertEquals(1, message.lines().count(), "one line: " + message);
    assertNothingPublished(out);
    assertTrue(Arrays.equals(before, Files.readAllBytes(in)), "the input is unchanged");
  }

  @Test
  void controlCharactersInPathArgumentsAreRefusedBeforeAnythingRuns() throws Exception {
    Path good = tmp.resolve("good.csv");
    Files.writeString(good, "1\n");
    Path odd = tmp.resolve("in\u0001.csv");
    Files.writeString(odd, "1\n");
    Path out = tmp.resolve("out");

    LocalJobs.Result input = stats(odd.toString(), out.toString());
    assertEquals(ExitCode.USAGE.code(), input.exitCode(), input.err());
    assertTrue(input.err().contains("the input path '" + tmp + "/in\\x01.csv' contains a control character"),
        input.err());
    assertFalse(input.err().contains("\u0001"), "escaped: " + input.err());

    Path badOut = tmp.resolve("out\nx");
    LocalJobs.Result output = square(good.toString(), badOut.toString());
    assertEquals(ExitCode.USAGE.code(), output.exitCode(), output.err());
    assertTrue(output.err().contains("the output path '" + tmp + "/out\\nx' contains a control character"),
        output.err());
    assertFalse(Files.exists(badOut));

    Path manifest = tmp.resolve("m.txt");
    Files.writeString(manifest, good + "\n");
    LocalJobs.Result pipeline = LocalJobs.run(new PipelineTool(), localConf(), "--manifest", manifest.toString(),
        "--staging", tmp.resolve("stage\u007f").toString(), out.toString());
    assertEquals(ExitCode.USAGE.code(), pipeline.exitCode(), pipeline.err());
    assertTrue(pipeline.err().contains("the --staging path '" + tmp + "/stage\\x7f'"), pipeline.err());
    assertFalse(Files.exists(tmp.resolve("stage\u007f")));

    LocalJobs.Result ingest = LocalJobs.run(new IngestTool(), localConf(), "--to", tmp.resolve("st\tage").toString(),
        good.toString());
    assertEquals(ExitCode.USAGE.code(), ingest.exitCode(), ingest.err());
    assertTrue(ingest.err().contains("the --to path '" + tmp + "/st\\tage'"), ingest.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void settingsWithControlCharactersAreRefusedBeforeAnythingRuns() throws Exception {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "a,1\n");
    Path out = tmp.resolve("out");
    LocalJobs.Result option = stats("--key-column", "re\u0002gion", in.toString(), out.toString());
    assertEquals(ExitCode.USAGE.code(), option.exitCode(), option.err());
    assertTrue(option.err().contains("the setting squares.key.column = 're\\x02gion' contains a control character"
        + " (U+0002)"), option.err());
    LocalJobs.Result generic = stats("-D", "mapreduce.job.name=night\u001bly", in.toString(), out.toString());
    assertEquals(ExitCode.USAGE.code(), generic.exitCode(), generic.err());
    assertTrue(generic.err().contains("mapreduce.job.name = 'night\\x1bly'"), generic.err());
    assertFalse(Files.exists(out));
    // A tab is a legal character in a setting: the tab delimiter still works.
    Files.writeString(in, "a\t1\n");
    LocalJobs.Result tab = stats("--delimiter", "\t", "--key-column", "1", in.toString(), out.toString());
    assertEquals(0, tab.exitCode(), tab.err());
  }

  @Test
  void aBinaryFileReadWithHeaderGivesABoundedMessage() throws Exception {
    byte[] binary = new byte[100_000];
    new Random(7).nextBytes(binary);
    for (int i = 0; i < binary.length; i++) {
      if (binary[i] == '\n' || binary[i] == '\r') { // one line: no LF, CR LF or lone CR in it
        binary[i] = 0;
      }
    }
    Path in = tmp.resolve("blob.csv");
    Files.write(in, binary);
    LocalJobs.Result r = stats("--header", "--key-column", "region", in.toString(), tmp.resolve("out").toString());
    assertEquals(ExitCode.USAGE.code(), r.exitCode(), r.err());
    assertTrue(r.err().contains("blob.csv: its header is '"), r.err());
    assertTrue(r.err().contains(" ... (100000 bytes)'"), r.err());
    assertTrue(r.err().length() < 600, r.err().length() + " characters: " + r.err());
  }

  @Test
  void aLongBadRecordIsQuotedBoundedInTheFailureMessageAndSampledWithItsLength() throws Exception {
    Path in = tmp.resolve("in.csv");
    String longValue = "x".repeat(10_000);
    Files.writeString(in, "a,1\nb," + longValue + "\n");
    Path out = tmp.resolve("out");
    LocalJobs.Result failed = stats("--key-column", "1", "--bad-records", "fail", in.toString(), out.toString());
    assertEquals(ExitCode.BAD_RECORDS.code(), failed.exitCode(), failed.err());
    assertTrue(failed.err().contains("in.csv, line 2 (byte offset 4): "), failed.err());
    assertTrue(failed.err().contains(": 'b," + "x".repeat(118) + " ... (10002 bytes)'"), failed.err());
    assertTrue(failed.err().length() < 600, failed.err());

    LocalJobs.Result skipped = stats("--key-column", "1", in.toString(), out.toString());
    assertEquals(0, skipped.exitCode(), skipped.err());
    List<String> sample = Files.readAllLines(out.resolve(BadRecordReport.FILE));
    assertEquals(2, sample.size());
    String[] f = sample.get(1).split("\t", -1);
    assertEquals(List.of("2", "4", "10002"), new ArrayList<>(List.of(f[1], f[2], f[4])));
    assertEquals("b," + "x".repeat(1022), f[5], "the first 1024 bytes");
  }

  @Test
  void anEmptyFileAmongHeaderedInputsContributesNothingButABlankHeaderIsRefused() throws Exception {
    // A source with nothing today (0 bytes) has no header to name columns in, and no records.
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(LocalJobs.DATASETS.resolve("sales/sales.csv"), in.resolve("sales.csv"));
    Files.write(in.resolve("empty.csv"), new byte[0]);
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(in.resolve("empty.csv.gz")))) {
      o.flush(); // a compressed file of nothing: 20 bytes, no content
    }
    Path out = tmp.resolve("out");
    LocalJobs.Result r = stats("--header", "--key-column", "region", "--value-column", "amount",
        in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(Files.readAllLines(LocalJobs.DATASETS.resolve("sales/sales.stats.expected")), partLines(out, "part-r-"));

    // Only empty files: an empty result, not an error.
    Path none = Files.createDirectories(tmp.resolve("none"));
    Files.write(none.resolve("empty.csv"), new byte[0]);
    LocalJobs.Result empty = stats("--header", "--key-column", "region", none.toString(), tmp.resolve("out2").toString());
    assertEquals(0, empty.exitCode(), empty.err());
    assertEquals(List.of(), partLines(tmp.resolve("out2"), "part-r-"));

    // A file whose first line is blank has a header, and it names no column: refused, naming it.
    Files.writeString(in.resolve("blank.csv"), "\nEast,5\n");
    LocalJobs.Result blank = stats("--header", "--key-column", "region", "--value-column", "amount",
        in.toString(), tmp.resolve("out3").toString());
    assertEquals(ExitCode.USAGE.code(), blank.exitCode(), blank.err());
    assertTrue(blank.err().contains("unknown column 'region' in file:" + in.resolve("blank.csv") + ": its header is ''"),
        blank.err());
    assertFalse(Files.exists(tmp.resolve("out3")));
    assertFalse(blank.err().contains("UTF-16"), blank.err());

    // A UTF-16 file (Excel's "Unicode Text", PowerShell 5's default) is not UTF-8: refused, saying so.
    Path utf16 = Files.createDirectories(tmp.resolve("utf16"));
    byte[] text = "region\tamount\r\nEast\t5\r\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] littleEndian = new byte[text.length + 2];
    littleEndian[0] = (byte) 0xFF; // the byte-order mark, little-endian as Windows writes it
    littleEndian[1] = (byte) 0xFE;
    System.arraycopy(text, 0, littleEndian, 2, text.length);
    Files.write(utf16.resolve("export.txt"), littleEndian);
    LocalJobs.Result wide = stats("--delimiter", "tab", "--header", "--key-column", "region", "--value-column",
        "amount", utf16.toString(), tmp.resolve("out4").toString());
    assertEquals(ExitCode.USAGE.code(), wide.exitCode(), wide.err());
    assertTrue(wide.err().contains("unknown column 'region' in file:" + utf16.resolve("export.txt"))
        && wide.err().contains("the file starts with a UTF-16 byte-order mark: Squares reads UTF-8"), wide.err());
    assertFalse(Files.exists(tmp.resolve("out4")));
  }

  @Test
  void pathsHadoopCannotUseAreUsageErrorsSayingWhyNotInternalErrors() throws Exception {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "k,1\n");
    String[][] cases = {
      {tmp.resolve("res 10:00").toString(), "the output path '" + tmp.resolve("res 10:00") + "' holds a ':'"},
      {"res:1", "the output path 'res:1' is not a Hadoop path (Relative path in absolute URI: res:1): a ':' before"},
      {"foo://bar/x", "no filesystem for the output path 'foo://bar/x': No FileSystem for scheme \"foo\" (a typo"},
      {"hdfs://squares-no-such-host.invalid:9000/x", "the output path 'hdfs://squares-no-such-host.invalid:9000/x'"
          + " names an unknown host"}};
    for (String[] c : cases) {
      LocalJobs.Result r = stats("--key-column", "1", in.toString(), c[0]);
      assertEquals(ExitCode.USAGE.code(), r.exitCode(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[1]), r.err());
    }
    LocalJobs.Result input = stats("foo://x/in.csv", tmp.resolve("out").toString());
    assertEquals(ExitCode.USAGE.code(), input.exitCode(), input.err());
    assertTrue(input.err().contains("no filesystem for the input path 'foo://x/in.csv'"), input.err());
    LocalJobs.Result ingest = LocalJobs.run(new IngestTool(), LocalJobs.localConf(), "--to",
        tmp.resolve("stage 10:00").toString(), in.toUri().toString());
    assertEquals(ExitCode.USAGE.code(), ingest.exitCode(), ingest.err());
    assertTrue(ingest.err().contains("the --to path '" + tmp.resolve("stage 10:00") + "' holds a ':'"), ingest.err());
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(in), left.toList(), "nothing created");
    }
  }

  @Test
  void aColumnNameTheHeaderGivesTwiceIsRefusedNotGuessed() throws Exception {
    Path in = tmp.resolve("export.csv");
    Files.writeString(in, "region,amount,store,amount\nNorth,1,s1,100\n");
    LocalJobs.Result r = stats("--header", "--key-column", "region", "--value-column", "amount", in.toString(),
        tmp.resolve("out").toString());
    assertEquals(ExitCode.USAGE.code(), r.exitCode(), r.err());
    assertTrue(r.err().contains("ambiguous column in file:" + in + ": its header's 'amount' names columns 2, 4;"
        + " give the column by number"), r.err());
    assertFalse(Files.exists(tmp.resolve("out")));
    LocalJobs.Result byNumber = stats("--header", "--key-column", "region", "--value-column", "4", in.toString(),
        tmp.resolve("out").toString());
    assertEquals(0, byNumber.exitCode(), byNumber.err());
    assertEquals(List.of("North\t1\t100\t10000\t100\t100\t100\t\\N\t\\N"), partLines(tmp.resolve("out"), "part-r-"));
  }
}
