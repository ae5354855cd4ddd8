package io.squares.core;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
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
     * @param e the next distinct value and its count (valid during the call only)
     * @return whether to go on (false stops the merge)
     * @throws IOException from the sink
     */
    boolean accept(Entry e) throws IOException;
  }

  /** One distinct value of the merged stream and how many times it occurred. */
  public static final class Entry {
    private final ParsedDecimal decimal = new ParsedDecimal();
    private boolean longForm;
    private long unscaled;
    private int scale;
    private byte[] encoded;
    private int off;
    private int len;
    private long count;

    /** @return how many times the value occurred */
    public long count() {
      return count;
    }

    /** @return the value, exactly (allocates: ask only for the values needed) */
    public BigDecimal value() {
      return longForm ? DecimalText.normalize(BigDecimal.valueOf(unscaled, scale))
          : OrderedDecimal.decode(encoded, off, len);
    }

    /**
     * Writes the value's {@link OrderedDecimal} encoding.
     *
     * @param out receives it; needs up to {@link OrderedDecimal#MAX_PARSED_LENGTH} bytes
     * @param at where
     * @return the number of bytes written
     */
    public int encode(byte[] out, int at) {
      if (!longForm) {
        System.arraycopy(encoded, off, out, at, len);
        return len;
      }
      decimal.set(unscaled, scale);
      return OrderedDecimal.encode(decimal, out, at);
    }
  }

  private final long budget;
  private final Path dir;
  /** The merge's entry, reused (a reducer merges once per key, millions of times). */
  private final Entry entry = new Entry();
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
   * order, equal values of different runs as one with their counts added. When every run is in
   * the long form at the same scale (the usual case) the merge compares longs; otherwise it
   * compares {@link OrderedDecimal} encodings.
   *
   * @param sink receives them; may stop early
   * @throws IOException if reading the spill file fails or a run is corrupt
   */
  public void merge(Sink sink) throws IOException {
    while (spilled.size() > maxOpen) {
      mergeSpilledGroups();
    }
    boolean sameLongForm = true;
    int scale = -1;
    List<Source> all = sources();
    for (Source src : all) {
      int form = src.peek(0);
      if (form == SortedRun.LONG_FORM) {
        int s = src.peek(1);
        sameLongForm &= scale < 0 || s == scale;
        scale = s;
      } else if (form == SortedRun.ENCODED_FORM) {
        sameLongForm = false;
      } else {
        throw new IOException("corrupt sorted run: form " + form);
      }
    }
    List<Cursor> cursors = new ArrayList<>(all.size());
    for (Source src : all) {
      cursors.add(src.peek(0) == SortedRun.LONG_FORM ? new LongCursor(src, !sameLongForm) : new EncodedCursor(src));
    }
    mergeCursors(cursors, sink, sameLongForm);
  }

  /** @return a fresh source over each run, in memory or in the file */
  private List<Source> sources() throws IOException {
    List<Source> list = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      list.add(new ArraySource(arena, runStart[r], runEnd[r]));
    }
    for (long[] s : spilled) {
      list.add(new FileSource(channel, s[0], s[1]));
    }
    return list;
  }

  /** One pass of the spilled runs' pre-merge: groups of maxOpen runs become one run each (encoded form). */
  private void mergeSpilledGroups() throws IOException {
    List<long[]> groups = new ArrayList<>(spilled);
    List<long[]> next = new ArrayList<>();
    byte[] entry = new byte[SortedRun.MAX_ENTRY_BYTES];
    for (int g = 0; g < groups.size(); g += maxOpen) {
      List<Cursor> cursors = new ArrayList<>();
      for (long[] s : groups.subList(g, Math.min(groups.size(), g + maxOpen))) {
        FileSource src = new FileSource(channel, s[0], s[1]);
        cursors.add(src.peek(0) == SortedRun.LONG_FORM ? new LongCursor(src, true) : new EncodedCursor(src));
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
      out.write(SortedRun.ENCODED_FORM);
      mergeCursors(cursors, e -> {
        int len = e.encode(entry, 0);
        out.write(entry, 0, SortedRun.writeCount(e.count(), entry, len));
        return true;
      }, false);
      out.flush();
      next.add(new long[] {at, fileLength});
    }
    spilled.clear();
    spilled.addAll(next);
  }

  /** The k-way merge: a binary heap of cursors ordered by their current value (longs or encodings). */
  private void mergeCursors(List<Cursor> all, Sink sink, boolean longs) throws IOException {
    Cursor[] heap = new Cursor[all.size()];
    int n = 0;
    for (Cursor c : all) {
      c.longs = longs;
      if (c.advance()) {
        heap[n++] = c;
      }
    }
    for (int i = n / 2 - 1; i >= 0; i--) {
      down(heap, n, i);
    }
    Entry e = entry;
    e.longForm = longs;
    if (!longs && e.encoded == null) {
      e.encoded = new byte[SortedRun.MAX_ENTRY_BYTES];
    }
    while (n > 0) {
      Cursor top = heap[0];
      if (longs) {
        e.unscaled = top.value;
        e.scale = top.scale;
      } else {
        if (e.encoded.length < top.len) {
          e.encoded = new byte[top.len];
        }
        System.arraycopy(top.ebuf, top.epos, e.encoded, 0, top.len);
        e.off = 0;
        e.len = top.len;
      }
      long count = 0;
      while (n > 0 && (longs ? heap[0].value == e.unscaled
          : Arrays.equals(heap[0].ebuf, heap[0].epos, heap[0].epos + heap[0].len, e.encoded, 0, e.len))) {
        Cursor c = heap[0];
        count = Math.addExact(count, c.count);
        if (!c.advance()) {
          heap[0] = heap[--n];
        }
        if (n > 0) {
          down(heap, n, 0);
        }
      }
      e.count = count;
      if (!sink.accept(e)) {
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

  /** A run's bytes, {@code buf[next, limit)} readable now; {@link #fill} reads more. */
  abstract static class Source {
    byte[] buf;
    int next;
    int limit;

    /** Moves the unread bytes to the front and reads more; false when the run has no more bytes. */
    abstract boolean fill() throws IOException;

    /** @return the unsigned byte at {@code next + i}, reading it first if needed */
    int peek(int i) throws IOException {
      while (next + i >= limit) {
        if (!fill()) {
          throw new IOException("corrupt sorted run: it ends early");
        }
      }
      return buf[next + i] & 0xFF;
    }

    /** @return whether every byte was read */
    boolean done() throws IOException {
      return next >= limit && !fill();
    }
  }

  /** A run in a byte array. */
  static final class ArraySource extends Source {
    ArraySource(byte[] b, int start, int end) {
      buf = b;
      next = start;
      limit = end;
    }

    @Override
    boolean fill() {
      return false;
    }
  }

  /** A run in the spill file, read through its own buffer. */
  static final class FileSource extends Source {
    private final FileChannel ch;
    private long filePos;
    private final long fileEnd;

    FileSource(FileChannel ch, long start, long end) {
      this.ch = ch;
      this.filePos = start;
      this.fileEnd = end;
      this.buf = new byte[(int) Math.min(READ_BUFFER, Math.max(SortedRun.MAX_ENTRY_BYTES, end - start))];
    }

    @Override
    boolean fill() throws IOException {
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

  /**
   * A position in a run. Its current value is {@link #value} at {@link #scale} (comparing longs)
   * or the encoding {@code ebuf[epos, epos+len)} (comparing bytes), with its {@link #count}.
   */
  abstract static class Cursor implements Comparable<Cursor> {
    final Source src;
    final int[] p = new int[1];
    boolean longs;
    long value;
    int scale;
    byte[] ebuf;
    int epos;
    int len;
    long count;

    Cursor(Source src) {
      this.src = src;
    }

    /** @return whether there is a next entry (then it is current) */
    abstract boolean advance() throws IOException;

    @Override
    public int compareTo(Cursor o) {
      return longs ? Long.compare(value, o.value)
          : Arrays.compareUnsigned(ebuf, epos, epos + len, o.ebuf, o.epos, o.epos + o.len);
    }

    /** Reads a varint at the source's position, filling when cut; advances past it. */
    final long varint() throws IOException {
      while (true) {
        long v = SortedRun.readCount(src.buf, src.next, src.limit, p);
        if (p[0] >= 0) {
          src.next = p[0];
          return v;
        }
        if (!src.fill()) {
          throw new IOException("corrupt sorted run: a number is cut");
        }
      }
    }

    final long readCount() throws IOException {
      long c = varint();
      if (c < 1) {
        throw new IOException("corrupt sorted run: count " + c);
      }
      return c;
    }
  }

  /** A long-form run: its values as longs, or (for the encoded merge) as their encodings. */
  static final class LongCursor extends Cursor {
    private final boolean encode;
    private final ParsedDecimal decimal;
    private boolean first = true;

    LongCursor(Source src, boolean encode) throws IOException {
      super(src);
      src.peek(1);
      this.scale = src.buf[src.next + 1];
      src.next += 2;
      this.encode = encode;
      this.decimal = encode ? new ParsedDecimal() : null;
      if (encode) {
        ebuf = new byte[OrderedDecimal.maxLength(19)];
      }
    }

    @Override
    boolean advance() throws IOException {
      if (src.done()) {
        return false;
      }
      long v = varint();
      value = first ? SortedRun.unzigzag(v) : value + v;
      first = false;
      count = readCount();
      if (encode) {
        decimal.set(value, scale);
        epos = 0;
        len = OrderedDecimal.encode(decimal, ebuf, 0);
      }
      return true;
    }
  }

  /** An encoded-form run. */
  static final class EncodedCursor extends Cursor {
    EncodedCursor(Source src) throws IOException {
      super(src);
      src.peek(0);
      src.next++;
    }

    @Override
    boolean advance() throws IOException {
      if (src.done()) {
        return false;
      }
      while (true) {
        int l = OrderedDecimal.length(src.buf, src.next, src.limit);
        if (l >= 0) {
          long c = SortedRun.readCount(src.buf, src.next + l, src.limit, p);
          if (p[0] >= 0) {
            if (c < 1) {
              throw new IOException("corrupt sorted run: count " + c);
            }
            ebuf = src.buf;
            epos = src.next;
            len = l;
            count = c;
            src.next = p[0];
            return true;
          }
        }
        if (!src.fill()) {
          throw new IOException("corrupt sorted run: an entry is cut");
        }
      }
    }
  }
}
