/**
 * {@code squares nightly}: the daily batch behind {@code bin/nightly}, in one JVM. For one date it
 * ingests the day's sources and runs {@code stats} through {@link io.squares.job.PipelineTool},
 * publishes the {@code dt=<date>} partition exactly once, and applies retention, with every
 * filesystem step through Hadoop's {@code FileSystem} API. The settings, the config file, partition
 * names, retention's selection and the status file are plain classes tested without Hadoop.
 */
package io.squares.nightly;
