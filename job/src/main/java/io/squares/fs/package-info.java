/**
 * Filesystem helpers for local mode: Hadoop's local filesystem without a process forked per
 * permission change.
 */
package io.squares.fs;
