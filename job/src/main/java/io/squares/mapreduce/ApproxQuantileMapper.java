package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.AggregateTable;
import io.squares.core.SeededCoins;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * {@code stats} map with approximate quantiles: {@link StatsMapper}'s in-mapper combining, with a
 * KLL sketch beside each key's exact aggregate ({@link ApproxTable}, emitted as
 * {@link ApproxStatsWritable}s). A sketch is larger than an
 * exact aggregate (up to a few thousand doubles for k = 200), so the table holds at most as many
 * keys as {@link SquaresConfig#QUANTILES_MAP_BUFFER_BYTES} allows at about 24·k bytes a key (plus
 * its buffer of values not yet in the sketch, {@link ApproxStatsWritable#PENDING_BYTES}).
 *
 * <p>Deterministic whatever the split layout: the task works in sketch blocks ({@link
 * SketchBlocks}, {@link SquaresConfig#QUANTILES_APPROX_BLOCK_BYTES}), which splits never cut. When a
 * record's block differs from the previous record's, the task emits its table and starts over
 * ({@link StatsMapper#restart}: table memory, hit rate and bypass, flush count), so a block's partial
 * sketches are the same whichever split holds it and whatever came before it in the split. The
 * table's byte budget is a setting ({@link SquaresConfig#MAP_TABLE_BYTES} when set, else {@link
 * SquaresConfig#QUANTILES_MAP_BUFFER_BYTES}), never a share of the heap, so where the table is
 * emitted depends on the block's records and the settings only. Each key's sketch is seeded from
 * the key's bytes, the block (its file's place in the input list and its number in the file) and
 * the table's flush number in the block ({@link SeededCoins#seed}); each output record's key is a
 * {@link SketchOrderKey} carrying the file, the block and the record's sequence number in the
 * block, so the reducer merges a key's partial sketches in an order fixed by the input alone.
 * Nothing depends on the map task's index, the number of slots, the heap or timing.
 */
public class ApproxQuantileMapper extends StatsMapper {
  private final SketchOrderKey order = new SketchOrderKey();
  private final Text outKey = new Text();
  private int k;
  private int file;
  private long blockBytes;
  private int terminatorBytes;
  /** The current block (-1 before the first record) and its range of record offsets less L. */
  private long block = -1;
  private long blockLow;
  private long blockHigh = Long.MIN_VALUE;
  /** Seed component naming (file, block). */
  private long blockId;
  private long sequence;
  /** Whether the table is being emitted because its block ended (not because it filled). */
  private boolean blockEnded;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    try {
      k = QuantileOptions.from(conf).k();
      blockBytes = SketchBlocks.blockBytes(conf);
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    terminatorBytes = SketchBlocks.terminatorBytes(conf);
    InputSplit split = context.getInputSplit();
    if (!(split instanceof OrderedFileSplit ordered)) {
      throw new IOException("approximate quantiles need LineBlockInputFormat's splits, not " + split.getClass().getName());
    }
    file = ordered.fileOrdinal();
    super.setup(context);
  }

  @Override
  protected void good(RecordExtractor extractor, byte[] line, int start, int end, Context context)
      throws IOException, InterruptedException {
    long at = Math.max(0, recordOffset() - terminatorBytes);
    if (at >= blockHigh || at < blockLow) {
      enterBlock(SketchBlocks.block(recordOffset(), terminatorBytes, blockBytes), context);
    }
    super.good(extractor, line, start, end, context);
  }

  /** Emits what the previous block left in the table and starts block {@code b} afresh. */
  private void enterBlock(long b, Context context) throws IOException, InterruptedException {
    if (block >= 0) {
      blockEnded = true;
      try {
        restart(context);
      } finally {
        blockEnded = false;
      }
    }
    block = b;
    blockLow = b * blockBytes;
    blockHigh = blockLow + blockBytes;
    blockId = SeededCoins.seed(file, b, 0);
    sequence = 0;
  }

  @Override
  protected int maxKeys(Configuration conf) {
    long budget = conf.getLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES,
        SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT);
    long bySketches = Math.max(1, budget / (24L * k + ApproxStatsWritable.PENDING_BYTES));
    return (int) Math.min(super.maxKeys(conf), bySketches);
  }

  /**
   * The sort buffer (with {@link DeferredSortBuffer}): when the first output is a block's table, the
   * table held the block's keys and each leaves as one partial sketch (up to a few KB each), so the
   * buffer the job chose stays ({@code StatsTool}'s local-mode size, or Hadoop's); when it is a table
   * that filled within its block, keys overflow it and records leave nearly one by one, so the small
   * overflow buffer ({@link MapMemory#spillSortMb}): small sorts and one merge cost less than one
   * large, cache-missing sort (20M rows x 500,000 keys: 43.6 s against 64-65 s, same output).
   */
  @Override
  protected int sortBufferMb(Configuration conf, boolean overflowed, AggregateTable<StatsWritable> table) {
    return sortBufferMb(conf, overflowed, blockEnded);
  }

  /**
   * @param conf the task's configuration
   * @param overflowed whether more records follow the table's
   * @param blockEnded whether the table is emitted because its block ended
   * @return the sort buffer in MiB
   */
  static int sortBufferMb(Configuration conf, boolean overflowed, boolean blockEnded) {
    if (blockEnded || !overflowed) {
      return conf.getInt(MRJobConfig.IO_SORT_MB, MRJobConfig.DEFAULT_IO_SORT_MB);
    }
    return MapMemory.spillSortMb(conf);
  }

  @Override
  protected long tableBytes(Configuration conf) {
    long set = conf.getLong(SquaresConfig.MAP_TABLE_BYTES, 0);
    return set != 0 ? set : conf.getLong(SquaresConfig.QUANTILES_MAP_BUFFER_BYTES,
        SquaresConfig.QUANTILES_MAP_BUFFER_BYTES_DEFAULT);
  }

  @Override
  protected AggregateTable<StatsWritable> newTable(long bytes) {
    return new ApproxTable(k, bytes);
  }

  @Override
  protected void started(AggregateTable<StatsWritable> table, int entry, byte[] kb, int ks, int ke) {
    long h = SeededCoins.hash(kb, ks, ke - ks);
    ((ApproxTable) table).seed(entry, SeededCoins.seed(h, blockId, flushes()));
  }

  @Override
  protected void emit(Context context, Text groupKey, StatsWritable value) throws IOException, InterruptedException {
    order.set(groupKey.getBytes(), 0, groupKey.getLength(), file, block, sequence++, outKey);
    context.write(outKey, value);
  }

  @Override
  protected StatsWritable newStats() {
    return new ApproxStatsWritable(k);
  }
}
