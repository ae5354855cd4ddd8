package io.squares.mapreduce;

import io.squares.core.OrderedDecimal;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * The map output key of exact quantiles: a group key and, for a value record, the value in
 * {@link OrderedDecimal} form; for the group's aggregate record, no value. Serialized so that
 * plain unsigned byte comparison of two serialized keys is the sort order, with no length prefix
 * to decode: the group key's bytes with each 0x00 written as 0x00 0x01, then the terminator
 * 0x00 0x00, then a tag byte (0 aggregate, 1 value) and, for a value, its encoding (which is
 * self-delimiting). The object holds exactly these bytes, so writing it is one copy and the map
 * task builds them in a hash table's arena.
 *
 * <p>Sorted ({@link Comparator}: one byte comparison) by the group key's bytes as {@link Text}
 * sorts them, then the aggregate record first, then the values in ascending numeric order.
 * Grouped ({@link GroupComparator}) and partitioned ({@link KeyPartitioner}, as
 * {@code HashPartitioner} partitions a Text key) by the group key only, so a reducer sees each
 * group once: its aggregates, then its values in order.
 */
public class QuantileKey implements WritableComparable<QuantileKey> {
  private static final byte AGGREGATE = 0;
  private static final byte VALUE = 1;

  private byte[] bytes = new byte[64];
  private int length;

  /** Creates an empty key (for deserialization). */
  public QuantileKey() {
  }

  /**
   * The most bytes {@link #serialize} writes.
   *
   * @param keyLength the group key's length
   * @param valueLength the value encoding's length
   * @return a bound for the buffer
   */
  public static int maxSerializedLength(int keyLength, int valueLength) {
    return 2 * keyLength + 3 + valueLength;
  }

