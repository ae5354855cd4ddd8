package io.squares.ingest;

import io.squares.ExitCode;
import io.squares.SquaresException;
import io.squares.core.Echo;
import io.squares.fs.PathOverlap;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Turns sources into splits before anything is fetched: http(s) URLs are one split each;
 * filesystem sources are expanded like job inputs (globs and directories to their files, sorted,
 * skipping names starting with {@code _} or {@code .}). Every staged name is checked and every
 * collision refused here, as is a source that overlaps the staging directory ({@link PathOverlap}), so a
 * bad manifest never leaves a half-ingested directory behind.
 */
public final class SplitPlanner {
  private SplitPlanner() {}

  /**
   * @param sources the sources, in order
   * @param conf configuration for the filesystems
   * @param stagingDir the staging directory (qualified): sources inside it are refused
   * @return the splits, in source order
   * @throws SquaresException a usage error (bad name, collision, unknown scheme, source inside the
   *     staging directory) or {@link ExitCode#INPUT_NOT_FOUND} when a filesystem source or glob
   *     matches nothing; each names the source and where it was given
   * @throws IOException when a filesystem cannot be listed
   */
  public static List<Split> plan(List<SourceSpec> sources, Configuration conf, Path stagingDir)
      throws SquaresException, IOException {
    Path staging = stagingDir == null ? null : PathOverlap.resolve(stagingDir.getFileSystem(conf), stagingDir);
    List<Split> splits = new ArrayList<>();
    for (SourceSpec spec : sources) {
      ManifestParser.checkUri(spec.origin(), spec.uri());
      String scheme = ManifestParser.scheme(spec.uri());
      if ("http".equals(scheme) || "https".equals(scheme)) {
        URI uri = URI.create(spec.uri());
        splits.add(new Split(spec, uri, name(spec, uri, SplitNames.derive(uri)), -1));
      } else {
        expand(spec, scheme, conf, staging, splits);
      }
    }
    SplitNames.checkUnique(splits);
    return splits;
  }

  private static String name(SourceSpec spec, URI source, String derived) throws SquaresException {
    String name = spec.name() != null ? spec.name() : derived;
    if (name == null) {
      throw SquaresException.usage(spec.origin() + ": cannot take a staged name from " + source
          + " (its path has no last segment); give name=");
    }
    String problem = SplitNames.problem(name);
    if (problem != null) {
      throw SquaresException.usage(spec.origin() + ": " + problem
          + (spec.name() == null ? " (taken from " + source + "; give name=)" : ""));
    }
    return name;
  }

  private static void expand(SourceSpec spec, String scheme, Configuration conf, Path stagingDir, List<Split> splits)
      throws SquaresException, IOException {
    if (scheme != null) {
      try {
        FileSystem.getFileSystemClass(scheme, conf);
      } catch (UnsupportedFileSystemException e) {
        throw SquaresException.usage(spec.origin() + ": unknown scheme '" + scheme + "' in " + spec.uri()
            + ": neither http(s) nor a Hadoop filesystem (no fs." + scheme + ".impl on the classpath)");
      }
    }
    Path pattern;
    try {
      pattern = new Path(spec.uri()); // Hadoop's parser: glob characters are allowed
    } catch (IllegalArgumentException e) {
      throw SquaresException.usage(spec.origin() + ": '" + Echo.quote(spec.uri()) + "' is not a valid path: "
          + e.getMessage());
    }
    FileSystem fs = pattern.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(pattern);
    if (matches == null || matches.length == 0) {
      throw new SquaresException(ExitCode.INPUT_NOT_FOUND, spec.origin() + ": " + spec.uri() + " matched nothing");
    }
    boolean literal = matches.length == 1 && fs.makeQualified(pattern).equals(matches[0].getPath());
    Arrays.sort(matches, Comparator.comparing(FileStatus::getPath));
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus m : matches) {
      refuseOverlap(spec, fs, m.getPath(), stagingDir);
      if (m.isDirectory()) {
        FileStatus[] children = fs.listStatus(m.getPath());
        Arrays.sort(children, Comparator.comparing(FileStatus::getPath));
        for (FileStatus c : children) {
          if (c.isFile() && visible(c.getPath())) {
            files.add(c);
          }
        }
      } else if (literal || visible(m.getPath())) {
        files.add(m);
      }
    }
    if (files.isEmpty()) {
      throw new SquaresException(ExitCode.INPUT_NOT_FOUND, spec.origin() + ": " + spec.uri()
          + " matched no files (only empty directories or hidden names starting with _ or .)");
    }
    if (files.size() > 1 && (spec.name() != null || spec.sha256() != null)) {
      throw SquaresException.usage(spec.origin() + ": " + (spec.name() != null ? "name=" : "sha256=")
          + " needs a single file, but " + spec.uri() + " matched " + files.size());
    }
    for (FileStatus f : files) {
      refuseOverlap(spec, fs, f.getPath(), stagingDir);
      splits.add(new Split(spec, f.getPath().toUri(), name(spec, f.getPath().toUri(), f.getPath().getName()), f.getLen()));
    }
  }

  /**
   * Refuses a source that is, contains or lies inside the staging directory: staging would then
   * write over what it reads, or read what it staged.
   */
  private static void refuseOverlap(SourceSpec spec, FileSystem fs, Path source, Path staging)
      throws SquaresException, IOException {
    if (staging == null) {
      return;
    }
    Path resolved = PathOverlap.resolve(fs, source);
    PathOverlap.Relation r = PathOverlap.relation(resolved, staging);
    if (r != PathOverlap.Relation.NONE) {
      throw SquaresException.usage(spec.origin() + ": source " + resolved + " " + r.phrase()
          + " the staging directory " + staging + "; stage elsewhere, so that nothing read can be replaced");
    }
  }

  private static boolean visible(Path p) {
    String n = p.getName();
    return !n.startsWith("_") && !n.startsWith(".");
  }
}
