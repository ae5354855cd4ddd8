package io.squares.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * A {@link FileSplit} that knows its place in input order (files in the order given, then byte
 * offset). Hadoop schedules splits largest first, so task numbers do not follow input order; the
 * ordinal lets {@code square} name its part files so that {@code cat part-m-*} keeps input order.
 */
public class OrderedFileSplit extends FileSplit {
  private int ordinal;

  /** For deserialization. */
  public OrderedFileSplit() {}

  /**
   * @param file the file
   * @param start first byte
   * @param length bytes
   * @param hosts preferred hosts
   * @param ordinal position of this split in input order, from 0
   */
  public OrderedFileSplit(Path file, long start, long length, String[] hosts, int ordinal) {
    super(file, start, length, hosts);
    this.ordinal = ordinal;
  }

  /** @return position of this split in input order, from 0 */
  public int ordinal() {
    return ordinal;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    WritableUtils.writeVInt(out, ordinal);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    ordinal = WritableUtils.readVInt(in);
  }
}
