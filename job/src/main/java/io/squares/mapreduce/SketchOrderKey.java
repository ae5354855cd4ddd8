package io.squares.mapreduce;

import java.util.Arrays;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * The map output key of approximate quantiles, so that a reducer merges a key's partial sketches
 * in one fixed order: a {@link Text} holding the group key's bytes with each 0x00 written as
 * 0x00 0x01, the terminator 0x00 0x00, then the record's sketch block (its file's place in the
 * job's input list and the block's number in the file, see {@link SketchBlocks}) and the record's
 * sequence number within the block, each as a byte count and then that many big-endian bytes (no
 * leading zero bytes: 0 is the count 0 alone), so that comparing the bytes compares the numbers.
 * Text's own comparator (unsigned bytes) then sorts by group key exactly as plain Text keys sort,
 * and within a key by (file, block, sequence): an order fixed by the input and the settings, not by
 * the split layout, which map finishes first or how Hadoop merges shuffled segments, and the same
 * whatever the number of reducers.
 *
 * <p>Grouped by the group key only ({@link GroupComparator}) and partitioned by it exactly as
 * {@code HashPartitioner} partitions the plain {@code stats} job's Text keys ({@link KeyPartitioner}).
 */
public final class SketchOrderKey {
  /** Most bytes after the terminator: file (count and 4 bytes), block and sequence (count and 8 each). */
  static final int SUFFIX = 23;

  private byte[] buffer = new byte[64];

  /**
   * Sets a Text to the composite key.
   *
   * @param key the group key's bytes
   * @param off where they start
   * @param len their length
   * @param file the file's place in the job's input list
   * @param block the block's number in the file
   * @param sequence the record's number within the block
   * @param out receives the key
   */
  public void set(byte[] key, int off, int len, int file, long block, long sequence, Text out) {
    int max = 2 * len + 2 + SUFFIX;
    if (buffer.length < max) {
      buffer = Arrays.copyOf(buffer, Math.max(max, 2 * buffer.length));
    }
    byte[] b = buffer;
    int p = 0;
    for (int i = off, end = off + len; i < end; i++) {
      byte x = key[i];
      b[p++] = x;
      if (x == 0) {
        b[p++] = 1;
      }
    }
    b[p++] = 0;
    b[p++] = 0;
    p = putOrdered(b, p, file & 0xFFFFFFFFL);
    p = putOrdered(b, p, block);
    p = putOrdered(b, p, sequence);
    out.set(b, 0, p);
  }

  /** Writes a non-negative number as its byte count and its big-endian bytes; returns the new end. */
  private static int putOrdered(byte[] b, int p, long v) {
    int n = (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
    b[p++] = (byte) n;
    for (int s = 8 * (n - 1); s >= 0; s -= 8) {
      b[p++] = (byte) (v >>> s);
    }
    return p;
  }

  /** @return the offset of the terminator 0x00 0x00 in {@code b} from {@code s} */
  static int terminator(byte[] b, int s, int end) {
    int i = s;
    while (i + 1 < end) {
      if (b[i] == 0) {
        if (b[i + 1] == 0) {
          return i;
        }
        i += 2;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("not a sketch order key: no terminator");
  }

  /**
   * Copies the group key (unescaped) of a composite key into a Text.
   *
   * @param composite the composite key
   * @param out receives the group key
   */
  public static void groupKey(Text composite, Text out) {
    byte[] b = composite.getBytes();
    int t = terminator(b, 0, composite.getLength());
    byte[] raw = new byte[t];
    int p = 0;
    for (int i = 0; i < t; i++) {
      raw[p++] = b[i];
      if (b[i] == 0) {
        i++;
      }
    }
    out.set(raw, 0, p);
  }

  /**
   * @param composite a composite key
   * @param field 0: the file, 1: the block, 2: the sequence number
   * @return that number
   */
  static long number(Text composite, int field) {
    byte[] b = composite.getBytes();
    int at = terminator(b, 0, composite.getLength()) + 2;
    for (int f = 0; f < field; f++) {
      at += 1 + b[at];
    }
    int n = b[at];
    long v = 0;
    for (int i = 1; i <= n; i++) {
      v = v << 8 | (b[at + i] & 0xFF);
    }
    return v;
  }

  /** Grouping: the escaped group key and its terminator only. */
  public static class GroupComparator extends WritableComparator {
    /** Hadoop instantiates it by class. */
    public GroupComparator() {
      super(Text.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      int n1 = WritableUtils.decodeVIntSize(b1[s1]);
      int n2 = WritableUtils.decodeVIntSize(b2[s2]);
      int a = s1 + n1;
      int b = s2 + n2;
      int ta = terminator(b1, a, s1 + l1) + 2;
      int tb = terminator(b2, b, s2 + l2) + 2;
      return compareBytes(b1, a, ta - a, b2, b, tb - b);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      Text x = (Text) a;
      Text y = (Text) b;
      int tx = terminator(x.getBytes(), 0, x.getLength()) + 2;
      int ty = terminator(y.getBytes(), 0, y.getLength()) + 2;
      return compareBytes(x.getBytes(), 0, tx, y.getBytes(), 0, ty);
    }
  }

  /**
   * Partitions by the group key only, as {@code HashPartitioner} partitions the plain key's Text
   * (its {@code hashCode}, {@link WritableComparator#hashBytes}, over the unescaped bytes).
   */
  public static class KeyPartitioner extends Partitioner<Text, Object> {
    @Override
    public int getPartition(Text key, Object value, int numPartitions) {
      byte[] b = key.getBytes();
      int t = terminator(b, 0, key.getLength());
      int h = 1;
      for (int i = 0; i < t; i++) {
        h = 31 * h + b[i];
        if (b[i] == 0) {
          i++;
        }
      }
      return (h & Integer.MAX_VALUE) % numPartitions;
    }
  }
}
