package io.squares.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * A {@link FileSplit} that knows its place in input order (files in the order given, then byte
 * offset) and its file's place in the job's ordered list of input files. Hadoop schedules splits
 * largest first, so task numbers do not follow input order; the split's ordinal lets {@code square}
 * name its part files so that {@code cat part-m-*} keeps input order, and the file's ordinal (the
 * same whatever the split size) names approximate quantiles' sketch blocks ({@link SketchBlocks}).
 */
public class OrderedFileSplit extends FileSplit {
  private int ordinal;
  private int fileOrdinal;

  /** For deserialization. */
  public OrderedFileSplit() {}

  /**
   * @param file the file
   * @param start first byte
   * @param length bytes
   * @param hosts preferred hosts
   * @param ordinal position of this split in input order, from 0
   * @param fileOrdinal position of its file in the job's ordered list of input files, from 0
   */
  public OrderedFileSplit(Path file, long start, long length, String[] hosts, int ordinal, int fileOrdinal) {
    super(file, start, length, hosts);
    this.ordinal = ordinal;
    this.fileOrdinal = fileOrdinal;
  }

  /** @return position of this split in input order, from 0 */
  public int ordinal() {
    return ordinal;
  }

  /** @return position of this split's file in the job's ordered list of input files, from 0 */
  public int fileOrdinal() {
    return fileOrdinal;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    WritableUtils.writeVInt(out, ordinal);
    WritableUtils.writeVInt(out, fileOrdinal);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    ordinal = WritableUtils.readVInt(in);
    fileOrdinal = WritableUtils.readVInt(in);
  }
}
