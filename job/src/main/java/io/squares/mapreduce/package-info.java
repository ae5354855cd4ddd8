/**
 * Hadoop MapReduce classes of the {@code square} and {@code stats} jobs. {@code stats} has three
 * shapes: plain ({@link io.squares.mapreduce.StatsMapper}, {@link io.squares.mapreduce.StatsReducer}),
 * exact quantiles (a secondary sort on (key, value): {@link io.squares.mapreduce.QuantileMapper},
 * {@link io.squares.mapreduce.QuantileKey}, {@link io.squares.mapreduce.QuantileReducer}) and
 * approximate quantiles (KLL sketches in the aggregate: {@link io.squares.mapreduce.ApproxStatsWritable}).
 */
package io.squares.mapreduce;
