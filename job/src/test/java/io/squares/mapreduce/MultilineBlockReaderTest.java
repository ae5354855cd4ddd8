package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.SquaresConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MultilineBlockReader}: records, offsets and spans whatever the buffer size or codec. */
class MultilineBlockReaderTest {
  @TempDir Path tmp;

  /** offset, span, full length, held text (CR and LF made visible) and whether too long. */
  private static List<String> read(Path file, Configuration conf, int bufferSize) throws Exception {
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    List<String> out = new ArrayList<>();
    try (MultilineBlockReader r = new MultilineBlockReader(bufferSize)) {
      long size = Files.size(file);
      r.initialize(new FileSplit(new org.apache.hadoop.fs.Path(file.toUri()), 0, size, null), context);
      while (r.nextKeyValue()) {
        LineBlock b = r.getCurrentValue();
        assertTrue(b.size() > 0);
        assertEquals(b.offset(0), r.getCurrentKey().get());
        for (int i = 0; i < b.size(); i++) {
          out.add(describe(b, i));
        }
      }
      assertEquals(1f, r.getProgress());
    }
    return out;
  }

  private static String describe(LineBlock b, int i) {
    String text = new String(b.data(), b.start(i), b.end(i) - b.start(i), StandardCharsets.ISO_8859_1);
    return b.offset(i) + " " + b.lineSpan(i) + " " + b.length(i) + (b.tooLong(i) ? " LONG " : " ")
        + (b.unterminated(i) ? "OPEN " : "")
        + text.replace("\r", "<CR>").replace("\n", "<LF>");
  }

  private Path write(String name, byte[] content) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, content);
    return p;
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  @Test
  void recordsSpanLinesInsideQuotes() throws Exception {
    byte[] text = "\uFEFFkey,v\r\n\"x\ny\",5\n\"a\r\nb\"\"\rc\",6\r\rlast,7".getBytes(StandardCharsets.UTF_8);
    Path file = write("f.csv", text);
    List<String> expected = List.of(
        "0 1 8 \u00EF\u00BB\u00BFkey,v",
        "10 2 7 \"x<LF>y\",5",
        "18 3 12 \"a<CR><LF>b\"\"<CR>c\",6",
        "31 1 0 ",
        "32 1 6 last,7");
    assertEquals(expected, read(file, new Configuration(), 1 << 20));
    for (int size = 1; size <= 12; size++) {
      assertEquals(expected, read(file, new Configuration(), size), "buffer " + size);
    }
    assertEquals(expected, read(write("f.csv.gz", gzip(text)), new Configuration(), 5));
  }

  @Test
  void aTruncatedGzipFileFailsNamingTheFile() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append('"').append(i).append("\n").append(i % 7).append("\",").append(i).append('\n');
    }
    byte[] gz = gzip(text.toString().getBytes(StandardCharsets.UTF_8));
    Path cut = write("sales.csv.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> read(cut, new Configuration(), 1 << 16));
    assertTrue(e.getMessage().startsWith(new org.apache.hadoop.fs.Path(cut.toUri())
        + ": truncated or corrupt compressed input ("), e.getMessage());
  }

  @Test
  void anOpenQuoteAtEndOfFileMakesTheRestOneRecord() throws Exception {
    Path file = write("f.csv", "a,1\n\"b,2\nc,3\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("0 1 3 a,1", "4 3 9 OPEN \"b,2<LF>c,3<LF>"), read(file, new Configuration(), 3));
  }

  @Test
  void aRecordLongerThanTheLimitKeepsOnlyItsPrefix() throws Exception {
    Configuration conf = new Configuration();
    conf.setLong(SquaresConfig.MAX_LINE_BYTES, 1024);
    String prefix = "k,\"" + "x".repeat(1021);
    String longRecord = prefix + "\n".repeat(3) + "y".repeat(5000) + "\",1";
    String exact = "e," + "z".repeat(1022); // exactly the limit: not too long
    byte[] text = ("a,1\n" + longRecord + "\r\n" + exact + "\nb,2\n" + "c".repeat(3000))
        .getBytes(StandardCharsets.UTF_8);
    Path file = write("f.csv", text);
    long second = 4;
    long third = second + longRecord.length() + 2;
    List<String> expected = List.of(
        "0 1 3 a,1",
        second + " 4 " + longRecord.length() + " LONG " + prefix,
        third + " 1 1024 " + exact,
        (third + 1025) + " 1 3 b,2",
        (third + 1029) + " 1 3000 LONG " + "c".repeat(1024));
    for (int size : new int[] {7, 100, 1024, 4096, 1 << 20}) {
      assertEquals(expected, read(file, conf, size), "buffer " + size);
    }
    assertEquals(expected, read(write("f.csv.gz", gzip(text)), conf, 64));
  }

  @Test
  void theBufferStaysNearTheLimitWhileSkippingAHugeRecord() throws Exception {
    Configuration conf = new Configuration();
    conf.setLong(SquaresConfig.MAX_LINE_BYTES, 2048);
    byte[] text = new byte[3 << 20];
    java.util.Arrays.fill(text, (byte) 'q');
    text[0] = '"';
    Path file = write("f.csv", text);
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    try (MultilineBlockReader r = new MultilineBlockReader(4096)) {
      r.initialize(new FileSplit(new org.apache.hadoop.fs.Path(file.toUri()), 0, text.length, null), context);
      assertTrue(r.nextKeyValue());
      LineBlock b = r.getCurrentValue();
      assertEquals(1, b.size());
      assertTrue(b.tooLong(0));
      assertEquals(text.length, b.length(0));
      assertEquals(1024, b.end(0) - b.start(0));
      assertTrue(b.data().length <= 2048 + (1 << 20), "buffer " + b.data().length);
      assertFalse(r.nextKeyValue());
    }
  }

  @Test
  void randomFilesReadTheSameWithAnyBuffer() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "ab1,\"\" \r\n\n";
    Configuration conf = new Configuration();
    for (int trial = 0; trial < 40; trial++) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(0, 120); i > 0; i--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Path file = write("r" + trial, sb.toString().getBytes(StandardCharsets.UTF_8));
      List<String> whole = read(file, conf, 1 << 16);
      assertEquals(whole, read(file, conf, random.nextInt(1, 9)), sb.toString());
    }
  }

  @Test
  void blocksRoundTripWithSpansAndTooLongRecords() throws IOException {
    LineBlock block = new LineBlock();
    byte[] buf = "a,1\"x\ny\",5prefix".getBytes(StandardCharsets.UTF_8);
    block.wrap(buf);
    block.addLine(0, 0, 3);
    block.addLine(4, 3, 10, 2);
    block.addTooLong(11, 10, 16, 5000, 3);
    block.addTooLong(5012, 10, 16, 7000);
    block.markUnterminated();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    block.write(new DataOutputStream(bytes));
    LineBlock copy = new LineBlock();
    copy.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(4, copy.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(describe(block, i), describe(copy, i));
    }
    assertEquals(List.of(1, 2, 3, 1), List.of(copy.lineSpan(0), copy.lineSpan(1), copy.lineSpan(2),
        copy.lineSpan(3)));
    assertEquals(7000, copy.length(3));
    assertTrue(copy.tooLong(2));
    assertTrue(copy.unterminated(3));
    assertFalse(copy.unterminated(2));
    assertFalse(copy.tooLong(1));
  }
}
