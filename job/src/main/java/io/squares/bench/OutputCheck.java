package io.squares.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares two tab-separated outputs key by key (the first field is the key), whatever their line
 * order: chosen fields must be equal as text (exact integers: count, sum, sum of squares, min,
 * max), others equal as doubles to within a few ulps (quantiles, which DuckDB computes in
 * {@code double}). Every key must be on both sides exactly once. Outputs larger than a bucket are
 * first partitioned by key hash into files under a work directory, so memory stays bounded by the
 * bucket size whatever the number of keys.
 */
final class OutputCheck {
  /**
   * One side of the comparison.
   *
   * @param name how reports call it
   * @param location a file, or a directory whose {@code part-*} files are read
   * @param exact field indexes compared as text, pairwise with the other side's
   * @param doubles field indexes compared as doubles, pairwise with the other side's
   */
  record Side(String name, Path location, int[] exact, int[] doubles) {
    /** @return the files of this side: the location itself, or its part files */
    List<Path> files() throws IOException {
      if (location == null || Files.isRegularFile(location)) {
        return location == null ? List.of() : List.of(location);
      }
      try (Stream<Path> files = Files.list(location)) {
        return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
      }
    }
  }

  /**
   * @param keys distinct keys seen on the first side
   * @param mismatches keys that differ or are missing on one side
   * @param examples the first few differences, one line each
   */
  record Result(long keys, long mismatches, List<String> examples) {
    boolean agree() {
      return mismatches == 0;
    }
  }

  private static final int MAX_EXAMPLES = 5;
  private static final int ULPS = 4;

  private OutputCheck() {}

  /**
   * @param a the first side
   * @param b the second side
   * @param work a directory for bucket files (created if needed; the files are deleted after)
   * @param bucketBytes the most input bytes compared in memory at once
   * @return how they compare
   * @throws IOException on a read or write failure
   */
  static Result compare(Side a, Side b, Path work, long bucketBytes) throws IOException {
    if (a.exact().length != b.exact().length || a.doubles().length != b.doubles().length) {
      throw new IllegalArgumentException("the two sides compare different numbers of fields");
    }
    long bytes = 0;
    for (Path p : a.files()) {
      bytes += Files.size(p);
    }
    for (Path p : b.files()) {
      bytes += Files.size(p);
    }
    int buckets = (int) Math.max(1, Math.min(4096, (bytes + bucketBytes - 1) / bucketBytes));
    Tally t = new Tally(a.exact().length);
    if (buckets == 1) {
      compareBucket(a.name(), a.files(), a, b.name(), b.files(), b, t);
      return t.result();
    }
    Files.createDirectories(work);
    List<Path> aBuckets = partition(a, work.resolve("a-"), buckets);
    List<Path> bBuckets = partition(b, work.resolve("b-"), buckets);
    try {
      Side pa = projected(a);
      Side pb = projected(b);
      for (int i = 0; i < buckets; i++) {
        compareBucket(a.name(), List.of(aBuckets.get(i)), pa, b.name(), List.of(bBuckets.get(i)), pb, t);
      }
    } finally {
      for (Path p : aBuckets) {
        Files.deleteIfExists(p);
      }
      for (Path p : bBuckets) {
        Files.deleteIfExists(p);
      }
    }
    return t.result();
  }

  private static final class Tally {
    final int exactFields;
    long keys;
    long mismatches;
    final List<String> examples = new ArrayList<>();

    Tally(int exactFields) {
      this.exactFields = exactFields;
    }

    void differ(String message) {
      mismatches++;
      if (examples.size() < MAX_EXAMPLES) {
        examples.add(message);
      }
    }

    Result result() {
      return new Result(keys, mismatches, List.copyOf(examples));
    }
  }

