/**
 * Filesystem helpers below both the drivers and ingestion: Hadoop's local filesystem without a
 * process forked per permission change, and {@link io.squares.fs.PathOverlap}, which tells whether
 * an output would overlap an input.
 */
package io.squares.fs;
