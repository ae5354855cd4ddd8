package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every subcommand that is a {@link Tool}: output streams, option parsing, help, and one
 * exit code per failure class ({@link SquaresException} carries its own; an interrupt is 130; any
 * other exception is an internal error, 1).
 */
public abstract class CommandTool extends Configured implements Tool {
  private static final Logger LOG = LoggerFactory.getLogger(CommandTool.class);

  /** Where help goes. */
  protected PrintStream out = System.out;
  /** Where errors, reports and summaries go. */
  protected PrintStream err = System.err;

  /** @return the subcommand name */
  protected abstract String name();

  /**
   * Does the work.
   *
   * @param args the arguments after the generic options
   * @return the exit code
   * @throws Exception mapped to an exit code by {@link #run(String[])}
   */
  protected abstract ExitCode execute(String[] args) throws Exception;

  /**
   * Redirects the tool's messages (for tests and embedding).
   *
   * @param out where help goes
   * @param err where errors, reports and summaries go
   */
  public void setStreams(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public final int run(String[] args) {
    try {
      return execute(args).code();
    } catch (SquaresException e) {
      err.println("squares " + name() + ": " + e.getMessage());
      if (e.exitCode() == ExitCode.USAGE) {
        err.println("Try 'squares " + name() + " --help'.");
      }
      return e.exitCode().code();
    } catch (InterruptedException | InterruptedIOException e) {
      Thread.currentThread().interrupt();
      err.println("squares " + name() + ": " + interruptedMessage());
      return ExitCode.INTERRUPTED.code();
    } catch (Exception e) {
      LOG.debug("failure", e);
      err.println("squares " + name() + ": error: " + e);
      return ExitCode.INTERNAL_ERROR.code();
    }
  }

  /** @return what an interrupted run tells the user about what it left behind */
  protected String interruptedMessage() {
    return "interrupted; partial files are hidden and removed by the next run, staged splits stay";
  }

  /** @return the configuration given by {@code ToolRunner}, or a new one */
  protected Configuration conf() {
    return getConf() == null ? new Configuration() : getConf();
  }

  /**
   * @param options the switches
   * @param args the arguments
   * @return the parsed command line
   * @throws SquaresException a usage error for an unknown option or a missing value
   */
  protected static CommandLine parse(Options options, String[] args) throws SquaresException {
    try {
      // No partial matching: commons-cli would otherwise take a typo such as --key-colum for the
      // one option it begins, so a mistyped or truncated switch would run a job the user did not write.
      return DefaultParser.builder().setAllowPartialMatching(false).build().parse(options, args);
    } catch (UnrecognizedOptionException e) {
      String near = OptionSuggestion.nearest(e.getOption(), options);
      throw SquaresException.usage(e.getMessage() + (near == null ? "" : " (did you mean " + near + "?)"));
    } catch (ParseException e) {
      throw SquaresException.usage(e.getMessage());
    }
  }

  /**
   * @param syntax the usage line
   * @param description one paragraph
   * @param options the switches
   * @param footer text after the switches
   */
  protected void printHelp(String syntax, String description, Options options, String footer) {
    PrintWriter w = new PrintWriter(out, true, StandardCharsets.UTF_8);
    HelpFormatter f = new HelpFormatter();
    f.printHelp(w, 100, syntax, description + "\n\nOptions:", options, 2, 2, footer);
    w.flush();
  }
}
