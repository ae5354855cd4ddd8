package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.io.IOException;
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
 * skipped inside directories and globs, and directories are not descended into.
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
    return expand(conf, args, new ArrayList<>());
  }

  /**
   * As {@link #expand(Configuration, List)}, also collecting what the arguments matched.
   *
   * @param conf configuration for the filesystems
   * @param args input arguments
   * @param matched receives every file and directory an argument or glob matched, fully qualified,
   *     so that an output can be checked against the directories read as well as the files
   * @return the files, fully qualified, each once, in input order
   * @throws SquaresException as {@link #expand(Configuration, List)}
   * @throws IOException when a filesystem cannot be listed
   */
  public static List<Path> expand(Configuration conf, List<String> args, List<Path> matched)
      throws SquaresException, IOException {
    Set<Path> files = new LinkedHashSet<>();
    for (String arg : args) {
      Path p = new Path(arg);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new SquaresException(ExitCode.INPUT_NOT_FOUND, "input not found: " + arg);
      }
      boolean literal = matches.length == 1 && fs.makeQualified(p).equals(matches[0].getPath());
      Arrays.sort(matches, Comparator.comparing(FileStatus::getPath));
      int before = files.size();
      for (FileStatus m : matches) {
        matched.add(m.getPath());
        if (m.isDirectory()) {
          FileStatus[] children = fs.listStatus(m.getPath());
          Arrays.sort(children, Comparator.comparing(FileStatus::getPath));
          for (FileStatus c : children) {
            if (c.isFile() && visible(c.getPath())) {
              files.add(c.getPath());
            }
          }
        } else if (literal || visible(m.getPath())) {
          files.add(m.getPath());
        }
      }
      if (files.size() == before && !matchesOnlyEmptyDirs(matches)) {
        throw new SquaresException(ExitCode.INPUT_NOT_FOUND, "input not found: " + arg
            + " matched only hidden files (names starting with _ or .)");
      }
    }
    if (files.isEmpty()) {
      throw new SquaresException(ExitCode.INPUT_NOT_FOUND,
          "no input files in " + String.join(" ", args) + " (directories are empty)");
    }
    return new ArrayList<>(files);
  }

  private static boolean matchesOnlyEmptyDirs(FileStatus[] matches) {
    return Arrays.stream(matches).allMatch(FileStatus::isDirectory);
  }

  private static boolean visible(Path p) {
    String name = p.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }
}
