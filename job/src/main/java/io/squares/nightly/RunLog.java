package io.squares.nightly;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * The run's messages: each a timestamped line ({@code 2026-11-25T21:54:22Z nightly: ...}) on the
 * terminal's standard error and in the run's log file, which also receives everything the pipeline
 * prints ({@link #stream()}).
 */
public final class RunLog implements AutoCloseable {
  private static final Pattern TOOL_LINE = Pattern.compile("squares [a-z]*: .*");

  private final PrintStream terminal;
  private final Clock clock;
  private Path file;
  private PrintStream stream;

  /**
   * @param terminal where the lines go besides the log file
   * @param clock the clock of the timestamps
   */
  public RunLog(PrintStream terminal, Clock clock) {
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * Starts the log file (empty); later lines go to it too.
   *
   * @param path the log file
   * @throws IOException when it cannot be created
   */
  public void open(Path path) throws IOException {
    OutputStream o = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    this.stream = new PrintStream(o, true, StandardCharsets.UTF_8);
    this.file = path;
  }

  /** @return the log file, or null before {@link #open} */
  public Path file() {
    return file;
  }

  /** @return the log file as a stream (for the pipeline's own output) */
  public PrintStream stream() {
    return stream;
  }

  /** @param message a line to log */
  public void log(String message) {
    String line = RunStatus.seconds(clock.instant()) + " nightly: " + message;
    terminal.println(line);
    if (stream != null) {
      stream.println(line);
    }
  }

  /**
   * @return the last line in the log that a {@code squares} subcommand printed
   *     ({@code squares <name>: ...}), the reason it failed; null when there is none
   */
  public String lastToolLine() {
    if (file == null) {
      return null;
    }
    try {
      String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\r?\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (TOOL_LINE.matcher(lines[i]).matches()) {
          return lines[i];
        }
      }
    } catch (IOException e) {
      return null; // the reason is in the log file, which the next line names
    }
    return null;
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.close();
    }
  }
}