  /** A side as its bucket files hold it: key, then the compared fields in order. */
  private static Side projected(Side s) {
    int n = s.exact().length;
    int m = s.doubles().length;
    int[] exact = new int[n];
    int[] doubles = new int[m];
    for (int i = 0; i < n; i++) {
      exact[i] = 1 + i;
    }
    for (int i = 0; i < m; i++) {
      doubles[i] = 1 + n + i;
    }
    return new Side(s.name(), null, exact, doubles);
  }

  private static List<Path> partition(Side s, Path prefix, int buckets) throws IOException {
    List<Path> paths = new ArrayList<>();
    Writer[] writers = new Writer[buckets];
    try {
      for (int i = 0; i < buckets; i++) {
        Path p = Path.of(prefix + Integer.toString(i));
        paths.add(p);
        writers[i] = new BufferedWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8), 1 << 16);
      }
      for (Path f : s.files()) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          String line;
          while ((line = r.readLine()) != null) {
            String[] fields = line.split("\t", -1);
            String key = fields[0];
            Writer w = writers[Math.floorMod(key.hashCode(), buckets)];
            w.write(key);
            w.write('\t');
            w.write(values(fields, s, line));
            w.write('\n');
          }
        }
      }
    } finally {
      for (Writer w : writers) {
        if (w != null) {
          w.close();
        }
      }
    }
    return paths;
  }

  /** The compared fields of a line, tab-separated: exact ones, then doubles. */
  private static String values(String[] fields, Side s, String line) {
    StringBuilder sb = new StringBuilder();
    for (int i : s.exact()) {
      sb.append(field(fields, i, s, line)).append('\t');
    }
    for (int i : s.doubles()) {
      sb.append(field(fields, i, s, line)).append('\t');
    }
    if (sb.length() > 0) {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }

  private static String field(String[] fields, int i, Side s, String line) {
    if (i >= fields.length) {
      throw new IllegalStateException(s.name() + ": a line has " + fields.length + " fields, expected more than "
          + i + ": " + line);
    }
    return fields[i];
  }

  private static void compareBucket(String aName, List<Path> aFiles, Side a, String bName, List<Path> bFiles, Side b,
      Tally t) throws IOException {
    Map<String, String> other = new HashMap<>();
    for (Path f : bFiles) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] fields = line.split("\t", -1);
          if (other.put(fields[0], values(fields, b, line)) != null) {
            t.differ("key " + fields[0] + " twice in " + bName);
          }
        }
      }
    }
    Map<String, Boolean> seen = new HashMap<>();
    for (Path f : aFiles) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] fields = line.split("\t", -1);
          String key = fields[0];
          t.keys++;
          if (seen.put(key, Boolean.TRUE) != null) {
            t.differ("key " + key + " twice in " + aName);
            continue;
          }
          String theirs = other.remove(key);
          if (theirs == null) {
            t.differ("key " + key + " only in " + aName);
            continue;
          }
          String diff = difference(values(fields, a, line).split("\t", -1), theirs.split("\t", -1), t.exactFields);
          if (diff != null) {
            t.differ("key " + key + ": " + diff + " (" + aName + " vs " + bName + ")");
          }
        }
      }
    }
    for (String key : other.keySet()) {
      t.differ("key " + key + " only in " + bName);
    }
  }

  /** @return null when the values agree, otherwise which field differs and how */
  static String difference(String[] mine, String[] theirs, int exactFields) {
    for (int i = 0; i < mine.length; i++) {
      if (i < exactFields) {
        if (!mine[i].equals(theirs[i])) {
          return "compared field " + (i + 1) + ": " + mine[i] + " vs " + theirs[i];
        }
      } else if (!closeDoubles(mine[i], theirs[i])) {
        return "compared field " + (i + 1) + ": " + mine[i] + " vs " + theirs[i];
      }
    }
    return null;
  }

  private static boolean closeDoubles(String x, String y) {
    if (x.equals(y)) {
      return true;
    }
    try {
      double a = Double.parseDouble(x);
      double b = Double.parseDouble(y);
      return a == b || Math.abs(a - b) <= ULPS * Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
    } catch (NumberFormatException e) {
      return false; // e.g. \N against a number
    }
  }
}
