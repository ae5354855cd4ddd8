package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a job's output appear all at once. The job writes into a hidden staging directory beside
 * the output ({@code .NAME.squares-UUID}); only when the job has succeeded and its summary and
 * {@code _SUCCESS} are written is the staging directory renamed to the output. With overwrite, the
 * old output (only an empty directory or a Squares output: {@link OutputGuard}) is first renamed
 * aside and deleted after the swap, so a reader sees the old output, the new one or (for an
 * instant) none, never a mix. On failure the staging directory is removed.
 */
public final class OutputPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(OutputPublisher.class);
  /** Marker written last into a published output. */
  public static final String SUCCESS = "_SUCCESS";

  private final FileSystem fs;
  private final Path output;
  private final Path staging;
  private final boolean overwrite;

  /**
   * @param conf configuration for the filesystem
   * @param output the final output directory
   * @param overwrite whether an existing output may be replaced
   * @throws IOException when the filesystem cannot be reached
   */
  public OutputPublisher(Configuration conf, Path output, boolean overwrite) throws IOException {
    this.fs = output.getFileSystem(conf);
    this.output = fs.makeQualified(output);
    this.overwrite = overwrite;
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.staging = new Path(this.output.getParent(), "." + this.output.getName() + ".squares-" + id);
  }

  /**
   * Refuses an existing output unless overwriting, and with overwrite anything but an empty
   * directory or a Squares output ({@link OutputGuard#checkReplaceable}), before any work is done.
   *
   * @throws SquaresException {@link ExitCode#OUTPUT_EXISTS}
   * @throws IOException when the filesystem cannot be reached
   */
  public void checkOutput() throws SquaresException, IOException {
    if (output.getParent() == null) {
      throw SquaresException.usage("output cannot be the root directory: " + output);
    }
    OutputGuard.checkReplaceable(fs, output, overwrite);
  }

  /** @return the final output directory, qualified */
  public Path output() {
    return output;
  }

  /** @return the hidden directory the job writes into */
  public Path staging() {
    return staging;
  }

  /**
   * Writes {@code _SUCCESS} into the staging directory and moves it into place.
   *
   * @throws SquaresException {@link ExitCode#OUTPUT_EXISTS} when something that may not be replaced
   *     appeared at the output while the job ran (checked again, as by {@link #checkOutput()})
   * @throws IOException when a rename fails (the old output, if any, is restored)
   */
  public void publish() throws IOException, SquaresException {
    fs.create(new Path(staging, SUCCESS), true).close();
    Path old = null;
    OutputGuard.checkReplaceable(fs, output, overwrite);
    if (fs.exists(output)) {
      old = new Path(output.getParent(), "." + output.getName() + ".squares-old-"
          + UUID.randomUUID().toString().substring(0, 8));
      if (!fs.rename(output, old)) {
        throw new IOException("could not move the old output " + output + " aside to " + old);
      }
    }
    if (!fs.rename(staging, output)) {
      if (old != null && !fs.rename(old, output)) {
        LOG.error("could not restore the old output from {}", old);
      }
      throw new IOException("could not rename " + staging + " to " + output);
    }
    if (old != null && !fs.delete(old, true)) {
      LOG.warn("could not delete the replaced output at {}", old);
    }
  }

  /** Removes the staging directory after a failure; never throws. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("could not remove the staging directory {}: {}", staging, e.toString());
    }
  }
}
