package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.mapreduce.StatsOutputFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormatCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StatsOutputFormat} writes what {@code TextOutputFormat} writes (plain and compressed part
 * files, one per reducer, committed), keeps the {@code Bytes Written} counter exact, and is not a
 * {@link FileOutputFormat}, which is what spares each record Hadoop's filesystem-statistics reads.
 */
class StatsOutputFormatTest {
  @TempDir Path tmp;

  /** Splits "key,value" lines into (key, value). */
  public static final class KeyValueMapper extends Mapper<LongWritable, Text, Text, Text> {
    private final Text key = new Text();
    private final Text value = new Text();

    @Override
    protected void map(LongWritable offset, Text line, Context context)
        throws IOException, InterruptedException {
      String[] kv = line.toString().split(",", 2);
      key.set(kv[0]);
      value.set(kv[1]);
      context.write(key, value);
    }
  }

  private Job run(Path input, Path output, boolean gzip) throws Exception {
    Configuration conf = LocalJobs.localConf(); // 2 map slots
    conf.setInt("mapreduce.local.reduce.tasks.maximum", 2);
    Job job = Job.getInstance(conf);
    job.setInputFormatClass(TextInputFormat.class);
    job.setMapperClass(KeyValueMapper.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setNumReduceTasks(2);
    job.setOutputFormatClass(StatsOutputFormat.class);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(output.toUri()));
    if (gzip) {
      FileOutputFormat.setCompressOutput(job, true);
      FileOutputFormat.setOutputCompressorClass(job, GzipCodec.class);
    }
    assertTrue(job.waitForCompletion(false));
    return job;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void writesTextOutputFormatsLinesAndCountsEveryByteOnce() throws Exception {
    Path input = tmp.resolve("in.csv");
    List<String> lines = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      lines.add("k" + (i % 700) + "," + i);
      expected.add("k" + (i % 700) + "\t" + i);
    }
    Files.write(input, lines);
    for (boolean gzip : new boolean[] {false, true}) {
      Path out = tmp.resolve(gzip ? "gz" : "plain");
      Job job = run(input, out, gzip);
      List<String> written = new ArrayList<>();
      long bytes = 0;
      int parts = 0;
      for (Path f : files(out)) {
        String name = f.getFileName().toString();
        bytes += Files.size(f); // part files and their checksum files, as the filesystem wrote them
        if (name.startsWith("part-r-")) {
          parts++;
          assertEquals(gzip, name.endsWith(".gz"), name);
          try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f)) {
            written.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
          }
        }
      }
      assertEquals(2, parts);
      assertTrue(Files.exists(out.resolve("_SUCCESS")));
      written.sort(null);
      List<String> sortedExpected = new ArrayList<>(expected);
      sortedExpected.sort(null);
      assertEquals(sortedExpected, written);
      long success = Files.size(out.resolve("_SUCCESS")) + Files.size(out.resolve("._SUCCESS.crc"));
      assertEquals(bytes - success,
          job.getCounters().findCounter(FileOutputFormatCounter.BYTES_WRITTEN).getValue(), out.toString());
    }
  }

  @Test
  void isNotAFileOutputFormatSoHadoopSkipsItsPerRecordStatistics() {
    assertFalse(FileOutputFormat.class.isAssignableFrom(StatsOutputFormat.class));
  }
}
