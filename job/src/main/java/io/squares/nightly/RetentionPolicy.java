package io.squares.nightly;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which partitions (and staging directories) retention deletes: {@code --keep-days N} keeps the last
 * N days up to the processed date, so every {@code dt=} entry whose day is before
 * {@code date - (N - 1)} is expired. Days are compared as written ({@code YYYY-MM-DD} sorts as it
 * counts). Whether an expired entry is Squares' to delete is decided by the run, not here.
 *
 * @param date the processed date
 * @param keepDays the days kept, 1 or more
 */
public record RetentionPolicy(LocalDate date, long keepDays) {
  private static final LocalDate EARLIEST = LocalDate.of(0, 1, 1);

  /**
   * @param date the processed date
   * @param keepDays the days kept, 1 or more
   */
  public RetentionPolicy {
    if (keepDays < 1) {
      throw new IllegalArgumentException("keepDays " + keepDays + " < 1");
    }
  }

  /** @return the oldest day kept (no partition of a 4-digit year is older than 0000-01-01) */
  public LocalDate cutoff() {
    long back = keepDays - 1;
    return back >= date.toEpochDay() - EARLIEST.toEpochDay() ? EARLIEST : date.minusDays(back);
  }

  /**
   * @param names the entries of an output or staging root
   * @return the {@code dt=} entries older than the cutoff, in name order
   */
  public List<String> expired(Collection<String> names) {
    String cutoff = cutoff().toString();
    List<String> old = new ArrayList<>();
    for (String n : names) {
      String day = Partitions.day(n);
      if (day != null && day.compareTo(cutoff) < 0) {
        old.add(n);
      }
    }
    old.sort(null);
    return old;
  }
}
