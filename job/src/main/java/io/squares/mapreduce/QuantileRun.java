package io.squares.mapreduce;

import io.squares.core.ExactStats;
import io.squares.core.SortedRun;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * The map output value of exact quantiles by runs: a key's partial exact aggregate and the
 * {@link SortedRun} of the values it covers. Serialized as the aggregate, a vint length and the
 * run's bytes.
 */
public class QuantileRun implements Writable {
  private final StatsWritable own = new StatsWritable();
  private ExactStats stats = own;
  private byte[] ownRun = new byte[0];
  private byte[] run = ownRun;
  private int length;

  /**
   * Sets this record to reference (not copy) an aggregate and a run; they are read when it is
   * written.
   *
   * @param s the partial aggregate
   * @param b the run's bytes, {@code b[0, len)}
   * @param len the run's length
   */
  public void set(ExactStats s, byte[] b, int len) {
    stats = s;
    run = b;
    length = len;
  }

  /** @return the aggregate */
  public ExactStats stats() {
    return stats;
  }

  /** @return the run's bytes, valid up to {@link #length()} */
  public byte[] run() {
    return run;
  }

  /** @return the run's length */
  public int length() {
    return length;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    stats.write(out);
    WritableUtils.writeVInt(out, length);
    out.write(run, 0, length);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    stats = own;
    own.readFields(in);
    int n = WritableUtils.readVInt(in);
    if (n < 0) {
      throw new IOException("corrupt quantile run: length " + n);
    }
    if (ownRun.length < n) {
      ownRun = new byte[(int) Math.max(n, Math.min(Integer.MAX_VALUE - 8, 2L * ownRun.length))];
    }
    run = ownRun;
    in.readFully(run, 0, n);
    length = n;
  }

  @Override
  public String toString() {
    return stats + " run of " + length + " bytes " + Arrays.toString(Arrays.copyOf(run, Math.min(length, 16)));
  }
}
