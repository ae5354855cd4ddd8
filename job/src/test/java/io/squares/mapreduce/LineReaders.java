package io.squares.mapreduce;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Reads a split with Hadoop's LineRecordReader (the oracle) and with one of ours, each as a list of
 * "offset TAB line" strings; a line longer than the limit reads "offset TAB TOO_LONG length TAB
 * first 1024 bytes" (the oracle computes that from the whole line it holds).
 */
final class LineReaders {
  private LineReaders() {}

  static TaskAttemptContext context(Configuration conf) {
    return new TaskAttemptContextImpl(conf, new TaskAttemptID());
  }

  static FileSplit split(Path file, long start, long length) {
    return new FileSplit(new org.apache.hadoop.fs.Path(file.toUri()), start, length, null);
  }

  private static String show(byte[] b, int start, int end) {
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1).replace("\r", "<CR>").replace("\n", "<LF>");
  }

  /** The oracle: Hadoop's LineRecordReader, lines longer than limit shown as too long. */
  static List<String> hadoop(Configuration conf, Path file, long start, long length, int limit)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (LineRecordReader r = new LineRecordReader()) {
      r.initialize(split(file, start, length), context(conf));
      while (r.nextKeyValue()) {
        byte[] b = r.getCurrentValue().getBytes();
        int n = r.getCurrentValue().getLength();
        long offset = r.getCurrentKey().get();
        out.add(n > limit ? offset + "\tTOO_LONG " + n + "\t" + show(b, 0, LineBlock.TOO_LONG_PREFIX)
            : offset + "\t" + show(b, 0, n));
      }
    }
    return out;
  }

  /** Ours, read to the end; each block is also handed to inspect (null for none). */
  static <R extends RecordReader<?, LineBlock>> List<String> ours(R reader, Configuration conf, Path file,
      long start, long length, Consumer<R> inspect) throws IOException, InterruptedException {
    List<String> out = new ArrayList<>();
    try (reader) {
      reader.initialize(split(file, start, length), context(conf));
      while (reader.nextKeyValue()) {
        LineBlock b = reader.getCurrentValue();
        for (int i = 0; i < b.size(); i++) {
          out.add(b.tooLong(i)
              ? b.offset(i) + "\tTOO_LONG " + b.length(i) + "\t" + show(b.data(), b.start(i), b.end(i))
              : b.offset(i) + "\t" + show(b.data(), b.start(i), b.end(i)));
        }
        if (inspect != null) {
          inspect.accept(reader);
        }
      }
    }
    return out;
  }

  static Path gzip(Path plain, Path gz) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
      Files.copy(plain, o);
    }
    return gz;
  }

  /** bzip2 with 100k blocks (the smallest), so that moderate files have several blocks to split at. */
  static Path bzip2(Path plain, Path bz) throws IOException {
    Configuration conf = new Configuration();
    conf.setInt("bzip2.compress.blocksize", 1);
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(conf);
    try (OutputStream o = codec.createOutputStream(Files.newOutputStream(bz))) {
      Files.copy(plain, o);
    }
    return bz;
  }
}
