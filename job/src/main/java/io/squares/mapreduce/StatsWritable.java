package io.squares.mapreduce;

import io.squares.core.ExactStats;
import org.apache.hadoop.io.Writable;

/**
 * The per-key state of {@code stats} as it travels between mapper, combiner and reducer: exact
 * count, sum, sum of squares, min and max. All arithmetic and serialization live in
 * {@link ExactStats}; this class only makes it a Hadoop {@link Writable}.
 */
public class StatsWritable extends ExactStats implements Writable {}
