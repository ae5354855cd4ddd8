/**
 * Hadoop MapReduce classes of the {@code square} and {@code stats} jobs. {@code stats} has four
 * shapes: plain ({@link io.squares.mapreduce.StatsMapper}, {@link io.squares.mapreduce.StatsReducer}),
 * exact quantiles by sorted runs (the default: {@link io.squares.mapreduce.RunQuantileMapper},
 * {@link io.squares.mapreduce.QuantileRun}, {@link io.squares.mapreduce.RunQuantileReducer}),
 * exact quantiles by a secondary sort on (key, value) ({@link io.squares.mapreduce.QuantileMapper},
 * {@link io.squares.mapreduce.QuantileKey}, {@link io.squares.mapreduce.QuantileReducer}) and
 * approximate quantiles (KLL sketches in the aggregate: {@link io.squares.mapreduce.ApproxStatsWritable},
 * built per sketch block ({@link io.squares.mapreduce.SketchBlocks}) and merged in a fixed order by a
 * secondary sort on {@link io.squares.mapreduce.SketchOrderKey}).
 */
package io.squares.mapreduce;
