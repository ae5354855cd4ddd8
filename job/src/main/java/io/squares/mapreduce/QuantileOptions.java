package io.squares.mapreduce;

import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.Quantiles;
import java.math.BigDecimal;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The quantile settings of a {@code stats} job, read and checked from its configuration
 * ({@link SquaresConfig#QUANTILES}, {@link SquaresConfig#DESCRIBE},
 * {@link SquaresConfig#QUANTILES_APPROX}, {@link SquaresConfig#QUANTILES_APPROX_K}) by the driver
 * and again by each task.
 *
 * @param probabilities the quantiles to add, in output order; empty for none
 * @param approximate whether they come from KLL sketches rather than exactly
 * @param k the KLL sketch's k (approximate only)
 */
public record QuantileOptions(List<BigDecimal> probabilities, boolean approximate, int k) {
  /** Smallest KLL k the sketch library accepts. */
  public static final int MIN_K = 8;
  /** Largest KLL k the sketch library accepts. */
  public static final int MAX_K = 65535;

  /**
   * Reads the settings.
   *
   * @param conf the job configuration
   * @return the settings; {@link #enabled()} is false when no quantile was asked for
   * @throws SquaresException a usage error naming the bad setting
   */
  public static QuantileOptions from(Configuration conf) throws SquaresException {
    String list = conf.getTrimmed(SquaresConfig.QUANTILES, "");
    boolean describe = conf.getBoolean(SquaresConfig.DESCRIBE, false);
    boolean approximate = conf.getBoolean(SquaresConfig.QUANTILES_APPROX, SquaresConfig.QUANTILES_APPROX_DEFAULT);
    if (describe && !list.isEmpty()) {
      throw SquaresException.usage("--describe and --quantiles " + list + ": give one of them"
          + " (--describe means --quantiles " + Quantiles.DESCRIBE + ")");
    }
    if (describe || (approximate && list.isEmpty())) {
      list = Quantiles.DESCRIBE;
    }
    int k = conf.getInt(SquaresConfig.QUANTILES_APPROX_K, SquaresConfig.QUANTILES_APPROX_K_DEFAULT);
    if (k < MIN_K || k > MAX_K) {
      throw SquaresException.usage(SquaresConfig.QUANTILES_APPROX_K + "=" + k + ": use " + MIN_K + " to " + MAX_K);
    }
    if (list.isEmpty()) {
      return new QuantileOptions(List.of(), false, k);
    }
    try {
      return new QuantileOptions(Quantiles.parse(list), approximate, k);
    } catch (IllegalArgumentException e) {
      throw SquaresException.usage("--quantiles " + list + ": " + e.getMessage());
    }
  }

  /** @return whether quantile columns are added */
  public boolean enabled() {
    return !probabilities.isEmpty();
  }
}
