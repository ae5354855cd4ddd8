/**
 * Drivers: command-line parsing, input expansion, atomic output publishing, summaries and exit
 * codes around the Hadoop jobs.
 */
package io.squares.job;
