/**
 * The benchmark: the {@code squares bench} harness, the plain single-pass Java limit and the
 * textbook MapReduce baseline it measures {@code stats} against.
 */
package io.squares.bench;
