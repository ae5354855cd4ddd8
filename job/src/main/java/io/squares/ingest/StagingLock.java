package io.squares.ingest;

import io.squares.ExitCode;
import io.squares.SquaresException;
import io.squares.core.Echo;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingestion at a time per staging directory: a lock file, created only if absent (atomic on
 * HDFS), naming its owner's host and process. A run that finds the lock of a process that no longer
 * runs on this host (killed with SIGKILL, or its machine restarted) takes it over; any other lock is
 * refused with a message naming the owner and the file to remove if no ingestion runs there.
 */
public final class StagingLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagingLock.class);
  /** The lock file's name, in the staging directory's records directory. */
  public static final String NAME = "_LOCK";
  private static final Pattern OWNER = Pattern.compile("host=(\\S+) pid=(\\d+) started=(\\S+)");

  private final FileSystem fs;
  private final Path path;
  private boolean held;

  private StagingLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
    this.held = true;
  }

  /**
   * @param fs the staging filesystem
   * @param path the lock file
   * @return the lock, held
   * @throws SquaresException {@link ExitCode#LOCKED} when another live run holds it
   * @throws IOException when the filesystem fails
   */
  public static StagingLock acquire(FileSystem fs, Path path) throws SquaresException, IOException {
    String me = "host=" + host() + " pid=" + ProcessHandle.current().pid() + " started=" + Instant.now();
    for (int attempt = 0; attempt < 2; attempt++) {
      try (OutputStream out = fs.create(path, false)) {
        out.write((me + "\n").getBytes(StandardCharsets.UTF_8));
        return new StagingLock(fs, path);
      } catch (FileAlreadyExistsException e) {
        // held, or left behind: look at its owner below
      } catch (IOException e) {
        if (!fs.exists(path)) {
          throw e;
        }
      }
      String owner = read(fs, path);
      if (owner == null) {
        continue; // released meanwhile
      }
      if (!stale(owner)) {
        throw new SquaresException(ExitCode.LOCKED, "the staging directory " + path.getParent().getParent()
            + " is in use by another ingestion (" + Echo.quote(owner) + "); if none runs there, remove " + path);
      }
      LOG.warn("taking over the lock {} of a process that no longer runs ({})", path, owner);
      fs.delete(path, false);
    }
    throw new SquaresException(ExitCode.LOCKED, "could not lock the staging directory "
        + path.getParent().getParent() + ": " + path + " keeps appearing");
  }

  /**
   * @param owner the lock file's text
   * @return whether it names a process of this host that no longer runs
   */
  static boolean stale(String owner) {
    Matcher m = OWNER.matcher(owner);
    if (!m.find() || !m.group(1).equals(host())) {
      return false;
    }
    long pid = Long.parseLong(m.group(2));
    return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  private static String read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  /** Releases the lock (once; later calls do nothing). */
  @Override
  public synchronized void close() {
    if (!held) {
      return;
    }
    held = false;
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("could not remove the lock {}: {}", path, e.toString());
    }
  }
}
