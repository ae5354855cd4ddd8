package io.squares.bench;

import io.squares.datasets.DatasetGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The benchmarks' input files: {@code key,integer} rows from the datasets generator (values in
 * ±1,000,000, seed 1), generated once under the benchmark directory as {@code data-ROWSxKEYS.csv}
 * and reused by later runs. Keys are drawn uniformly from {@code KEYS} possible keys, so
 * {@code rows} rows hold about {@code KEYS (1 - e^(-rows/KEYS))} distinct keys: 20M rows over
 * 100M possible keys give about 18.1M distinct ones (near-unique keys).
 */
final class BenchData {
  private BenchData() {}

  /**
   * @param dir the benchmark directory
   * @param rows rows
   * @param keys possible keys
   * @param err where progress goes
   * @return the file, generated if it was not there
   * @throws IOException when it cannot be written
   */
  static Path generate(Path dir, long rows, int keys, PrintStream err) throws IOException {
    Path file = dir.resolve("data-" + rows + "x" + keys + ".csv");
    if (!Files.exists(file)) {
      err.printf("squares bench: generating %s%n", file);
      // A file of its own, so that two benchmarks sharing the directory never write the same one.
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try (OutputStream o = Files.newOutputStream(tmp)) {
        DatasetGenerator.Options.builder().rows(rows).keys(keys).min(-1_000_000).max(1_000_000).seed(1)
            .generator().write(o);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
    return file;
  }
}
