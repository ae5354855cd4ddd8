package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;

/**
 * Sketch blocks of approximate quantiles ({@link SquaresConfig#QUANTILES_APPROX_BLOCK_BYTES}): the
 * unit of input whose partial sketches a map task builds afresh, so that they do not depend on how
 * the input is split.
 *
 * <p>A record belongs to a split by the rule of the line readers ({@link RawLineBlockReader},
 * {@link LineBlockRecordReader}, both as Hadoop's {@code LineRecordReader}): a split that does not
 * start its file begins after the first terminator at or after its start, and owns every record
 * that starts at or before its end. With LF, CR LF or CR terminators, a split {@code [s, e)} thus
 * owns the records starting at offsets p with {@code s < p <= e} (and p = 0 for the first split):
 * p − 1, the last byte of the terminator before the record, lies in {@code [s, e)}. With a custom
 * record delimiter of L bytes Hadoop's reader also gives a split the record after a delimiter that
 * straddles its end (the next split cannot recognise the rest of it): the split owns the records
 * whose preceding delimiter starts in {@code [s, e)}, i.e. p − L in {@code [s, e)}. So a record at
 * p is in block {@code (p − L) / B} (L = 1 for the usual terminators), and block 0 also holds p = 0;
 * when splits start at multiples of B, every block lies wholly in one split.
 *
 * <p>Files that are never split (gzip, {@code --multiline}, and bzip2 in approximate mode, whose
 * split reader reports offsets that depend on where the split starts) are read whole by one task,
 * so any fixed function of the offsets gives the same blocks for every layout.
 */
public final class SketchBlocks {
  private SketchBlocks() {}

  /**
   * @param conf the job configuration
   * @return whether the job computes approximate quantiles (its splits and map tasks follow blocks)
   */
  public static boolean enabled(Configuration conf) {
    return conf.getBoolean(SquaresConfig.QUANTILES_APPROX, SquaresConfig.QUANTILES_APPROX_DEFAULT);
  }

  /**
   * @param conf the job configuration
   * @return the block size B in bytes
   * @throws SquaresException a usage error when it is not positive
   */
  public static long blockBytes(Configuration conf) throws SquaresException {
    long b = conf.getLong(SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES,
        SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES_DEFAULT);
    if (b <= 0) {
      throw SquaresException.usage(SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES + "=" + b + ": use a positive size");
    }
    return b;
  }

  /** The smallest block size a job accepts: 64 KiB. */
  public static final long MIN_JOB_BLOCK_BYTES = 64L << 10;

  /**
   * The block size a job is submitted with: {@link #blockBytes}, and at least {@link
   * #MIN_JOB_BLOCK_BYTES}. Each block's partial sketches go through the shuffle, so a block of a
   * few bytes (a typo for 16 MiB, say) would make a correct job of millions of sketches that runs
   * for hours; the driver refuses it before anything runs. Smaller blocks stay possible below the
   * driver (the input format's own tests cut files at every size).
   *
   * @param conf the job configuration
   * @return the block size B in bytes
   * @throws SquaresException a usage error naming the setting when it is below the minimum
   */
  public static long jobBlockBytes(Configuration conf) throws SquaresException {
    long b = blockBytes(conf);
    if (b < MIN_JOB_BLOCK_BYTES) {
      throw SquaresException.usage(SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES + "=" + b + ": use at least "
          + MIN_JOB_BLOCK_BYTES + " bytes (64 KiB; the default is " + SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES_DEFAULT
          + "): every block's partial sketches go through the shuffle");
    }
    return b;
  }

  /**
   * @param conf the job configuration
   * @return L: the bytes of the custom record delimiter that splits are read with, else 1 (LF,
   *     CR LF or CR, whose last byte counts; and for {@code --multiline}, which never splits)
   */
  public static int terminatorBytes(Configuration conf) {
    String delimiter = conf.get("textinputformat.record.delimiter");
    if (delimiter == null || conf.getBoolean(SquaresConfig.MULTILINE, SquaresConfig.MULTILINE_DEFAULT)) {
      return 1;
    }
    return Math.max(1, delimiter.getBytes(StandardCharsets.UTF_8).length);
  }

  /**
   * @param offset a record's byte offset in its file (as the readers report it)
   * @param terminatorBytes L, from {@link #terminatorBytes}
   * @param blockBytes B
   * @return the record's block number
   */
  public static long block(long offset, int terminatorBytes, long blockBytes) {
    return offset <= 0 ? 0 : Math.max(0, offset - terminatorBytes) / blockBytes;
  }

  /**
   * @param size a split size (Hadoop's {@code computeSplitSize})
   * @param blockBytes B
   * @return the nearest multiple of B (halves rounded up), at least B
   */
  public static long splitSize(long size, long blockBytes) {
    long n = size / blockBytes;
    if (size % blockBytes >= blockBytes - size % blockBytes) {
      n++;
    }
    n = Math.min(Math.max(1, n), Long.MAX_VALUE / blockBytes);
    return n * blockBytes;
  }
}
