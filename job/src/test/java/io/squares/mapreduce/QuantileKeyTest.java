package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.core.DecimalParser;
import io.squares.core.OrderedDecimal;
import io.squares.core.ParsedDecimal;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.partition.HashPartitioner;
import org.junit.jupiter.api.Test;

/** {@link QuantileKey}: raw comparators on serialized bytes against the objects, round trips, partitioning. */
class QuantileKeyTest {
  private static QuantileKey key(String group, String value) {
    byte[] k = group.getBytes(StandardCharsets.UTF_8);
    QuantileKey q = new QuantileKey();
    if (value == null) {
      q.setAggregate(k, 0, k.length);
      return q;
    }
    ParsedDecimal d = new ParsedDecimal();
    assertEquals(null, DecimalParser.parse(value, d));
    byte[] enc = new byte[OrderedDecimal.MAX_PARSED_LENGTH];
    int n = OrderedDecimal.encode(d, enc, 0);
    byte[] ser = new byte[QuantileKey.maxSerializedLength(k.length, n)];
    int len = QuantileKey.serialize(k, 0, k.length, enc, 0, n, ser, 0);
    q.setSerialized(ser, 0, len);
    return q;
  }

  private static byte[] bytes(QuantileKey k) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    k.write(out);
    return java.util.Arrays.copyOf(out.getData(), out.getLength());
  }

  /** The expected order: key bytes as Text orders them, then aggregate first, then numeric value. */
  private static int expected(String g1, String v1, String g2, String v2) {
    int c = new Text(g1).compareTo(new Text(g2));
    if (c != 0) {
      return Integer.signum(c);
    }
    if (v1 == null || v2 == null) {
      return v1 == null ? (v2 == null ? 0 : -1) : 1;
    }
    return Integer.signum(new BigDecimal(v1).compareTo(new BigDecimal(v2)));
  }

  @Test
  void rawComparatorsOnBytesAgreeWithTextOrderAndNumericOrder() throws IOException {
    String[] groups = {"", "a", "ab", "b", "a\u0000", "a\u0000b", "\u0000", "a\u0001", "Zürich", "\uFF21", "\uD83D\uDE00", "k".repeat(200), "k".repeat(201)};
    String[] values = {null, "0", "-0.5", "0.5", "-1", "10", "9.99", "1e999", "-1e-1000", "9223372036854775807",
        "-9223372036854775808", "12345678901234567890.123"};
    SplittableRandom r = new SplittableRandom(1);
    List<String[]> all = new ArrayList<>();
    for (String g : groups) {
      for (String v : values) {
        all.add(new String[] {g, v});
      }
      for (int i = 0; i < 20; i++) {
        all.add(new String[] {g, BigDecimal.valueOf(r.nextLong(-100000, 100000), r.nextInt(0, 4)).toPlainString()});
      }
    }
    QuantileKey.Comparator sort = new QuantileKey.Comparator();
    QuantileKey.GroupComparator group = new QuantileKey.GroupComparator();
    for (String[] x : all) {
      QuantileKey kx = key(x[0], x[1]);
      byte[] bx = bytes(kx);
      for (String[] y : all) {
        QuantileKey ky = key(y[0], y[1]);
        byte[] by = bytes(ky);
        int want = expected(x[0], x[1], y[0], y[1]);
        assertEquals(want, Integer.signum(sort.compare(bx, 0, bx.length, by, 0, by.length)), x[0] + x[1] + " vs " + y[0] + y[1]);
        assertEquals(want, Integer.signum(kx.compareTo(ky)));
        int wantGroup = Integer.signum(new Text(x[0]).compareTo(new Text(y[0])));
        assertEquals(wantGroup, Integer.signum(group.compare(bx, 0, bx.length, by, 0, by.length)));
        assertEquals(wantGroup, Integer.signum(group.compare(kx, ky)));
      }
    }
  }

  @Test
  void roundTripsAndPartitionsAsPlainStatsDoes() throws IOException {
    HashPartitioner<Text, Object> plain = new HashPartitioner<>();
    QuantileKey.KeyPartitioner byKey = new QuantileKey.KeyPartitioner();
    for (String g : new String[] {"", "a", "North, East", "k".repeat(300), "x\u0000y\u0000"}) {
      for (String v : new String[] {null, "-2.5", "1e999"}) {
        QuantileKey k = key(g, v);
        DataInputBuffer in = new DataInputBuffer();
        byte[] b = bytes(k);
        in.reset(b, b.length);
        QuantileKey back = new QuantileKey();
        back.readFields(in);
        assertEquals(k, back);
        assertEquals(v == null, back.isAggregate());
        Text t = new Text();
        back.getKey(t);
        assertEquals(g, t.toString());
        if (v != null) {
          assertEquals(0, new BigDecimal(v).compareTo(back.value()));
        }
        for (int parts : new int[] {1, 2, 3, 7}) {
          assertEquals(plain.getPartition(new Text(g), null, parts), byKey.getPartition(k, null, parts));
        }
      }
    }
    assertTrue(key("a", null).compareTo(key("a", "-1e999")) < 0);
  }
}
