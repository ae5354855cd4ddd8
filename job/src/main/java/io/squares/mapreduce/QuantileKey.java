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
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * The map output key of exact quantiles: a group key and, for a value record, the value in
 * {@link OrderedDecimal} form; for the group's aggregate record, no value. Serialized as
 * {@code vint keyLength, key bytes, vint valueLength, value bytes}: the object holds exactly these
 * bytes, so writing it is one copy and the map task can build it in a hash table's arena.
 *
 * <p>Sorted ({@link Comparator}, on the serialized bytes) by key bytes as {@link Text} sorts them,
 * then by value bytes: the aggregate record (empty value) first, then the values in ascending
 * numeric order. Grouped ({@link GroupComparator}) and partitioned ({@link KeyPartitioner}, as
 * {@code HashPartitioner} partitions a Text key) by the key bytes only, so a reducer sees each
 * group once: its aggregates, then its values in order.
 */
public class QuantileKey implements WritableComparable<QuantileKey> {
  private byte[] bytes = new byte[64];
  private int length;

  /** Creates an empty key (for deserialization). */
  public QuantileKey() {
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
    ensure(len + 10);
    length = serialize(key, off, len, null, 0, 0, bytes, 0);
  }

  /**
   * Writes the serialized form of a key and a value encoding into a buffer.
   *
   * @param key the group key's bytes
   * @param off where they start
   * @param len their length
   * @param value the {@link OrderedDecimal} encoding, or null (with vlen 0) for the aggregate
   * @param voff where it starts
   * @param vlen its length
   * @param out receives the serialized form; needs {@code len + vlen + 10} bytes from {@code at}
   * @param at where to write
   * @return the number of bytes written
   */
  public static int serialize(byte[] key, int off, int len, byte[] value, int voff, int vlen, byte[] out, int at) {
    int p = putVInt(out, at, len);
    System.arraycopy(key, off, out, p, len);
    p += len;
    p = putVInt(out, p, vlen);
    if (vlen > 0) {
      System.arraycopy(value, voff, out, p, vlen);
      p += vlen;
    }
    return p - at;
  }

  /** Writes a non-negative int in Hadoop's vint format ({@link WritableUtils#writeVInt}). */
  static int putVInt(byte[] out, int at, int v) {
    if (v <= 127) {
      out[at] = (byte) v;
      return at + 1;
    }
    int n = 0;
    for (int t = v; t != 0; t >>>= 8) {
      n++;
    }
    out[at++] = (byte) (-112 - n);
    for (int i = n - 1; i >= 0; i--) {
      out[at++] = (byte) (v >>> (8 * i));
    }
    return at;
  }

  private void ensure(int n) {
    if (bytes.length < n) {
      bytes = Arrays.copyOf(bytes, Math.max(n, 2 * bytes.length));
    }
  }

  /** @return where the group key starts in {@link #bytes()} */
  private int keyStart() {
    return WritableUtils.decodeVIntSize(bytes[0]);
  }

  /** @return the group key's length */
  public int keyLength() {
    try {
      return WritableComparator.readVInt(bytes, 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies the group key into a Text.
   *
   * @param out receives the key's bytes
   */
  public void getKey(Text out) {
    out.set(bytes, keyStart(), keyLength());
  }

  /** @return whether this is a group's aggregate record (no value) */
  public boolean isAggregate() {
    int v = keyStart() + keyLength();
    return bytes[v] == 0;
  }

  /** @return the value of a value record, decoded */
  public BigDecimal value() {
    int v = keyStart() + keyLength();
    int vlen;
    try {
      vlen = WritableComparator.readVInt(bytes, v);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int start = v + WritableUtils.decodeVIntSize(bytes[v]);
    return OrderedDecimal.decode(bytes, start, vlen);
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
    int keyLen = WritableUtils.readVInt(in);
    ensure(keyLen + 10);
    int p = putVInt(bytes, 0, keyLen);
    in.readFully(bytes, p, keyLen);
    p += keyLen;
    int vlen = WritableUtils.readVInt(in);
    ensure(p + 5 + vlen);
    p = putVInt(bytes, p, vlen);
    in.readFully(bytes, p, vlen);
    length = p + vlen;
  }

  @Override
  public int compareTo(QuantileKey o) {
    return Comparator.compareSerialized(bytes, 0, length, o.bytes, 0, o.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantileKey k && compareTo(k) == 0;
  }

  @Override
  public int hashCode() {
    return WritableComparator.hashBytes(bytes, length);
  }

  /** Sort order: key bytes, then value bytes (aggregate first, then ascending values). */
  public static class Comparator extends WritableComparator {
    /** Registers nothing; Hadoop instantiates it by class. */
    public Comparator() {
      super(QuantileKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return compareSerialized(b1, s1, l1, b2, s2, l2);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      return ((QuantileKey) a).compareTo((QuantileKey) b);
    }

    static int compareSerialized(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      int k1 = vint(b1, s1);
      int k2 = vint(b2, s2);
      int h1 = s1 + WritableUtils.decodeVIntSize(b1[s1]);
      int h2 = s2 + WritableUtils.decodeVIntSize(b2[s2]);
      int c = compareBytes(b1, h1, k1, b2, h2, k2);
      if (c != 0) {
        return c;
      }
      int v1 = h1 + k1;
      int v2 = h2 + k2;
      v1 += WritableUtils.decodeVIntSize(b1[v1]);
      v2 += WritableUtils.decodeVIntSize(b2[v2]);
      return compareBytes(b1, v1, s1 + l1 - v1, b2, v2, s2 + l2 - v2);
    }

    static int vint(byte[] b, int s) {
      if (b[s] >= -112) {
        return b[s];
      }
      try {
        return WritableComparator.readVInt(b, s);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Grouping: key bytes only. */
  public static class GroupComparator extends WritableComparator {
    /** Hadoop instantiates it by class. */
    public GroupComparator() {
      super(QuantileKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      int k1 = Comparator.vint(b1, s1);
      int k2 = Comparator.vint(b2, s2);
      return compareBytes(b1, s1 + WritableUtils.decodeVIntSize(b1[s1]), k1,
          b2, s2 + WritableUtils.decodeVIntSize(b2[s2]), k2);
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
   * Partitions by the key bytes only, exactly as {@code HashPartitioner} partitions the plain
   * {@code stats} job's Text keys, so a key goes to the same reducer with or without quantiles.
   */
  public static class KeyPartitioner extends Partitioner<QuantileKey, Object> {
    @Override
    public int getPartition(QuantileKey key, Object value, int numPartitions) {
      int h = WritableComparator.hashBytes(key.bytes, key.keyStart(), key.keyLength());
      return (h & Integer.MAX_VALUE) % numPartitions;
    }
  }
}
