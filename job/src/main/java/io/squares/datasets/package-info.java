/**
 * Test-data tooling for Squares: a fast, deterministic generator of large keyed
 * {@code key,value} inputs ({@link io.squares.datasets.DatasetGenerator}).
 *
 * <p>JDK only, no Hadoop: the generator runs anywhere a JVM does, and is reached
 * from the command line as {@code bin/squares generate ...} (or
 * {@code datasets/generate ...}). The small hand-made datasets and their expected
 * outputs live in the repository's {@code datasets/} folder, computed by an
 * independent Python oracle.
 */
package io.squares.datasets;
