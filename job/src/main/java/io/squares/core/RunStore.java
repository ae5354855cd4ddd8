package io.squares.core;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One key's {@link SortedRun}s as a reducer receives them, held in memory up to a budget and
 * spilled to a local file beyond it, then merged (a k-way merge over a heap) into one ascending
 * stream of distinct values with their counts. Memory is the budget plus one read buffer per run
 * merged at once; when a key has more spilled runs than {@code budget / 2 / 64 KiB} they are first
 * merged in groups into longer runs in the same way Hadoop merges spills. Reusable for the next
 * key ({@link #clear()}); {@link #close()} deletes the file. Not thread-safe.
 */
public final class RunStore implements Closeable {
  /** Read buffer per spilled run being merged. */
  static final int READ_BUFFER = 64 * 1024;

  /** Receives the merged stream. */
  public interface Sink {
    /**
     * @param b the value's {@link OrderedDecimal} encoding is {@code b[off, off+len)} (valid
     *     during the call only)
     * @param off where it starts
     * @param len its length
     * @param count how many times it occurred
     * @return whether to go on (false stops the merge)
     * @throws IOException from the sink
     */
    boolean accept(byte[] b, int off, int len, long count) throws IOException;
  }

  private final long budget;
  private final Path dir;
  private byte[] arena = new byte[1 << 12];
  private int used;
  /** Runs in the arena: offsets and ends. */
  private int[] runStart = new int[16];
  private int[] runEnd = new int[16];
  private int runs;
  private Path file;
  private FileChannel channel;
  private long fileLength;
  /** Runs in the file, as {start, end} pairs. */
  private final List<long[]> spilled = new ArrayList<>();
  private int maxOpen;

  /**
   * @param budget the most bytes of runs held in memory (beyond it they go to a file)
   * @param dir where the spill file is made (when needed)
   */
  public RunStore(long budget, Path dir) {
    this.budget = budget;
    this.dir = dir;
    this.maxOpen = (int) Math.max(2, Math.min(1 << 16, budget / 2 / READ_BUFFER));
  }

  /** For tests: how many spilled runs are merged at once. */
  void maxOpen(int n) {
    maxOpen = Math.max(2, n);
  }

  /**
   * Adds a run (copied).
   *
   * @param b the bytes
   * @param off where the run starts
   * @param len its length (0 adds nothing)
   * @throws IOException if spilling fails
   */
  public void add(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    if ((long) used + len > budget) {
      spillArena();
      if (len > budget) {
        long at = fileLength;
        write(ByteBuffer.wrap(b, off, len));
        spilled.add(new long[] {at, fileLength});
        return;
      }
    }
    if (used + len > arena.length) {
      arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(used + len, 2L * arena.length)));
    }
    System.arraycopy(b, off, arena, used, len);
    if (runs == runStart.length) {
      runStart = Arrays.copyOf(runStart, 2 * runs);
      runEnd = Arrays.copyOf(runEnd, 2 * runs);
    }
    runStart[runs] = used;
    used += len;
    runEnd[runs++] = used;
  }

  /** @return whether any run went to the spill file since the last {@link #clear()} */
  public boolean spilled() {
    return !spilled.isEmpty();
  }

  private void spillArena() throws IOException {
    if (runs == 0) {
      return;
    }
    long base = fileLength;
    write(ByteBuffer.wrap(arena, 0, used));
    for (int r = 0; r < runs; r++) {
      spilled.add(new long[] {base + runStart[r], base + runEnd[r]});
    }
    runs = 0;
    used = 0;
  }

  private void write(ByteBuffer data) throws IOException {
    FileChannel ch = channel();
    while (data.hasRemaining()) {
      fileLength += ch.write(data, fileLength);
    }
  }

  private FileChannel channel() throws IOException {
    if (channel == null) {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "squares-runs-", ".bin");
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    return channel;
  }

  /**
   * Merges every run added since {@link #clear()} and streams the distinct values in ascending
   * order, equal values of different runs as one with their counts added.
   *
   * @param sink receives them; may stop early
   * @throws IOException if reading the spill file fails
   */
  public void merge(Sink sink) throws IOException {
    while (spilled.size() > maxOpen) {
      mergeSpilledGroups();
    }
    List<Cursor> cursors = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      cursors.add(new ArrayCursor(arena, runStart[r], runEnd[r]));
    }
    for (long[] s : spilled) {
      cursors.add(new FileCursor(channel, s[0], s[1]));
    }
    merge(cursors, sink);
  }

  /** One pass of the spilled runs' pre-merge: groups of maxOpen runs become one run each. */
  private void mergeSpilledGroups() throws IOException {
    List<long[]> next = new ArrayList<>();
    byte[] entry = new byte[SortedRun.MAX_ENTRY_BYTES];
    for (int g = 0; g < spilled.size(); g += maxOpen) {
      List<Cursor> cursors = new ArrayList<>();
      for (long[] s : spilled.subList(g, Math.min(spilled.size(), g + maxOpen))) {
        cursors.add(new FileCursor(channel, s[0], s[1]));
      }
      long at = fileLength;
      OutputStream out = new BufferedOutputStream(new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          RunStore.this.write(ByteBuffer.wrap(b, off, len));
        }
      }, READ_BUFFER);
      merge(cursors, (b, off, len, count) -> {
        System.arraycopy(b, off, entry, 0, len);
        int end = SortedRun.writeCount(count, entry, len);
        out.write(entry, 0, end);
        return true;
      });
      out.flush();
      next.add(new long[] {at, fileLength});
    }
    spilled.clear();
    spilled.addAll(next);
  }

  /** The k-way merge: a binary heap of cursors ordered by their current value. */
  static void merge(List<Cursor> all, Sink sink) throws IOException {
    Cursor[] heap = new Cursor[all.size()];
    int n = 0;
    for (Cursor c : all) {
      if (c.advance()) {
        heap[n++] = c;
      }
    }
    for (int i = n / 2 - 1; i >= 0; i--) {
      down(heap, n, i);
    }
    byte[] current = new byte[SortedRun.MAX_ENTRY_BYTES];
    while (n > 0) {
      Cursor top = heap[0];
      int len = top.len;
      if (current.length < len) {
        current = new byte[len];
      }
      System.arraycopy(top.buf, top.pos, current, 0, len);
      long count = 0;
      while (n > 0 && Arrays.equals(heap[0].buf, heap[0].pos, heap[0].pos + heap[0].len, current, 0, len)) {
        Cursor c = heap[0];
        count = Math.addExact(count, c.count);
        if (!c.advance()) {
          heap[0] = heap[--n];
        }
        if (n > 0) {
          down(heap, n, 0);
        }
      }
      if (!sink.accept(current, 0, len, count)) {
        return;
      }
    }
  }

  private static void down(Cursor[] heap, int n, int i) {
    Cursor c = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n && heap[child + 1].compareTo(heap[child]) < 0) {
        child++;
      }
      if (heap[child].compareTo(c) >= 0) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = c;
  }

  /** Empties the store for the next key (the file is kept and overwritten). */
  public void clear() {
    runs = 0;
    used = 0;
    spilled.clear();
    fileLength = 0;
  }

  @Override
  public void close() throws IOException {
    clear();
    if (channel != null) {
      channel.close();
      channel = null;
      Files.deleteIfExists(file);
    }
  }

  /** A position in a run: the current entry's value is {@code buf[pos, pos+len)}, with its count. */
  abstract static class Cursor implements Comparable<Cursor> {
    byte[] buf;
    int pos;
    int len;
    long count;

    /** @return whether there is a next entry (then it is current) */
    abstract boolean advance() throws IOException;

    @Override
    public int compareTo(Cursor o) {
      return Arrays.compareUnsigned(buf, pos, pos + len, o.buf, o.pos, o.pos + o.len);
    }

    /** Reads the entry at {@code at} in {@code buf[.., end)}; returns its end, or -1 if cut. */
    final int read(int at, int end, int[] p) throws IOException {
      int l = OrderedDecimal.length(buf, at, end);
      if (l < 0) {
        return -1;
      }
      long c = SortedRun.readCount(buf, at + l, end, p);
      if (c < 0) {
        return -1;
      }
      if (c < 1) {
        throw new IOException("corrupt sorted run: count " + c);
      }
      pos = at;
      len = l;
      count = c;
      return p[0];
    }
  }

  /** A run in a byte array. */
  static final class ArrayCursor extends Cursor {
    private final int end;
    private int next;
    private final int[] p = new int[1];

    ArrayCursor(byte[] b, int start, int end) {
      this.buf = b;
      this.next = start;
      this.end = end;
    }

    @Override
    boolean advance() throws IOException {
      if (next >= end) {
        return false;
      }
      int after = read(next, end, p);
      if (after < 0) {
        throw new IOException("corrupt sorted run: an entry is cut at byte " + next);
      }
      next = after;
      return true;
    }
  }

  /** A run in the spill file, read through its own buffer. */
  static final class FileCursor extends Cursor {
    private final FileChannel ch;
    private long filePos;
    private final long fileEnd;
    private int next;
    private int limit;
    private final int[] p = new int[1];

    FileCursor(FileChannel ch, long start, long end) {
      this.ch = ch;
      this.filePos = start;
      this.fileEnd = end;
      this.buf = new byte[(int) Math.min(READ_BUFFER, Math.max(SortedRun.MAX_ENTRY_BYTES, end - start))];
    }

    @Override
    boolean advance() throws IOException {
      int after = next < limit ? read(next, limit, p) : -1;
      if (after < 0) {
        if (!fill()) {
          if (next < limit) {
            throw new IOException("corrupt sorted run in the spill file: an entry is cut");
          }
          return false;
        }
        after = read(next, limit, p);
        if (after < 0) {
          throw new IOException("corrupt sorted run in the spill file: an entry is cut");
        }
      }
      next = after;
      return true;
    }

    /** Moves the unread bytes to the front and reads more; false when the run has no more bytes. */
    private boolean fill() throws IOException {
      if (filePos >= fileEnd) {
        return false;
      }
      int keep = limit - next;
      System.arraycopy(buf, next, buf, 0, keep);
      next = 0;
      limit = keep;
      ByteBuffer bb = ByteBuffer.wrap(buf, limit, (int) Math.min(buf.length - limit, fileEnd - filePos));
      while (bb.hasRemaining()) {
        int r = ch.read(bb, filePos);
        if (r < 0) {
          throw new IOException("spill file ends early");
        }
        filePos += r;
      }
      limit = bb.position();
      return true;
    }
  }
}
