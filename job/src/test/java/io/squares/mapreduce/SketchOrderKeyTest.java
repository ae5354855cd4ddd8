package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.lib.partition.HashPartitioner;
import org.junit.jupiter.api.Test;

/**
 * {@link SketchOrderKey}: sorted (by Text's own raw comparator) as the plain keys sort, then by
 * file, block and sequence; grouped and partitioned by the plain key only, as plain {@code stats} partitions
 * it; on serialized bytes as on objects.
 */
class SketchOrderKeyTest {
  private static final byte[][] KEYS = {
      "".getBytes(StandardCharsets.UTF_8), "a".getBytes(StandardCharsets.UTF_8),
      "ab".getBytes(StandardCharsets.UTF_8), {'a', 0}, {'a', 0, 'c'}, {'a', 0, 0}, {0},
      "b".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8), {(byte) 0xFF, 1}};
  private static final int[] FILES = {0, 1, 255, 256, 70000, Integer.MAX_VALUE};
  private static final long[] BLOCKS = {0, 1, 255, 256, 1L << 33, Long.MAX_VALUE};
  private static final long[] SEQS = {0, 1, 255, 256, 65535, 65536, 1L << 40, Long.MAX_VALUE};

  private static byte[] serialized(Text t) throws IOException {
    DataOutputBuffer o = new DataOutputBuffer();
    t.write(o);
    return java.util.Arrays.copyOf(o.getData(), o.getLength());
  }

  private record Entry(Text plain, int file, long block, long seq, Text composite) {}

  private static List<Entry> entries() {
    SketchOrderKey order = new SketchOrderKey();
    List<Entry> all = new ArrayList<>();
    for (byte[] k : KEYS) {
      for (int f : FILES) {
        for (long b : BLOCKS) {
          for (long s : SEQS) {
            Text c = new Text();
            order.set(k, 0, k.length, f, b, s, c);
            all.add(new Entry(new Text(k), f, b, s, c));
          }
        }
      }
    }
    return all;
  }

  /** The wanted order: plain key as Text sorts it, then file, block, sequence. */
  private static int wanted(Entry a, Entry b) {
    int c = a.plain().compareTo(b.plain());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.file(), b.file());
    if (c != 0) {
      return c;
    }
    c = Long.compare(a.block(), b.block());
    return c != 0 ? c : Long.compare(a.seq(), b.seq());
  }

  @Test
  void sortsByKeyThenFileBlockAndSequenceAndGroupsByKey() throws IOException {
    List<Entry> all = entries();
    WritableComparator sort = WritableComparator.get(Text.class);
    SketchOrderKey.GroupComparator group = new SketchOrderKey.GroupComparator();
    Random r = new Random(1);
    for (int i = 0; i < 50000; i++) {
      Entry a = all.get(r.nextInt(all.size()));
      Entry b = all.get(r.nextInt(all.size()));
      byte[] sa = serialized(a.composite());
      byte[] sb = serialized(b.composite());
      assertEquals(Integer.signum(wanted(a, b)), Integer.signum(sort.compare(sa, 0, sa.length, sb, 0, sb.length)));
      int g = Integer.signum(a.plain().compareTo(b.plain()));
      assertEquals(g, Integer.signum(group.compare(sa, 0, sa.length, sb, 0, sb.length)), a + " " + b);
      assertEquals(g, Integer.signum(group.compare(a.composite(), b.composite())));
    }
  }

  @Test
  void partitionsAndDecodesAsThePlainKey() {
    HashPartitioner<Text, Object> plain = new HashPartitioner<>();
    SketchOrderKey.KeyPartitioner ours = new SketchOrderKey.KeyPartitioner();
    Text decoded = new Text();
    for (Entry e : entries()) {
      for (int n : new int[] {1, 2, 3, 7}) {
        assertEquals(plain.getPartition(e.plain(), null, n), ours.getPartition(e.composite(), null, n));
      }
      SketchOrderKey.groupKey(e.composite(), decoded);
      assertEquals(e.plain(), decoded);
      assertEquals(e.file(), SketchOrderKey.number(e.composite(), 0));
      assertEquals(e.block(), SketchOrderKey.number(e.composite(), 1));
      assertEquals(e.seq(), SketchOrderKey.number(e.composite(), 2));
    }
  }
}
