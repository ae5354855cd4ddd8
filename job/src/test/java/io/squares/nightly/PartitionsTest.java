package io.squares.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

  @Test
  void aPartitionIsNamedByItsDay() {
    assertEquals("dt=2026-11-01", Partitions.name(DAY));
    assertEquals("2026-11-01", Partitions.day(Partitions.name(DAY)));
    for (String other : List.of("dt=2026-11-1", "dt=2026-11-01x", ".dt=2026-11-01", "dt=20261101", "_nightly")) {
      assertNull(Partitions.day(other), other);
    }
  }

  @Test
  void leftoversAreOnlyTheHiddenNamesSquaresGives() {
    assertTrue(Partitions.isLeftover(".dt=2026-11-01.squares-0a1b2c3d", DAY));
    assertTrue(Partitions.isLeftover(".dt=2026-11-01.squares-old-0a1b2c3d", DAY));
    assertTrue(Partitions.isLeftover(Partitions.deletingName("dt=2025-01-31", 1764000000000L), DAY));
    for (String keep : List.of(".dt=2026-11-02.squares-0a1b2c3d", ".dt=2026-11-01.squares-0A1B2C3D",
        ".dt=2026-11-01.squares-0a1b2c3", ".dt=2026-11-01.squares-0a1b2c3d.bak", ".dt=2026-11-01.squares-new-0a1b2c3d",
        "dt=2026-11-01", ".dt=2026-11-01.deleting-", ".dt=x.deleting-1", ".hidden", "_nightly")) {
      assertFalse(Partitions.isLeftover(keep, DAY), keep);
    }
  }
}
