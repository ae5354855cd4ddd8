package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.Echo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Expands the input arguments (files, directories, globs, on any Hadoop filesystem) into the
 * ordered list of files a job reads: arguments in the order given, a directory's or a glob's files
 * sorted by name. As in {@code FileInputFormat}, names starting with {@code _} or {@code .} are
 * skipped inside directories and globs. A subdirectory of an input directory is read only with
 * {@link SquaresConfig#INPUT_RECURSIVE} (depth first, sorted by name at each level); without it
 * the input is refused, naming the subdirectory, rather than read without its files (Hadoop's
 * {@code FileInputFormat} fails on one too).
 */
public final class InputExpander {
  private InputExpander() {}

  /**
   * @param conf configuration for the filesystems
   * @param args input arguments
   * @return the files, fully qualified, each once, in input order
   * @throws SquaresException {@link ExitCode#INPUT_NOT_FOUND} naming the argument that matched
   *     nothing, or when there are no files at all
   * @throws IOException when a filesystem cannot be listed
   */
  public static List<Path> expand(Configuration conf, List<String> args) throws SquaresException, IOException {
    List<Path> unread = new ArrayList<>();
    List<Path> files = expand(conf, args, new ArrayList<>(), unread);
    refuseUnread(unread);
    return files;
  }

  /**
   * As {@link #expand(Configuration, List)}, also collecting what the arguments matched.
   *
   * @param conf configuration for the filesystems
   * @param args input arguments
   * @param matched receives every file and directory an argument or glob matched, fully qualified,
   *     so that an output can be checked against the directories read as well as the files
   * @param unread receives the subdirectories of input directories that are not read (without
   *     {@link SquaresConfig#INPUT_RECURSIVE}): the caller refuses them ({@link #refuseUnread}) once
   *     it has checked the output against the inputs, whose message matters more
   * @return the files, fully qualified, each once, in input order
   * @throws SquaresException as {@link #expand(Configuration, List)}; when there are no files but
   *     unread subdirectories, the {@link #refuseUnread} refusal
   * @throws IOException when a filesystem cannot be listed
   */
  public static List<Path> expand(Configuration conf, List<String> args, List<Path> matched, List<Path> unread)
      throws SquaresException, IOException {
    Set<Path> files = new LinkedHashSet<>();
    boolean recursive = conf.getBoolean(SquaresConfig.INPUT_RECURSIVE, SquaresConfig.INPUT_RECURSIVE_DEFAULT);
    for (String arg : args) {
      Path p = new Path(arg);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = unlistable(arg, () -> fs.globStatus(p));
      if (matches == null || matches.length == 0) {
        throw new SquaresException(ExitCode.INPUT_NOT_FOUND, "input not found: " + arg);
      }
      boolean literal = matches.length == 1 && fs.makeQualified(p).equals(matches[0].getPath());
      Arrays.sort(matches, Comparator.comparing(FileStatus::getPath));
      int before = files.size();
      for (FileStatus m : matches) {
        matched.add(m.getPath());
        if (m.isDirectory()) {
          unlistable(arg, () -> {
            addDirectory(fs, m.getPath(), recursive, files, matched, unread);
            return null;
          });
        } else if (literal || visible(m.getPath())) {
          files.add(m.getPath());
        }
      }
      if (files.size() == before && !matchesOnlyEmptyDirs(matches)) {
        throw new SquaresException(ExitCode.INPUT_NOT_FOUND, "input not found: " + arg
            + " matched only hidden files (names starting with _ or .)");
      }
    }
    for (Path f : files) {
      if (f.toUri().getPath().indexOf(':') >= 0) { // FileInputFormat would fail on it at submission
        throw SquaresException.usage("input file " + Echo.quote(f.toString()) + " has a ':' in its path, which"
            + " Hadoop's paths cannot hold (HADOOP-3257): no job can read it; rename it or move it out of the input");
      }
    }
    if (files.isEmpty()) {
      refuseUnread(unread);
      throw new SquaresException(ExitCode.INPUT_NOT_FOUND,
          "no input files in " + String.join(" ", args) + " (directories are empty)");
    }
    return new ArrayList<>(files);
  }

  /** A listing that may meet a name Hadoop's paths cannot hold. */
  private interface Listing<T> {
    T list() throws IOException;
  }

  /**
   * Runs a listing, turning Hadoop's failure on a name with a {@code :} in it into a usage error
   * that says so: {@code Path} reads {@code t10:00.csv} as a scheme and a relative path and throws
   * (HADOOP-3257), and no job can read such a file, so it must be renamed or moved away.
   */
  private static <T> T unlistable(String arg, Listing<T> listing) throws IOException, SquaresException {
    try {
      return listing.list();
    } catch (IllegalArgumentException e) {
      if (!(e.getCause() instanceof URISyntaxException)) {
        throw e;
      }
      throw colon(arg, ((URISyntaxException) e.getCause()).getInput());
    }
  }

  private static SquaresException colon(String arg, String name) {
    return SquaresException.usage("input " + Echo.quote(arg) + " holds a name Hadoop's paths cannot: '"
        + Echo.quote(name) + "' (a ':' in a file or directory name, HADOOP-3257); rename it or move it out"
        + " of the input");
  }

  /**
   * Refuses subdirectories that {@link #expand(Configuration, List, List, List)} would leave unread:
   * a job that read an input directory without them would publish a result that silently misses
   * their data (a partitioned table's {@code dt=...} directories, say).
   *
   * @param unread the unread subdirectories
   * @throws SquaresException a usage error naming the first few, unless there are none
   */
  public static void refuseUnread(List<Path> unread) throws SquaresException {
    if (!unread.isEmpty()) {
      throw SquaresException.usage("an input directory holds " + (unread.size() == 1 ? "a subdirectory"
          : unread.size() + " subdirectories") + ", whose files would not be read: " + shown(unread)
          + "; pass --recursive (squares.input.recursive) to read them too, or name the files or a glob");
    }
  }

  /**
   * Adds a directory's visible files sorted by name; its visible subdirectories are descended into
   * when recursive, else noted as unread.
   */
  private static void addDirectory(FileSystem fs, Path dir, boolean recursive, Set<Path> files,
      List<Path> matched, List<Path> unread) throws IOException {
    FileStatus[] children = fs.listStatus(dir);
    Arrays.sort(children, Comparator.comparing(FileStatus::getPath));
    for (FileStatus c : children) {
      if (!visible(c.getPath())) {
        continue;
      }
      if (c.isFile()) {
        files.add(c.getPath());
      } else if (c.isDirectory()) {
        if (recursive) {
          matched.add(c.getPath());
          addDirectory(fs, c.getPath(), true, files, matched, unread);
        } else {
          unread.add(c.getPath());
        }
      }
    }
  }

  /** The first few paths, and how many more. */
  private static String shown(List<Path> paths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(3, paths.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(Echo.quote(paths.get(i).toString()));
    }
    if (paths.size() > 3) {
      sb.append(" and ").append(paths.size() - 3).append(" more");
    }
    return sb.toString();
  }

  private static boolean matchesOnlyEmptyDirs(FileStatus[] matches) {
    return Arrays.stream(matches).allMatch(FileStatus::isDirectory);
  }

  private static boolean visible(Path p) {
    String name = p.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }
}
