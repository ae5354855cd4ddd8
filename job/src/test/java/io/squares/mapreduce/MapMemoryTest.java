package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.squares.SquaresConfig;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** {@link MapMemory}: shares of the heap per map slot, and sort buffers within them. */
class MapMemoryTest {
  private static final long MB = 1 << 20;

  @Test
  void sharesAreDividedAmongLocalMapSlotsOnly() {
    Configuration local = new Configuration(false);
    local.set("mapreduce.framework.name", "local");
    local.setInt("mapreduce.local.map.tasks.maximum", 2);
    assertEquals(128 * MB, MapMemory.share(local, 1024 * MB, 0.25f));
    Configuration yarn = new Configuration(false);
    yarn.set("mapreduce.framework.name", "yarn");
    yarn.setInt("mapreduce.local.map.tasks.maximum", 2);
    assertEquals(256 * MB, MapMemory.share(yarn, 1024 * MB, 0.25f));
  }

  @Test
  void anExplicitTableSizeWinsAndNegativeMeansNoTable() {
    Configuration conf = new Configuration(false);
    conf.setLong(SquaresConfig.MAP_TABLE_BYTES, 12345);
    assertEquals(12345, MapMemory.tableBytes(conf));
    conf.setLong(SquaresConfig.MAP_TABLE_BYTES, -1);
    assertEquals(-1, MapMemory.tableBytes(conf));
    conf.unset(SquaresConfig.MAP_TABLE_BYTES);
    conf.setFloat(SquaresConfig.MAP_TABLE_FRACTION, 0.1f);
    assertEquals((long) (Runtime.getRuntime().maxMemory() * (double) 0.1f), MapMemory.tableBytes(conf));
  }

  @Test
  void sortBuffersHoldTheExpectedOutputWithinTheCap() {
    assertEquals(1, MapMemory.sortMb(0, 128 * MB));
    assertEquals(1, MapMemory.sortMb(50_000, 128 * MB));
    assertEquals(23, MapMemory.sortMb(20 * MB, 128 * MB)); // plus an eighth, rounded up
    assertEquals(128, MapMemory.sortMb(500 * MB, 128 * MB));
    assertEquals(2047, MapMemory.sortMb(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2)); // Hadoop's limit
  }

  @Test
  void aTaskWhoseKeysOverflowGetsTheSpillBufferWithinItsShare() {
    Configuration conf = new Configuration(false);
    conf.set("mapreduce.framework.name", "local");
    assertEquals(SquaresConfig.MAP_SPILL_SORT_MB_DEFAULT, MapMemory.spillSortMb(conf));
    conf.setInt(SquaresConfig.MAP_SPILL_SORT_MB, 64);
    assertEquals(64, MapMemory.spillSortMb(conf));
    conf.setFloat(SquaresConfig.MAP_SORT_FRACTION, 1e-9f); // a tiny heap share caps it
    assertEquals(1, MapMemory.spillSortMb(conf));
  }

  @Test
  void aTablesOutputIsEstimatedFromItsKeys() {
    assertEquals(1000 + 10 * (MapMemory.RECORD_OVERHEAD + MapMemory.AGGREGATE_BYTES + 5),
        MapMemory.tableOutputBytes(10, 1000));
  }
}
