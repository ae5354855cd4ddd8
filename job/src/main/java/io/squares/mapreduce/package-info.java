/** Hadoop MapReduce classes of the {@code square} and {@code stats} jobs. */
package io.squares.mapreduce;
