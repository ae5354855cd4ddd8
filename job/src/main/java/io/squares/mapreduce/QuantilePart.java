package io.squares.mapreduce;

import io.squares.core.ExactStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * The map output value of exact quantiles: for a group's aggregate record ({@link QuantileKey}
 * without a value) a partial {@link ExactStats}; for a value record, how many times the value
 * occurred. One tag byte tells which.
 */
public class QuantilePart implements Writable {
  private static final byte AGGREGATE = 0;
  private static final byte RUN = 1;

  private final StatsWritable own = new StatsWritable();
  private ExactStats stats = own;
  private boolean aggregate;
  private long count;

  /**
   * Makes this an aggregate record holding a reference to {@code s} (not a copy: it is written
   * as it is when the part is written).
   *
   * @param s the partial aggregate
   */
  public void setAggregate(ExactStats s) {
    aggregate = true;
    stats = s;
  }

  /**
   * Makes this a value record.
   *
   * @param n how many times the value occurred, at least 1
   */
  public void setCount(long n) {
    aggregate = false;
    count = n;
  }

  /** @return whether this is an aggregate record */
  public boolean isAggregate() {
    return aggregate;
  }

  /** @return the aggregate (valid when {@link #isAggregate()}) */
  public ExactStats stats() {
    return stats;
  }

  /** @return the count (valid when not {@link #isAggregate()}) */
  public long count() {
    return count;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    if (aggregate) {
      out.writeByte(AGGREGATE);
      stats.write(out);
    } else {
      out.writeByte(RUN);
      WritableUtils.writeVLong(out, count);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    byte tag = in.readByte();
    if (tag == AGGREGATE) {
      aggregate = true;
      stats = own;
      own.readFields(in);
    } else if (tag == RUN) {
      aggregate = false;
      count = WritableUtils.readVLong(in);
      if (count < 1) {
        throw new IOException("corrupt quantile record: count " + count);
      }
    } else {
      throw new IOException("corrupt quantile record: tag " + tag);
    }
  }
}
