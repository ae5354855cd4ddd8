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

  /** @return the key column, or null */
  public ColumnSpec keyColumn() {
    return keyColumn;
  }

  /** @return the value column, or null for the last field */
  public ColumnSpec valueColumn() {
    return valueColumn;
  }
}
