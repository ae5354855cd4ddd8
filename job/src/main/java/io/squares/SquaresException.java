package io.squares;

/**
 * A failure the user can act on: it carries the {@link ExitCode} the process ends with and a
 * message that names the file, position or option at fault. Drivers throw it; {@link SquaresMain}
 * prints the message and exits with the code.
 */
public class SquaresException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  /**
   * @param exitCode the code the process exits with
   * @param message what went wrong, naming what is at fault
   */
  public SquaresException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /**
   * @param exitCode the code the process exits with
   * @param message what went wrong, naming what is at fault
   * @param cause the underlying error
   */
  public SquaresException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** @return the exit code for this failure */
  public ExitCode exitCode() {
    return exitCode;
  }

  /** @return a usage error (exit code 2) */
  public static SquaresException usage(String message) {
    return new SquaresException(ExitCode.USAGE, message);
  }
}
