package io.squares.ingest;

/**
 * One source as written in the manifest or on the command line, before filesystem globs are
 * expanded.
 *
 * @param uri the source URI or path, as written
 * @param name the staged file name from {@code name=}, or null to derive it from the URI
 * @param sha256 the expected sha256 from {@code sha256=} (64 lower-case hex digits), or null
 * @param origin where it was written, for messages: {@code list.txt line 3} or {@code argument 2}
 */
public record SourceSpec(String uri, String name, String sha256, String origin) {}
