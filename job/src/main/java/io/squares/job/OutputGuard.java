package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresException;
import io.squares.core.Echo;
import io.squares.fs.PathOverlap;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an output may be, checked before any work: it must not overlap an input (exit 2), and
 * {@code --overwrite} replaces only an empty directory or a directory Squares published, recognised
 * by a {@code _SUMMARY.json} whose {@code "command"} is a Squares job subcommand (exit 4 for
 * anything else, and always for a file).
 */
public final class OutputGuard {
  private static final Logger LOG = LoggerFactory.getLogger(OutputGuard.class);
  /** The subcommands whose outputs carry a {@code _SUMMARY.json}. */
  public static final Set<String> COMMANDS = Set.of("stats", "square");
  private static final Pattern COMMAND = Pattern.compile("\"command\"\\s*:\\s*\"([^\"\\\\]*)\"");
  private static final int SUMMARY_PREFIX = 64 * 1024;

  private OutputGuard() {}

  /**
   * Refuses an output that is, contains or lies inside any of the inputs, compared fully qualified
   * with local symbolic links resolved ({@link PathOverlap}).
   *
   * @param conf configuration for the filesystems
   * @param outputRole what the output is, for the message (e.g. "output")
   * @param output the output
   * @param inputRole what the inputs are (e.g. "input")
   * @param inputs the inputs: files and directories, as matched and as expanded
   * @throws SquaresException {@link ExitCode#USAGE}, one line naming both paths
   * @throws IOException when a filesystem cannot be reached
   */
  public static void refuseOverlap(Configuration conf, String outputRole, Path output, String inputRole,
      Collection<Path> inputs) throws SquaresException, IOException {
    FileSystem outFs = output.getFileSystem(conf);
    Path out = PathOverlap.resolve(outFs, output);
    Path given = outFs.makeQualified(output);
    for (Path in : inputs) {
      FileSystem inFs = in.getFileSystem(conf);
      Path resolved = PathOverlap.resolve(inFs, in);
      PathOverlap.Relation r = PathOverlap.relation(out, resolved);
      if (r != PathOverlap.Relation.NONE) {
        // Name each path as given and, where links lead elsewhere, where it really is.
        throw SquaresException.usage(outputRole + " " + out + viaLinks(given, out) + " " + r.phrase() + " "
            + inputRole + " " + resolved + viaLinks(inFs.makeQualified(in), resolved)
            + ": write it elsewhere, so that nothing read can be replaced");
      }
    }
  }
  /** @return {@code " (given as P)"} when the path given differs from where links lead, else empty */
  private static String viaLinks(Path given, Path resolved) {
    return given.equals(resolved) ? "" : " (given as " + given + ")";
  }


  /**
   * Refuses an existing output unless it may be replaced: with {@code overwrite}, an empty
   * directory or a Squares output; without it, nothing.
   *
   * @param fs the output's filesystem
   * @param output the output, qualified
   * @param overwrite whether {@code --overwrite} was given
   * @throws SquaresException {@link ExitCode#OUTPUT_EXISTS}, one line saying what is there
   * @throws IOException when the filesystem cannot be reached
   */
  public static void checkReplaceable(FileSystem fs, Path output, boolean overwrite)
      throws SquaresException, IOException {
    FileStatus status;
    try {
      status = fs.getFileStatus(output);
    } catch (FileNotFoundException e) {
      return;
    }
    if (!overwrite) {
      throw new SquaresException(ExitCode.OUTPUT_EXISTS,
          "output already exists: " + output + " (use --overwrite to replace it)");
    }
    if (!status.isDirectory()) {
      throw new SquaresException(ExitCode.OUTPUT_EXISTS, "output " + output
          + " exists and is a file; --overwrite only replaces an empty directory or a Squares output, never a file");
    }
    String command = summaryCommand(fs, output);
    if (command != null && COMMANDS.contains(command)) {
      LOG.debug("{} is a Squares {} output: --overwrite may replace it", output, command);
      return;
    }
    FileStatus[] entries = fs.listStatus(output);
    if (entries.length == 0) {
      return;
    }
    String example = Echo.quote(Arrays.stream(entries).map(s -> s.getPath().getName()).sorted().findFirst()
        .orElse("")); // a name is anyone's text: cut and escaped as any echo of input
    throw new SquaresException(ExitCode.OUTPUT_EXISTS, "output " + output + " exists and was not written by Squares"
        + " (it holds " + entries.length + (entries.length == 1 ? " entry, " : " entries, e.g. ") + example
        + (command == null ? "" : "; its " + SquaresTool.SUMMARY + " names no Squares command")
        + "); --overwrite only replaces an empty directory or a Squares output");
  }

  /**
   * Whether a directory is an output Squares published: it has {@code _SUCCESS} and a
   * {@code _SUMMARY.json} whose {@code "command"} is a Squares job subcommand ({@link #COMMANDS}).
   * {@code bin/nightly} replaces and deletes only such partitions.
   *
   * @param fs the directory's filesystem
   * @param dir a directory (need not exist)
   * @return whether Squares published it
   * @throws IOException when the filesystem fails, or the summary exists but cannot be read
   */
  public static boolean isPublishedOutput(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(new Path(dir, OutputPublisher.SUCCESS))) {
      return false;
    }
    String command = summaryCommand(fs, dir);
    return command != null && COMMANDS.contains(command);
  }

  /**
   * @param fs the directory's filesystem
   * @param dir a directory
   * @return the {@code "command"} of its {@code _SUMMARY.json} (read from its first 64 KiB), "" when
   *     the file has none, or null when there is no such file
   * @throws IOException when the file exists but cannot be read
   */
  static String summaryCommand(FileSystem fs, Path dir) throws IOException {
    byte[] head;
    try (InputStream in = fs.open(new Path(dir, SquaresTool.SUMMARY))) {
      head = in.readNBytes(SUMMARY_PREFIX);
    } catch (FileNotFoundException e) {
      return null;
    }
    Matcher m = COMMAND.matcher(new String(head, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : "";
  }
}
