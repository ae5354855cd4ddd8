package io.squares.nightly;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The local state directory of an output root: {@code lock} (held while a run is active),
 * {@code logs/<date>-<time>-<pid>.log}, {@code status.json} (the last run, replaced atomically),
 * {@code history.jsonl} (one line per finished run) and {@code manifests/dt=<date>.manifest} (the
 * manifest with the date filled in, as the pipeline read it).
 */
public final class StateDir {
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final Path dir;

  /** @param dir the state directory (local, absolute) */
  public StateDir(Path dir) {
    this.dir = dir;
  }

  /** @return the directory */
  public Path dir() {
    return dir;
  }

  /**
   * Creates the directory and its {@code logs/}.
   *
   * @throws IOException when it cannot be created
   */
  public void create() throws IOException {
    Files.createDirectories(dir.resolve("logs"));
  }

  /** @return the lock file */
  public Path lockFile() {
    return dir.resolve("lock");
  }

  /**
   * Takes the output root's lock, without waiting: a lock on the file {@code lock}, held until
   * {@link Lock#close()} or until this process ends, however it ends (the kernel releases it).
   *
   * @return the lock, or null when another process holds it
   * @throws IOException when the lock file cannot be opened
   */
  public Lock tryLock() throws IOException {
    FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM already
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    return new Lock(channel);
  }

  /** The output root's lock, held. */
  public static final class Lock implements AutoCloseable {
    private final FileChannel channel;

    private Lock(FileChannel channel) {
      this.channel = channel;
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * @param date the processed date
   * @param started when the run started
   * @param pid this process
   * @return the run's log file, {@code logs/<date>-<yyyyMMddTHHmmssZ>-<pid>.log}
   */
  public Path logFile(LocalDate date, Instant started, long pid) {
    return dir.resolve("logs").resolve(date + "-" + LOG_TIME.format(started) + "-" + pid + ".log");
  }

  /**
   * Replaces {@code status.json} atomically and, for a finished run, appends the same line to
   * {@code history.jsonl}.
   *
   * @param json the status line
   * @param finished whether the run has finished
   * @throws IOException when a file cannot be written
   */
  public void writeStatus(String json, boolean finished) throws IOException {
    byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
    Path tmp = dir.resolve("status.json.tmp");
    Files.write(tmp, line);
    Files.move(tmp, dir.resolve("status.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    if (finished) {
      Files.write(dir.resolve("history.jsonl"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  /**
   * Writes the manifest with the date filled in.
   *
   * @param manifest the manifest file
   * @param date the processed date
   * @return the written file ({@code manifests/dt=<date>.manifest})
   * @throws IOException when the manifest cannot be read or the copy written
   */
  public Path renderManifest(Path manifest, LocalDate date) throws IOException {
    Path dst = dir.resolve("manifests").resolve(Partitions.name(date) + ".manifest");
    Files.createDirectories(dst.getParent());
    String text = new String(Files.readAllBytes(manifest), StandardCharsets.ISO_8859_1);
    Files.write(dst, render(text, date).getBytes(StandardCharsets.ISO_8859_1));
    return dst;
  }

  /**
   * @param manifest a manifest's text
   * @param date the processed date
   * @return the text with every {@code {date}} replaced by the date ({@code YYYY-MM-DD}) and every
   *     {@code {yyyymmdd}} by the date without dashes
   */
  static String render(String manifest, LocalDate date) {
    return manifest.replace("{date}", date.toString()).replace("{yyyymmdd}", date.toString().replace("-", ""));
  }
}
