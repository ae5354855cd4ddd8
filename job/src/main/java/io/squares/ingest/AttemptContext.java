package io.squares.ingest;

import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import org.apache.hadoop.conf.Configuration;

/**
 * What every attempt of one run shares.
 *
 * @param conf configuration for source filesystems
 * @param http the HTTP client (asynchronous)
 * @param io runs the blocking copies of filesystem sources
 * @param watchdog enforces timeouts
 * @param staging the staging directory
 * @param metrics the run's counters
 */
record AttemptContext(Configuration conf, HttpClient http, Executor io, Watchdog watchdog,
    StagingArea staging, IngestMetrics metrics) {}
