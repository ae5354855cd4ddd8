package io.squares.job;

import static io.squares.job.LocalJobs.DATASETS;
import static io.squares.job.LocalJobs.partLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code square} end to end on the LocalJobRunner. */
class SquareJobTest {
  @TempDir Path tmp;

  private static String oracleSquare(String value) {
    BigDecimal v = new BigDecimal(value.trim());
    BigDecimal sq = v.multiply(v);
    return sq.signum() == 0 ? "0" : sq.stripTrailingZeros().toPlainString();
  }

  @Test
  void seedNumbersSquareInOrder() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = LocalJobs.square(DATASETS.resolve("seed/numbers.txt").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("1", "4", "9", "16"), partLines(out, "part-m-"));
    assertEquals(Files.readAllLines(DATASETS.resolve("seed/numbers.square.expected")), partLines(out, "part-m-"));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
  }

  @Test
  void inputOrderIsKeptAcrossManyFilesAndSplits() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    List<String> expected = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      StringBuilder sb = new StringBuilder();
      int rows = 1500 + f * 700; // files of different sizes, so Hadoop's largest-first order differs
      for (int i = 0; i < rows; i++) {
        String v;
        switch (random.nextInt(4)) {
          case 0 -> v = Long.toString(random.nextLong());
          case 1 -> v = new BigDecimal(BigInteger.valueOf(random.nextLong(-1_000_000, 1_000_000)), random.nextInt(6)).toPlainString();
          case 2 -> v = random.nextInt(100) + "e-" + random.nextInt(5);
          default -> v = new BigInteger(100, new java.util.Random(random.nextLong())).toString();
        }
        sb.append(v).append('\n');
        expected.add(oracleSquare(v));
      }
      Path in = tmp.resolve("in-" + f + ".txt");
      Files.writeString(in, sb);
      inputs.add(in.toString());
    }
    Configuration conf = LocalJobs.localConf();
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 4096);
    Path out = tmp.resolve("out");
    List<String> args = new ArrayList<>(inputs);
    args.add(out.toString());
    LocalJobs.Result r = LocalJobs.run(new SquareTool(), conf, args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.err());
    try (var files = Files.list(out)) {
      assertTrue(files.filter(p -> p.getFileName().toString().startsWith("part-m-")).count() > 10,
          "many splits");
    }
    assertEquals(expected, partLines(out, "part-m-"));
  }

  @Test
  void keepRecordWritesTheRecordThenTheSquare() throws Exception {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "name|value\na|0.1\nb|-3.5\nc|x\n");
    Path out = tmp.resolve("out");
    LocalJobs.Result r = LocalJobs.square("--header", "--delimiter", "|", "--value-column", "value",
        "--keep-record", in.toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("a|0.1|0.01", "b|-3.5|12.25"), partLines(out, "part-m-"));
    assertTrue(r.err().contains("1 bad"), r.err());
    assertTrue(Files.readString(out.resolve("_BAD_RECORDS.tsv")).contains("\t4\t"), "line 4 named");
  }

  @Test
  void badRecordsAreSkippedAndGoodOnesKeptInOrder() throws Exception {
    Path out = tmp.resolve("out");
    LocalJobs.Result r = LocalJobs.square("--value-column", "2", "--keep-record",
        DATASETS.resolve("bad/mixed.csv").toString(), out.toString());
    assertEquals(0, r.exitCode(), r.err());
    // Compare bytes: the kept records include non-ASCII keys.
    StringBuilder actual = new StringBuilder();
    for (String l : partLines(out, "part-m-")) {
      actual.append(l).append('\n');
    }
    assertEquals(Files.readString(DATASETS.resolve("bad/mixed.square-keep.expected")), actual.toString());
  }

  @Test
  void failModeRefusesBadInput() throws Exception {
    Path in = tmp.resolve("in.txt");
    Files.writeString(in, "1\nNaN\n");
    LocalJobs.Result r = LocalJobs.square("--bad-records", "fail", in.toString(), tmp.resolve("out").toString());
    assertEquals(ExitCode.BAD_RECORDS.code(), r.exitCode());
    assertTrue(r.err().contains("in.txt, line 2") && r.err().contains("NOT_FINITE"), r.err());
    assertEquals(false, Files.exists(tmp.resolve("out")));
  }
}
