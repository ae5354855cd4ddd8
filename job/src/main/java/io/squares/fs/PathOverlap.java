package io.squares.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether two paths overlap: one is the other, contains it or lies inside it. Paths are compared
 * fully qualified (scheme, authority, then path component by component, so {@code /in} does not
 * contain {@code /input}). Local ({@code file:}) paths are first resolved as the operating system
 * sees them, symbolic links included: {@code toRealPath} of the longest existing ancestor, with the
 * rest of the path appended, so a link that points into an input is seen as the input.
 */
public final class PathOverlap {
  /** How a path stands to another. */
  public enum Relation {
    /** The same path. */
    SAME("is the same path as"),
    /** The first lies below the second. */
    INSIDE("lies inside"),
    /** The first has the second below it. */
    CONTAINS("contains"),
    /** Neither. */
    NONE("does not overlap");

    private final String phrase;

    Relation(String phrase) {
      this.phrase = phrase;
    }

    /** @return the relation as words between two paths, e.g. "lies inside" */
    public String phrase() {
      return phrase;
    }
  }

  private PathOverlap() {}

  /**
   * @param fs the path's filesystem
   * @param p a path
   * @return the path fully qualified; for a local path, with symbolic links resolved
   * @throws IOException when a local path's existing part cannot be resolved
   */
  public static Path resolve(FileSystem fs, Path p) throws IOException {
    Path q = fs.makeQualified(p);
    if (!"file".equalsIgnoreCase(q.toUri().getScheme())) {
      return q;
    }
    java.nio.file.Path local = java.nio.file.Path.of(q.toUri().getPath()).toAbsolutePath().normalize();
    Deque<String> missing = new ArrayDeque<>();
    java.nio.file.Path existing = local;
    while (existing.getParent() != null && !Files.exists(existing)) {
      missing.push(existing.getFileName().toString());
      existing = existing.getParent();
    }
    java.nio.file.Path real = Files.exists(existing) ? existing.toRealPath() : existing;
    while (!missing.isEmpty()) {
      real = real.resolve(missing.pop());
    }
    return new Path("file", null, real.toString());
  }

  /**
   * @param a a fully qualified path (see {@link #resolve})
   * @param b another
   * @return how {@code a} stands to {@code b}
   */
  public static Relation relation(Path a, Path b) {
    if (!same(a.toUri().getScheme(), b.toUri().getScheme())
        || !same(a.toUri().getAuthority(), b.toUri().getAuthority())) {
      return Relation.NONE;
    }
    String pa = trim(a.toUri().getPath());
    String pb = trim(b.toUri().getPath());
    if (pa.equals(pb)) {
      return Relation.SAME;
    }
    if (pa.startsWith(pb.endsWith("/") ? pb : pb + "/")) {
      return Relation.INSIDE;
    }
    if (pb.startsWith(pa.endsWith("/") ? pa : pa + "/")) {
      return Relation.CONTAINS;
    }
    return Relation.NONE;
  }

  private static boolean same(String x, String y) {
    return Objects.equals(x == null ? null : x.toLowerCase(Locale.ROOT), y == null ? null : y.toLowerCase(Locale.ROOT));
  }

  /** @return the path without a trailing slash (the root stays "/") */
  private static String trim(String p) {
    String s = p.isEmpty() ? "/" : p;
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
