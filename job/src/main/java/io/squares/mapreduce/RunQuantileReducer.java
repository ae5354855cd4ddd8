package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.QuantileSelection;
import io.squares.core.RunStore;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Exact quantiles' reduce by runs. Each call sees one key's records ({@link QuantileRun}): it
 * merges their exact aggregates, which give the key's count, and gathers their sorted runs in a
 * {@link RunStore} (in memory up to {@link SquaresConfig#QUANTILES_REDUCE_BUFFER_BYTES}, then in a
 * local file); a k-way merge of the runs then streams the key's distinct values in ascending order
 * into a {@link QuantileSelection}, which keeps only the values at the ranks the quantiles need,
 * and the merge stops once they are found. Writes
 * {@code key count sum sum_of_squares min max mean variance stddev q1 q2 ...}.
 */
public class RunQuantileReducer extends Reducer<Text, QuantileRun, Text, Text> {
  private final StatsWritable merged = new StatsWritable();
  private final StringBuilder line = new StringBuilder(256);
  private final StatsLines lines = new StatsLines();
  private final long[] seen = new long[1];
  private QuantileSelection selection;
  private RunStore store;

  @Override
  protected void setup(Context context) throws IOException {
    try {
      selection = new QuantileSelection(QuantileOptions.from(context.getConfiguration()).probabilities());
    } catch (SquaresException e) {
      throw new IOException(e.getMessage(), e);
    }
    long budget = context.getConfiguration().getLong(SquaresConfig.QUANTILES_REDUCE_BUFFER_BYTES,
        SquaresConfig.QUANTILES_REDUCE_BUFFER_BYTES_DEFAULT);
    // In a YARN container java.io.tmpdir is the container's own tmp directory, removed with it.
    Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
    store = new RunStore(budget, dir);
  }

  @Override
  protected void reduce(Text key, Iterable<QuantileRun> values, Context context)
      throws IOException, InterruptedException {
    merged.reset();
    store.clear();
    for (QuantileRun v : values) {
      merged.merge(v.stats());
      store.add(v.run(), 0, v.length());
    }
    if (store.spilled()) {
      context.getCounter(SquaresCounter.QUANTILE_KEYS_SPILLED).increment(1);
    }
    long n = merged.count();
    selection.start(n);
    seen[0] = 0;
    store.merge(e -> {
      long count = e.count();
      if (selection.wants(seen[0], count)) {
        selection.accept(seen[0], count, e.value());
      }
      seen[0] += count;
      return !selection.done();
    });
    if (!selection.done()) {
      throw new IOException("the values of " + key + " end at rank " + seen[0] + " of " + n);
    }
    line.setLength(0);
    merged.appendFields(line);
    selection.appendFields(line);
    lines.write(context, key, line);
  }

  @Override
  protected void cleanup(Context context) throws IOException {
    if (store != null) {
      store.close();
    }
  }
}
