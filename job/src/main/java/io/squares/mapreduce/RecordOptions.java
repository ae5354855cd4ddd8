package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.record.ColumnSpec;
import io.squares.record.Delimiters;
import io.squares.record.RecordExtractor;
import org.apache.hadoop.conf.Configuration;

/**
 * The record-reading settings of a job, read and validated from its configuration: the driver uses
 * it to reject bad options before submitting, and every task uses it to build its extractor.
 */
public final class RecordOptions {
  private final byte delimiter;
  private final boolean header;
  private final ColumnSpec keyColumn;
  private final ColumnSpec valueColumn;
  private final boolean failOnBadRecord;
  private final float maxBadFraction;
  private final int sampleSize;
  private final int maxLineBytes;

  private RecordOptions(Configuration conf, boolean keyed) throws SquaresException {
    delimiter = Delimiters.parse(conf.get(SquaresConfig.DELIMITER, SquaresConfig.DELIMITER_DEFAULT));
    header = conf.getBoolean(SquaresConfig.HEADER, SquaresConfig.HEADER_DEFAULT);
    String key = conf.getTrimmed(SquaresConfig.KEY_COLUMN, "");
    keyColumn = keyed && !key.isEmpty() ? ColumnSpec.parse("--key-column", key, header) : null;
    String value = conf.getTrimmed(SquaresConfig.VALUE_COLUMN, "");
    valueColumn = value.isEmpty() ? null : ColumnSpec.parse("--value-column", value, header);
    String mode = conf.getTrimmed(SquaresConfig.BAD_RECORDS, SquaresConfig.BAD_RECORDS_DEFAULT);
    if (!mode.equals("skip") && !mode.equals("fail")) {
      throw SquaresException.usage("--bad-records " + mode + ": use skip or fail");
    }
    failOnBadRecord = mode.equals("fail");
    String fraction = conf.getTrimmed(SquaresConfig.MAX_BAD_FRACTION,
        Float.toString(SquaresConfig.MAX_BAD_FRACTION_DEFAULT));
    try {
      maxBadFraction = Float.parseFloat(fraction);
    } catch (NumberFormatException e) {
      throw SquaresException.usage("--max-bad-fraction " + fraction + ": not a number");
    }
    if (!(maxBadFraction >= 0f && maxBadFraction <= 1f)) {
      throw SquaresException.usage("--max-bad-fraction " + fraction + ": use a number from 0 to 1");
    }
    sampleSize = conf.getInt(SquaresConfig.BAD_SAMPLE_SIZE, SquaresConfig.BAD_SAMPLE_SIZE_DEFAULT);
    if (sampleSize < 0) {
      throw SquaresException.usage(SquaresConfig.BAD_SAMPLE_SIZE + " must be 0 or more");
    }
    maxLineBytes = maxLineBytes(conf);
  }

  /**
   * Reads and checks {@link SquaresConfig#MAX_LINE_BYTES} alone (the readers need only it).
   *
   * @param conf the job configuration
   * @return the longest accepted record, in bytes
   * @throws SquaresException a usage error naming the option when it is not a whole number from
   *     {@value SquaresConfig#MAX_LINE_BYTES_MIN} to {@value SquaresConfig#MAX_LINE_BYTES_MAX}
   */
  public static int maxLineBytes(Configuration conf) throws SquaresException {
    String text = conf.getTrimmed(SquaresConfig.MAX_LINE_BYTES,
        Integer.toString(SquaresConfig.MAX_LINE_BYTES_DEFAULT));
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < SquaresConfig.MAX_LINE_BYTES_MIN || n > SquaresConfig.MAX_LINE_BYTES_MAX) {
      throw SquaresException.usage("--max-line-bytes " + text + ": use a whole number of bytes from "
          + SquaresConfig.MAX_LINE_BYTES_MIN + " to " + SquaresConfig.MAX_LINE_BYTES_MAX);
    }
    return (int) n;
  }

  /**
   * @param conf the job configuration
   * @param keyed whether the job groups by a key column ({@code stats}); {@code square} ignores it
   * @return the validated options
   * @throws SquaresException a usage error naming the bad option
   */
  public static RecordOptions from(Configuration conf, boolean keyed) throws SquaresException {
    return new RecordOptions(conf, keyed);
  }

  /** @return a new extractor for these options (one per task) */
  public RecordExtractor newExtractor() {
    return new RecordExtractor(delimiter, keyColumn, valueColumn);
  }

  /** @return the delimiter byte */
  public byte delimiter() {
    return delimiter;
  }

  /** @return whether each file starts with a header line */
  public boolean header() {
    return header;
  }

  /** @return whether the first bad record fails the job */
  public boolean failOnBadRecord() {
    return failOnBadRecord;
  }

  /** @return the largest tolerated fraction of bad records */
  public float maxBadFraction() {
    return maxBadFraction;
  }

  /** @return bad records kept as a sample, per task and in the job's consolidated file */
  public int sampleSize() {
    return sampleSize;
  }

  /** @return the longest accepted record in bytes; a longer one is {@code LINE_TOO_LONG} */
  public int maxLineBytes() {
    return maxLineBytes;
  }

  /** @return the key column, or null */
  public ColumnSpec keyColumn() {
    return keyColumn;
  }

  /** @return the value column, or null for the last field */
  public ColumnSpec valueColumn() {
    return valueColumn;
  }
}
