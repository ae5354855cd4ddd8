package io.squares.mapreduce;

import org.apache.hadoop.util.IndexedSortable;
import org.apache.hadoop.util.IndexedSorter;
import org.apache.hadoop.util.Progressable;
import org.apache.hadoop.util.QuickSort;

/**
 * The map-side sort ({@code map.sort.class}) of {@code stats}: Hadoop's {@link QuickSort}, except
 * that a spill already in order, or in reverse order, is recognized in one pass and left as it is
 * (or reversed). A {@code stats} map task emits its table in the sort's order
 * ({@link io.squares.core.KeyOrder}) at its end, so the final spill, the one the reducers wait for,
 * costs one comparison a record instead of a quicksort's twenty. Any other spill is sorted by
 * {@link QuickSort} after a comparison or two; the order of the result is Hadoop's either way (equal
 * keys may come in another order, which merging aggregates does not see).
 */
public final class PresortedSorter implements IndexedSorter {
  private final QuickSort quickSort = new QuickSort();

  @Override
  public void sort(IndexedSortable s, int l, int r) {
    sort(s, l, r, null);
  }

  @Override
  public void sort(IndexedSortable s, int l, int r, Progressable rep) {
    if (r - l < 2 || inOrder(s, l, r)) {
      return;
    }
    if (inReverseOrder(s, l, r)) {
      for (int i = l, j = r - 1; i < j; i++, j--) {
        s.swap(i, j);
      }
      return;
    }
    quickSort.sort(s, l, r, rep);
  }

  private static boolean inOrder(IndexedSortable s, int l, int r) {
    for (int i = l + 1; i < r; i++) {
      if (s.compare(i - 1, i) > 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean inReverseOrder(IndexedSortable s, int l, int r) {
    for (int i = l + 1; i < r; i++) {
      if (s.compare(i - 1, i) < 0) {
        return false;
      }
    }
    return true;
  }
}
