package io.squares.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

  @Test
  void keepsTheLastNDaysUpToTheDate() {
    assertEquals(DAY, new RetentionPolicy(DAY, 1).cutoff());
    assertEquals(LocalDate.of(2026, 2, 28), new RetentionPolicy(DAY, 2).cutoff()); // across a month end
    assertEquals(LocalDate.of(2025, 3, 2), new RetentionPolicy(DAY, 365).cutoff());
    assertEquals(LocalDate.of(0, 1, 1), new RetentionPolicy(DAY, NightlySettings.MAX_KEEP_DAYS).cutoff());
    assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(DAY, 0));
  }

  @Test
  void expiresExactlyThePartitionNamesOlderThanTheCutoff() {
    // Every day of a year around the date, plus names that are not partitions.
    List<String> names = new ArrayList<>(List.of("_nightly", ".dt=2020-01-01.deleting-5", "dt=1999-12-31x", "x"));
    for (LocalDate d = DAY.minusDays(200); d.isBefore(DAY.plusDays(10)); d = d.plusDays(1)) {
      names.add("dt=" + d);
    }
    for (long keep : new long[] {1, 2, 30, 31, 365, NightlySettings.MAX_KEEP_DAYS}) {
      RetentionPolicy p = new RetentionPolicy(DAY, keep);
      List<String> expected = new ArrayList<>();
      for (LocalDate d = DAY.minusDays(200); d.isBefore(DAY.plusDays(10)); d = d.plusDays(1)) {
        // kept: the keep days ending with DAY (DAY - keep + 1 .. DAY), and anything later
        if (d.plusDays(Math.min(keep, 100_000)).isBefore(DAY.plusDays(1))) {
          expected.add("dt=" + d);
        }
      }
      assertEquals(expected, p.expired(names), "keep " + keep);
    }
  }
}
