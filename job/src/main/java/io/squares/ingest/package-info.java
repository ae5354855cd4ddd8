/**
 * Concurrent ingestion: fetching input splits from many sources (http(s) URLs and any Hadoop
 * filesystem) into a staging directory before a job is submitted.
 *
 * <p>The pieces, each owning one thing:
 * <ul>
 *   <li>{@link io.squares.ingest.ManifestParser}, {@link io.squares.ingest.SplitNames} and
 *       {@link io.squares.ingest.SourceSpec}: the manifest and the staged names (plain Java, no
 *       Hadoop); {@link io.squares.ingest.SplitPlanner} expands filesystem globs into
 *       {@link io.squares.ingest.Split}s.</li>
 *   <li>{@link io.squares.ingest.FetchLimiter}: a non-blocking permit queue bounding fetches in
 *       flight, globally and per host; a waiting fetch holds no thread.</li>
 *   <li>{@code HttpAttempt} (the JDK {@code HttpClient} async API with a body subscriber that
 *       writes chunks as they arrive) and {@code FileSystemAttempt}: one attempt at downloading
 *       one split, watched by the {@code Watchdog} for idle and whole-split timeouts.</li>
 *   <li>{@link io.squares.ingest.RetryDecider}: which failures are transient, and how long to
 *       back off (Hadoop's exponential backoff with jitter, or {@code Retry-After}).</li>
 *   <li>{@link io.squares.ingest.StagingArea}: atomic staging (hidden partial files renamed
 *       when verified, by the {@code Committer} once the download's permit is released),
 *       per-split verification records for resume, {@code _MANIFEST.json} and the
 *       {@code _INGESTED} marker.</li>
 *   <li>{@link io.squares.ingest.Ingester}: the whole run; {@link io.squares.ingest.IngestReport}
 *       and {@link io.squares.ingest.IngestProgress} tell the user how it went.</li>
 * </ul>
 */
package io.squares.ingest;