  /**
   * Sets this key to serialized bytes, copying them.
   *
   * @param b the serialized form (as {@link #serialize} writes it)
   * @param off where it starts
   * @param len its length
   */
  public void setSerialized(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, 0, len);
    length = len;
  }

  /**
   * Sets this key to a group's aggregate record.
   *
   * @param key the group key's bytes
   * @param off where they start
   * @param len their length
   */
  public void setAggregate(byte[] key, int off, int len) {
    ensure(maxSerializedLength(len, 0));
    length = serialize(key, off, len, null, 0, 0, bytes, 0);
  }

  /**
   * Writes the serialized form of a group key and a value encoding into a buffer.
   *
   * @param key the group key's bytes
   * @param off where they start
   * @param len their length
   * @param value the {@link OrderedDecimal} encoding, or null for the aggregate record
   * @param voff where it starts
   * @param vlen its length
   * @param out receives the serialized form; needs {@link #maxSerializedLength} bytes from {@code at}
   * @param at where to write
   * @return the number of bytes written
   */
  public static int serialize(byte[] key, int off, int len, byte[] value, int voff, int vlen, byte[] out, int at) {
    int p = at;
    for (int i = off, end = off + len; i < end; i++) {
      byte b = key[i];
      out[p++] = b;
      if (b == 0) {
        out[p++] = 1;
      }
    }
    out[p++] = 0;
    out[p++] = 0;
    if (value == null) {
      out[p++] = AGGREGATE;
    } else {
      out[p++] = VALUE;
      System.arraycopy(value, voff, out, p, vlen);
      p += vlen;
    }
    return p - at;
  }

  /** @return the offset of the terminator 0x00 0x00 after the escaped group key in {@code b} from {@code s} */
  static int terminator(byte[] b, int s) {
    int i = s;
    while (true) {
      if (b[i] == 0) {
        if (b[i + 1] == 0) {
          return i;
        }
        i += 2; // an escaped 0x00
      } else {
        i++;
      }
    }
  }

  private void ensure(int n) {
    if (bytes.length < n) {
      bytes = Arrays.copyOf(bytes, Math.max(n, 2 * bytes.length));
    }
  }

  /**
   * Copies the group key (unescaped) into a Text.
   *
   * @param out receives the key's bytes
   */
  public void getKey(Text out) {
    int t = terminator(bytes, 0);
    byte[] raw = unescaped(bytes, t);
    out.set(raw == null ? bytes : raw, 0, raw == null ? t : raw.length);
  }

  /** @return the unescaped key when {@code b[0, t)} holds an escaped 0x00; null when it is the key as is */
  private static byte[] unescaped(byte[] b, int t) {
    int zeros = 0;
    for (int i = 0; i < t; i++) {
      if (b[i] == 0) {
        zeros++;
        i++;
      }
    }
    if (zeros == 0) {
      return null;
    }
    byte[] raw = new byte[t - zeros];
    int p = 0;
    for (int i = 0; i < t; i++) {
      raw[p++] = b[i];
      if (b[i] == 0) {
        i++;
      }
    }
    return raw;
  }

  /** @return whether this is a group's aggregate record (no value) */
  public boolean isAggregate() {
    return bytes[terminator(bytes, 0) + 2] == AGGREGATE;
  }

  /** @return the value of a value record, decoded */
  public BigDecimal value() {
    int v = terminator(bytes, 0) + 3;
    return OrderedDecimal.decode(bytes, v, length - v);
  }

  /** @return the serialized bytes (valid up to {@link #length()}) */
  public byte[] bytes() {
    return bytes;
  }

  /** @return the serialized length */
  public int length() {
    return length;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.write(bytes, 0, length);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int p = 0;
    while (true) { // the escaped key and its terminator
      ensure(p + 2);
      byte b = in.readByte();
      bytes[p++] = b;
      if (b == 0) {
        byte next = in.readByte();
        bytes[p++] = next;
        if (next == 0) {
          break;
        }
      }
    }
    ensure(p + 4);
    byte tag = in.readByte();
    bytes[p++] = tag;
    if (tag == VALUE) {
      int sign = in.readUnsignedByte();
      bytes[p++] = (byte) sign;
      if (sign != OrderedDecimal.ZERO_BYTE) {
        int end = sign == OrderedDecimal.NEGATIVE_BYTE ? 0xFF : 0;
        bytes[p++] = in.readByte(); // the exponent's two bytes
        bytes[p++] = in.readByte();
        while (true) {
          ensure(p + 1);
          int b = in.readUnsignedByte();
          bytes[p++] = (byte) b;
          if (b == end) {
            break;
          }
        }
      }
    } else if (tag != AGGREGATE) {
      throw new IOException("corrupt quantile key: tag " + tag);
    }
    length = p;
  }

  @Override
  public int compareTo(QuantileKey o) {
    return WritableComparator.compareBytes(bytes, 0, length, o.bytes, 0, o.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantileKey k && compareTo(k) == 0;
  }

  @Override
  public int hashCode() {
    return WritableComparator.hashBytes(bytes, length);
  }

  /** Sort order: the serialized bytes, unsigned (group key, then aggregate first, then ascending values). */
  public static class Comparator extends WritableComparator {
    /** Hadoop instantiates it by class. */
    public Comparator() {
      super(QuantileKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return compareBytes(b1, s1, l1, b2, s2, l2);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      return ((QuantileKey) a).compareTo((QuantileKey) b);
    }
  }

  /** Grouping: the escaped group key with its terminator only. */
  public static class GroupComparator extends WritableComparator {
    /** Hadoop instantiates it by class. */
    public GroupComparator() {
      super(QuantileKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return compareBytes(b1, s1, terminator(b1, s1) + 2 - s1, b2, s2, terminator(b2, s2) + 2 - s2);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      QuantileKey x = (QuantileKey) a;
      QuantileKey y = (QuantileKey) b;
      return compare(x.bytes, 0, x.length, y.bytes, 0, y.length);
    }
  }

  /**
   * Partitions by the group key only, exactly as {@code HashPartitioner} partitions the plain
   * {@code stats} job's Text keys, so a key goes to the same reducer with or without quantiles.
   */
  public static class KeyPartitioner extends Partitioner<QuantileKey, Object> {
    @Override
    public int getPartition(QuantileKey key, Object value, int numPartitions) {
      int t = terminator(key.bytes, 0);
      byte[] raw = unescaped(key.bytes, t);
      int h = raw == null ? WritableComparator.hashBytes(key.bytes, t) : WritableComparator.hashBytes(raw, raw.length);
      return (h & Integer.MAX_VALUE) % numPartitions;
    }
  }
}
