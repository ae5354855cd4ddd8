package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.util.IndexedSortable;
import org.junit.jupiter.api.Test;

/** {@link PresortedSorter}: Hadoop's order for any input, and no quicksort for input in or against order. */
class PresortedSorterTest {

  /** Values to sort, counting swaps, as Hadoop's map output buffer is sorted by index. */
  private static final class Values implements IndexedSortable {
    final int[] v;
    int swaps;

    Values(int[] v) {
      this.v = v;
    }

    @Override
    public int compare(int i, int j) {
      return Integer.compare(v[i], v[j]);
    }

    @Override
    public void swap(int i, int j) {
      swaps++;
      int t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
  }

  private static Values sorted(int[] input, int from, int to) {
    Values s = new Values(input.clone());
    new PresortedSorter().sort(s, from, to);
    return s;
  }

  @Test
  void sortsAnyInputAsArraysSortDoes() {
    Random r = new Random(7);
    for (int round = 0; round < 300; round++) {
      int[] input = r.ints(r.nextInt(500), 0, 1 + r.nextInt(50)).toArray(); // duplicates too
      int from = input.length == 0 ? 0 : r.nextInt(input.length);
      int to = from + (input.length == from ? 0 : r.nextInt(input.length - from + 1));
      int[] expected = input.clone();
      Arrays.sort(expected, from, to);
      assertArrayEquals(expected, sorted(input, from, to).v, "round " + round);
    }
  }

  @Test
  void inputInOrderIsLeftAsItIsAndInputAgainstItIsReversed() {
    int[] ascending = {1, 2, 2, 5, 9, 9, 10};
    Values s = sorted(ascending, 0, ascending.length);
    assertArrayEquals(ascending, s.v);
    assertEquals(0, s.swaps);
    int[] descending = {10, 9, 9, 5, 2, 2, 1, 0};
    Values d = sorted(descending, 0, descending.length);
    assertArrayEquals(new int[] {0, 1, 2, 2, 5, 9, 9, 10}, d.v);
    assertEquals(descending.length / 2, d.swaps);
    int[] equal = {3, 3, 3};
    assertEquals(0, sorted(equal, 0, 3).swaps);
    int[] almost = {1, 2, 3, 5, 4};
    Values a = sorted(almost, 0, almost.length);
    assertArrayEquals(new int[] {1, 2, 3, 4, 5}, a.v);
    assertTrue(a.swaps > 0);
  }
}
