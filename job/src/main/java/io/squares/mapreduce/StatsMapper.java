package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import org.apache.hadoop.io.Text;

/**
 * {@code stats} map: one partial aggregate of one value per good record, keyed by the key column
 * (or {@code *}). Key and value objects are reused; the combiner does the map-side merging.
 */
public class StatsMapper extends RecordMapper<Text, StatsWritable> {
  private final Text key = new Text(SquaresConfig.ALL_KEY);
  private final StatsWritable stats = new StatsWritable();

  @Override
  protected boolean keyed() {
    return true;
  }

  @Override
  protected void good(RecordExtractor extractor, byte[] line, int start, int end, Context context)
      throws IOException, InterruptedException {
    if (extractor.hasKey()) {
      key.set(extractor.keyBuffer(), extractor.keyStart(), extractor.keyEnd() - extractor.keyStart());
    }
    stats.reset();
    stats.add(extractor.value());
    context.write(key, stats);
  }
}
