package io.squares.ingest;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging directory, on any Hadoop filesystem. Each split is written under a hidden partial
 * name ({@code .NAME.squares-partial-XXXXXXXX}) that Hadoop's input listing skips, and renamed to
 * {@code NAME} only once complete and verified, so no partial file is ever visible under a final
 * name, even when the process is killed. After the rename, a verification record
 * ({@code _ingest/NAME.verified}: source, size, sha256, attempts, time) is written, which lets a
 * later run skip the split. {@code _MANIFEST.json} and then the {@code _INGESTED} marker are
 * written last, when every split is staged; a new run removes both first.
 *
 * <p>One run at a time per staging directory ({@link StagingLock}, taken by {@link #prepare()}):
 * a run removes the partial files it finds, which are left over from runs that were killed.
 * Ingestion deletes only what it made: partial files and records by their names, the marker and
 * manifest only where {@code _ingest/} shows that an ingestion wrote them, and a staged file only to
 * replace it with a new fetch of the same split name when it has a record
 * ({@link #refuseUnstaged}, {@link #commit}).
 */
public final class StagingArea implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);
  /** The manifest of a complete ingestion. */
  public static final String MANIFEST = "_MANIFEST.json";
  /** Marker written last when every split is staged. */
  public static final String MARKER = "_INGESTED";
  /** Directory of per-split verification records. */
  public static final String RECORDS = "_ingest";
  private static final String PARTIAL_INFIX = ".squares-partial-";
  private static final String RECORD_SUFFIX = ".verified";
  private static final Pattern PARTIAL = Pattern.compile("\\..+\\.squares-partial-[0-9a-f]{8}");
  private static final Pattern RECORD_TMP = Pattern.compile("\\..+\\.verified-[0-9a-f]{8}");

  private final FileSystem fs;
  private final Path dir;
  private final Path records;
  private volatile StagingLock lock;

  /**
   * Opens the staging directory with a filesystem instance of its own, which writes no Hadoop
   * checksum sidecar files ({@code .NAME.crc} on the local filesystem): every split's integrity is
   * its sha256, and each sidecar would cost another file creation (on the local filesystem without
   * Hadoop's native library, every creation forks a {@code chmod}).
   *
   * @param conf configuration for the filesystem
   * @param dir the staging directory
   * @return the staging area; close it when done
   * @throws IOException when the filesystem cannot be reached
   */
  public static StagingArea open(Configuration conf, Path dir) throws IOException {
    FileSystem fs = FileSystem.newInstance(dir.toUri(), conf);
    fs.setWriteChecksum(false);
    return new StagingArea(fs, dir);
  }

  /**
   * @param fs the staging filesystem
   * @param dir the staging directory (qualified)
   */
  public StagingArea(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = fs.makeQualified(dir);
    this.records = new Path(this.dir, RECORDS);
  }

  /** @return the staging directory, qualified */
  public Path dir() {
    return dir;
  }

  /**
   * @param name a staged name
   * @return where the split is staged
   */
  public Path finalPath(String name) {
    return new Path(dir, name);
  }

  /**
   * Creates the directory, checks it can be written, removes the marker and manifest of an earlier
   * run and the partial files of killed runs.
   *
   * @return how many stale partial files were removed
   * @throws SquaresException a usage error when the directory cannot be created or written
   * @throws IOException when the filesystem fails otherwise
   */
  public int prepare() throws SquaresException, IOException {
    boolean ours;
    try {
      if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
        throw SquaresException.usage("the staging directory " + dir + " is a file");
      }
      ours = fs.exists(records);
      if (!ours) {
        refuseForeign(MANIFEST);
        refuseForeign(MARKER);
      }
      if (!fs.mkdirs(records)) {
        throw SquaresException.usage("cannot create the staging directory " + dir + " or its " + RECORDS
            + " subdirectory");
      }
      Path probe = new Path(dir, ".squares-probe-" + shortId());
      fs.create(probe, false).close();
      fs.delete(probe, false);
    } catch (IOException e) {
      throw new SquaresException(ExitCode.USAGE, "the staging directory " + dir
          + " cannot be created or written: " + e.getMessage(), e);
    }
    // Before anything is removed: the partial files below may be another live run's.
    lock = StagingLock.acquire(fs, new Path(records, StagingLock.NAME));
    if (ours) { // written by an earlier ingestion here, which made _ingest/ first
      fs.delete(new Path(dir, MARKER), false);
      fs.delete(new Path(dir, MANIFEST), false);
    }
    int removed = 0;
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.isFile() && PARTIAL.matcher(s.getPath().getName()).matches()) {
        LOG.info("removing {}, left over by an earlier run that did not finish", s.getPath());
        fs.delete(s.getPath(), false);
        removed++;
      }
    }
    for (FileStatus s : fs.listStatus(records)) {
      if (s.isFile() && RECORD_TMP.matcher(s.getPath().getName()).matches()) {
        fs.delete(s.getPath(), false);
      }
    }
    return removed;
  }

  /**
   * Refuses a staging directory that holds, under a name ingestion writes, a file no ingestion
   * wrote there (it has no {@code _ingest/} directory): ingestion would replace it.
   */
  private void refuseForeign(String name) throws SquaresException, IOException {
    if (fs.exists(new Path(dir, name))) {
      throw new SquaresException(ExitCode.OUTPUT_EXISTS, "the staging directory " + dir + " holds " + name
          + " but no " + RECORDS + "/, so Squares' ingestion did not write it; stage into another directory");
    }
  }

  /**
   * Refuses, before anything is fetched, to stage a split under a name that a file in the staging
   * directory already has when ingestion did not stage that file (it has no verification record):
   * ingestion replaces only files it staged.
   *
   * @param names the staged names of this run's splits
   * @throws SquaresException {@link ExitCode#OUTPUT_EXISTS}, naming the first such file
   * @throws IOException when the filesystem fails
   */
  public void refuseUnstaged(Collection<String> names) throws SquaresException, IOException {
    if (!fs.exists(dir)) {
      return;
    }
    Map<String, FileStatus> present = stagedFiles();
    for (String name : names) {
      if (present.containsKey(name) && !fs.exists(recordPath(name))) {
        throw new SquaresException(ExitCode.OUTPUT_EXISTS, "the staging directory " + dir + " holds " + name
            + ", which Squares' ingestion did not stage (no " + RECORDS + "/" + name + RECORD_SUFFIX
            + "); ingestion replaces only files it staged: move it away or stage into another directory");
      }
    }
  }

  /**
   * @return the visible files in the staging directory (names not starting with {@code _} or
   *     {@code .}), by name
   * @throws IOException when listing fails
   */
  public Map<String, FileStatus> stagedFiles() throws IOException {
    Map<String, FileStatus> files = new HashMap<>();
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (s.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
        files.put(n, s);
      }
    }
    return files;
  }

  /**
   * @param name a staged name
   * @return its verification record, or null when there is none or it is unreadable
   * @throws IOException when the filesystem fails
   */
  public StagedRecord record(String name) throws IOException {
    try (InputStream in = fs.open(recordPath(name))) {
      StagedRecord r = StagedRecord.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return r != null && r.name().equals(name) ? r : null;
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /**
   * @param name a staged name
   * @return the sha256 of the staged file, read back
   * @throws IOException when it cannot be read
   */
  public String sha256Of(String name) throws IOException {
    MessageDigest d = SplitWriter.sha256();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = fs.open(finalPath(name))) {
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /**
   * @param name the staged name the split will get
   * @return a writer to a new hidden partial file for it
   * @throws IOException when the file cannot be created
   */
  public SplitWriter open(String name) throws IOException {
    return new SplitWriter(fs, new Path(dir, "." + name + PARTIAL_INFIX + shortId()));
  }

  /**
   * Moves a finished, verified partial file to its final name and records it. An older file under
   * that name is replaced only when ingestion staged it (it has a record); it is removed before its
   * record is replaced, and the new record is written before the rename, so a file under a final
   * name always has a record (also after a kill) and a record never describes other bytes than a
   * file beside it (a record without its file makes a later run fetch the split again).
   *
   * @param partial the verified partial file
   * @param record what was staged
   * @throws IOException when a step fails, or when a file ingestion did not stage is in the way
   *     (the partial file is then left for the caller to discard)
   */
  public void commit(Path partial, StagedRecord record) throws IOException {
    Path target = finalPath(record.name());
    Path rec = recordPath(record.name());
    if (fs.exists(target)) {
      if (!fs.exists(rec)) {
        throw new IOException("not replacing " + target + ": Squares' ingestion did not stage it (no " + rec + ")");
      }
      if (!fs.delete(target, false)) {
        throw new IOException("could not replace the older " + target);
      }
    }
    Path tmp = new Path(records, "." + record.name() + RECORD_SUFFIX + "-" + shortId());
    writeText(tmp, record.toText());
    fs.delete(rec, false);
    if (!fs.rename(tmp, rec)) {
      fs.delete(tmp, false);
      throw new IOException("could not write the verification record " + rec);
    }
    if (!fs.rename(partial, target)) {
      throw new IOException("could not rename " + partial + " to " + target);
    }
  }

  /**
   * Writes the manifest, then the marker.
   *
   * @param manifestJson the manifest's text
   * @throws IOException when writing fails
   */
  public void complete(String manifestJson) throws IOException {
    writeText(new Path(dir, MANIFEST), manifestJson);
    fs.create(new Path(dir, MARKER), true).close();
  }

  /** Closes the filesystem instance. */
  @Override
  public void close() throws IOException {
    releaseLock();
    fs.close();
  }

  /** Releases the directory's lock, if this run holds it (also from a shutdown hook). */
  public void releaseLock() {
    StagingLock l = lock;
    if (l != null) {
      l.close();
    }
  }

  private Path recordPath(String name) {
    return new Path(records, name + RECORD_SUFFIX);
  }

  private void writeText(Path p, String text) throws IOException {
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
