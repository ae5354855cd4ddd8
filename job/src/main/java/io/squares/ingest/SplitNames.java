package io.squares.ingest;

import io.squares.SquaresException;
import io.squares.core.Echo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names splits are staged under: derived from a source's last path segment, checked so that
 * no name escapes the staging directory or is hidden from Hadoop's input listing, and unique.
 */
public final class SplitNames {
  /** Longest staged name, in UTF-8 bytes: 255 (the usual filesystem limit) less room for the partial and record suffixes. */
  public static final int MAX_NAME_BYTES = 200;

  private SplitNames() {}

  /**
   * @param uri a source URI
   * @return the last segment of its (decoded) path, or null when the path ends with {@code /} or
   *     there is none
   */
  public static String derive(URI uri) {
    String path = uri.getPath();
    if (path == null || path.isEmpty() || path.endsWith("/")) {
      return null;
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * @param name a staged name
   * @return why it cannot be used, or null when it can
   */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "the staged name is empty";
    }
    if (name.startsWith("/") || name.startsWith("\\")) {
      return "the staged name '" + Echo.quote(name) + "' is absolute: it would escape the staging directory";
    }
    for (String segment : name.split("[/\\\\]", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return "the staged name '" + Echo.quote(name) + "' would escape the staging directory";
      }
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      return "the staged name '" + Echo.quote(name) + "' contains a path separator: staged names are plain file names";
    }
    if (name.startsWith("_") || name.startsWith(".")) {
      return "the staged name '" + Echo.quote(name) + "' starts with '" + name.charAt(0)
          + "': Hadoop skips such files as hidden; choose another with name=";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "the staged name '" + Echo.quote(name) + "' contains a control character";
      }
    }
    if (name.indexOf(':') >= 0) {
      return "the staged name '" + Echo.quote(name) + "' contains ':', which Hadoop paths do not allow in a file name";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "the staged name '" + Echo.quote(name) + "' is longer than " + MAX_NAME_BYTES + " bytes";
    }
    return null;
  }

  /**
   * Refuses two splits that would stage under the same name, also when the names differ only in
   * case (they would collide on a case-insensitive filesystem).
   *
   * @param splits the planned splits
   * @throws SquaresException a usage error naming both sources and where they were given
   */
  public static void checkUnique(List<Split> splits) throws SquaresException {
    Map<String, Split> seen = new HashMap<>();
    for (Split s : splits) {
      Split other = seen.putIfAbsent(s.name().toLowerCase(Locale.ROOT), s);
      if (other != null) {
        String how = other.name().equals(s.name()) ? "" : " (names differing only in case collide on some filesystems)";
        throw SquaresException.usage("two sources would stage under the same name '" + s.name() + "'" + how
            + ": " + other.uri() + " (" + other.spec().origin() + ") and " + s.uri() + " (" + s.spec().origin()
            + "); give one of them name=");
      }
    }
  }
}
