package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyOrder} against the JDK: entries sorted by partition, then by {@link Arrays#compareUnsigned}
 * of their key bytes, ties in entry order (a stable sort of boxed indices).
 */
class KeyOrderTest {

  /** Keys and their partitions, laid out in one arena as a table holds them. */
  private record Keys(byte[] arena, int[] offsets, int[] lengths, int[] partitions) {
    static Keys of(List<byte[]> keys, int[] partitions) {
      ByteArrayOutputStream arena = new ByteArrayOutputStream();
      int[] offsets = new int[keys.size()];
      int[] lengths = new int[keys.size()];
      for (int i = 0; i < keys.size(); i++) {
        offsets[i] = arena.size();
        lengths[i] = keys.get(i).length;
        arena.writeBytes(keys.get(i));
      }
      arena.writeBytes(new byte[3]); // a table's arena may be longer than its keys
      return new Keys(arena.toByteArray(), offsets, lengths, partitions);
    }

    int[] oracle() {
      Comparator<Integer> byPartition = Comparator.comparingInt(e -> partitions[e]);
      Comparator<Integer> byKey = (x, y) -> Arrays.compareUnsigned(arena, offsets[x], offsets[x] + lengths[x],
          arena, offsets[y], offsets[y] + lengths[y]);
      return IntStream.range(0, offsets.length).boxed().sorted(byPartition.thenComparing(byKey))
          .mapToInt(Integer::intValue).toArray(); // Stream.sorted is stable: ties keep entry order
    }

    int[] sorted() {
      return KeyOrder.sort(arena, offsets, lengths, partitions);
    }
  }

  private static byte[] randomKey(Random r, byte[] common) {
    int len = r.nextInt(4) == 0 ? r.nextInt(3) : r.nextInt(20);
    byte[] k = new byte[len];
    for (int i = 0; i < len; i++) {
      // few distinct bytes, including 0x00 (which pads short prefixes) and bytes over 0x7F
      k[i] = i < common.length && r.nextBoolean() ? common[i] : (byte) new int[] {0, 1, 'a', 'b', 0x7F, 0x80, 0xFF}[r.nextInt(7)];
    }
    return k;
  }

  @Test
  void sortsRandomKeysAsHadoopSortsTextByPartitionThenUnsignedBytes() {
    Random r = new Random(42);
    byte[] common = "customer_0000".getBytes();
    for (int round = 0; round < 200; round++) {
      int n = r.nextInt(round < 10 ? 3 : 2_000);
      int partitions = 1 + r.nextInt(4);
      List<byte[]> keys = IntStream.range(0, n).mapToObj(i -> randomKey(r, common)).toList();
      int[] parts = IntStream.range(0, n).map(i -> r.nextInt(partitions)).toArray();
      Keys k = Keys.of(keys, parts);
      assertArrayEquals(k.oracle(), k.sorted(), "round " + round);
    }
  }

  @Test
  void keysSharingLongPrefixesAndPaddingLikeBytesAreOrderedByTheirWholeBytes() {
    // equal first eight bytes, zero bytes where a shorter key is padded, prefixes of each other
    List<byte[]> keys = List.of("customer_000123".getBytes(), "customer_00012".getBytes(), "customer".getBytes(),
        "custome".getBytes(), new byte[] {'a', 'b'}, new byte[] {'a', 'b', 0}, new byte[] {'a', 'b', 0, 0, 0, 0, 0, 0, 1},
        new byte[] {'a', 'b', 0, 0, 0, 0, 0, 0}, new byte[0], new byte[] {(byte) 0xFF}, new byte[] {0x7F},
        "customer_000123".getBytes());
    Keys k = Keys.of(keys, new int[keys.size()]);
    assertArrayEquals(k.oracle(), k.sorted());
    Keys split = Keys.of(keys, new int[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0});
    assertArrayEquals(split.oracle(), split.sorted());
  }

  @Test
  void refusesNegativePartitionsAndMismatchedArrays() {
    assertThrows(IllegalArgumentException.class,
        () -> KeyOrder.sort(new byte[1], new int[] {0}, new int[] {1}, new int[] {-1}));
    assertThrows(IllegalArgumentException.class,
        () -> KeyOrder.sort(new byte[1], new int[] {0}, new int[] {1}, new int[0]));
  }
}
