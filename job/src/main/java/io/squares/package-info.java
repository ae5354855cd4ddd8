/** Squares: exact squares and per-key statistics on Hadoop MapReduce. Entry point and exit codes. */
package io.squares;
