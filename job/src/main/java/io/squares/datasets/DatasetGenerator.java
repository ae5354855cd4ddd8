package io.squares.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes large, deterministic {@code key,value} text inputs for Squares.
 *
 * <p>Each row is {@code k<index>,<value>\n}. The key index is drawn uniformly
 * from {@code [0, keys)} and printed zero-padded to at least six digits
 * ({@code k000017}); the value is drawn uniformly from the numbers in
 * {@code [min, max]} that have exactly {@code decimals} fractional digits, and is
 * printed with exactly that many fractional digits ({@code 12.50}, {@code -0.05};
 * plain integers when {@code decimals} is 0). An optional header line
 * {@code key,value} comes first.
 *
 * <p>All randomness comes from one {@link SplittableRandom} seeded with
 * {@code seed}, drawn in a fixed order (key, then value, row by row), so the same
 * options always produce identical bytes on a given JDK (17 or later).
 *
 * <p>The writer is built for volume: rows are formatted by hand into one reused
 * byte buffer, with no object allocated per row, so tens of millions of rows take
 * a few seconds on one core.
 *
 * <p>Command line ({@link #run}):
 * <pre>
 * generate --rows N --keys K --min A --max B --seed S [--decimals D] [--header] &lt;file|-&gt;
 * </pre>
 */
public final class DatasetGenerator {

  /** Largest supported number of fractional digits. */
  public static final int MAX_DECIMALS = 18;

  /** Exit status of {@link #run} on success. */
  public static final int EXIT_OK = 0;
  /** Exit status of {@link #run} when the output cannot be written. */
  public static final int EXIT_IO_ERROR = 1;
  /** Exit status of {@link #run} on a usage error. */
  public static final int EXIT_USAGE = 2;

  static final String USAGE =
      "usage: generate --rows N --keys K --min A --max B --seed S [--decimals D] [--header] <file|->\n"
          + "\n"
          + "Writes N deterministic `key,value` lines to <file> (or standard output for -).\n"
          + "  --rows N      number of data rows, N >= 0\n"
          + "  --keys K      keys are k000000 .. k(K-1), chosen uniformly; K >= 1\n"
          + "  --min A       smallest value (a 64-bit integer)\n"
          + "  --max B       largest value (a 64-bit integer), B >= A\n"
          + "  --seed S      seed (a 64-bit integer); the same options give the same bytes\n"
          + "  --decimals D  values carry exactly D fractional digits, 0 <= D <= 18\n"
          + "                (default 0: integers); A*10^D and B*10^D must fit in 64 bits\n"
          + "  --header      write the header line `key,value` first\n"
          + "  -h, --help    show this help\n"
          + "Options also accept the --name=value form.\n";

  private static final byte[] HEADER = {'k', 'e', 'y', ',', 'v', 'a', 'l', 'u', 'e', '\n'};
  private static final int BUFFER_SIZE = 1 << 20;
  /** Upper bound of one row: 'k' + 10 digits + ',' + sign + 19 digits + '.' + '\n'. */
  private static final int MAX_ROW_BYTES = 64;
  private static final int MIN_KEY_WIDTH = 6;
  private static final long[] POW10 = new long[19];

  static {
    long p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  /**
   * What to generate.
   *
   * @param rows     number of data rows (not counting the header), at least 0
   * @param keys     number of distinct possible keys, at least 1
   * @param min      smallest value, inclusive
   * @param max      largest value, inclusive; at least {@code min}
   * @param seed     seed of the pseudo-random sequence
   * @param decimals number of fractional digits of every value, 0 to {@value #MAX_DECIMALS};
   *                 {@code min * 10^decimals} and {@code max * 10^decimals} must fit in a long
   * @param header   whether to write the header line {@code key,value} first
   */
  public record Options(long rows, int keys, long min, long max, long seed, int decimals, boolean header) {

    /**
     * Validates the options.
     *
     * @param rows     number of data rows, at least 0
     * @param keys     number of distinct possible keys, at least 1
     * @param min      smallest value, inclusive
     * @param max      largest value, inclusive
     * @param seed     seed of the pseudo-random sequence
     * @param decimals number of fractional digits, 0 to {@value DatasetGenerator#MAX_DECIMALS}
     * @param header   whether to write the header line
     * @throws IllegalArgumentException if any option is out of range
     */
    public Options {
      if (rows < 0) {
        throw new IllegalArgumentException("rows must be >= 0, got " + rows);
      }
      if (keys < 1) {
        throw new IllegalArgumentException("keys must be >= 1, got " + keys);
      }
      if (min > max) {
        throw new IllegalArgumentException("min (" + min + ") must be <= max (" + max + ")");
      }
      if (decimals < 0 || decimals > MAX_DECIMALS) {
        throw new IllegalArgumentException(
            "decimals must be between 0 and " + MAX_DECIMALS + ", got " + decimals);
      }
      try {
        Math.multiplyExact(min, POW10[decimals]);
        Math.multiplyExact(max, POW10[decimals]);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "min and max times 10^" + decimals + " must fit in a 64-bit integer");
      }
    }

    /**
     * Starts a builder with defaults: 0 rows, 1 key, values 0 to 100, seed 0,
     * no decimals, no header.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }
  }

  /** Fluent builder of {@link Options}. */
  public static final class Builder {
    private long rows;
    private int keys = 1;
    private long min;
    private long max = 100;
    private long seed;
    private int decimals;
    private boolean header;

    private Builder() {
    }

    /**
     * Sets the number of data rows.
     *
     * @param rows number of data rows
     * @return this builder
     */
    public Builder rows(long rows) {
      this.rows = rows;
      return this;
    }

    /**
     * Sets the number of distinct keys.
     *
     * @param keys number of distinct keys
     * @return this builder
     */
    public Builder keys(int keys) {
      this.keys = keys;
      return this;
    }

    /**
     * Sets the smallest value, inclusive.
     *
     * @param min smallest value, inclusive
     * @return this builder
     */
    public Builder min(long min) {
      this.min = min;
      return this;
    }

    /**
     * Sets the largest value, inclusive.
     *
     * @param max largest value, inclusive
     * @return this builder
     */
    public Builder max(long max) {
      this.max = max;
      return this;
    }

    /**
     * Sets the pseudo-random seed.
     *
     * @param seed pseudo-random seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the fractional digits of each value.
     *
     * @param decimals fractional digits of each value
     * @return this builder
     */
    public Builder decimals(int decimals) {
      this.decimals = decimals;
      return this;
    }

    /**
     * Sets whether to write a header line.
     *
     * @param header whether to write a header line
     * @return this builder
     */
    public Builder header(boolean header) {
      this.header = header;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the validated options
     * @throws IllegalArgumentException if any option is out of range
     */
    public Options build() {
      return new Options(rows, keys, min, max, seed, decimals, header);
    }

    /**
     * Builds a generator for these options.
     *
     * @return the generator
     * @throws IllegalArgumentException if any option is out of range
     */
    public DatasetGenerator generator() {
      return new DatasetGenerator(build());
    }
  }

  private final Options options;
  private final long low;
  private final long high;
  private final int keyWidth;

  /**
   * Creates a generator.
   *
   * @param options what to generate
   */
  public DatasetGenerator(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.low = options.min() * POW10[options.decimals()];
    this.high = options.max() * POW10[options.decimals()];
    this.keyWidth = Math.max(MIN_KEY_WIDTH, digits(options.keys() - 1L));
  }

  /**
   * Returns the options this generator was made with.
   *
   * @return the options of this generator
   */
  public Options options() {
    return options;
  }

  /**
   * Writes the whole dataset to {@code out}, then flushes it. The stream is not
   * closed. Each call starts the pseudo-random sequence afresh, so repeated calls
   * write identical bytes.
   *
   * @param out where to write
   * @throws IOException if writing fails
   */
  public void write(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    final SplittableRandom random = new SplittableRandom(options.seed());
    final byte[] buf = new byte[BUFFER_SIZE];
    final int limit = BUFFER_SIZE - MAX_ROW_BYTES;
    final int keys = options.keys();
    final int width = keyWidth;
    final int decimals = options.decimals();
    final long lo = low;
    final long hi = high;
    final boolean fullRange = lo == Long.MIN_VALUE && hi == Long.MAX_VALUE;
    final boolean topIsMax = hi == Long.MAX_VALUE;
    int pos = 0;
    if (options.header()) {
      System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
      pos = HEADER.length;
    }
    for (long row = options.rows(); row > 0; row--) {
      if (pos > limit) {
        out.write(buf, 0, pos);
        pos = 0;
      }
      int key = random.nextInt(keys);
      long value;
      if (fullRange) {
        value = random.nextLong();
      } else if (!topIsMax) {
        value = random.nextLong(lo, hi + 1);
      } else {
        value = random.nextLong(lo - 1, hi) + 1;
      }
      buf[pos++] = 'k';
      pos = writeKey(buf, pos, key, width);
      buf[pos++] = ',';
      pos = writeValue(buf, pos, value, decimals);
      buf[pos++] = '\n';
    }
    out.write(buf, 0, pos);
    out.flush();
  }

  /** Writes {@code key} zero-padded to {@code width} digits; returns the new position. */
  private static int writeKey(byte[] buf, int pos, int key, int width) {
    int end = pos + width;
    int p = end;
    while (p > pos) {
      int q = key / 10;
      buf[--p] = (byte) ('0' + (key - q * 10));
      key = q;
    }
    return end;
  }

  /**
   * Writes the unscaled value {@code v} with {@code decimals} fractional digits
   * ({@code -5}, 2 gives {@code -0.05}); returns the new position.
   */
  static int writeValue(byte[] buf, int pos, long v, int decimals) {
    // Work on the non-positive magnitude so that Long.MIN_VALUE needs no care.
    if (v < 0) {
      buf[pos++] = '-';
    } else {
      v = -v;
    }
    int n = 1;
    while (n < 19 && v <= -POW10[n]) {
      n++;
    }
    int total = Math.max(n, decimals + 1);
    int end = pos + (decimals > 0 ? total + 1 : total);
    int p = end;
    for (int i = 0; i < total; i++) {
      if (i == decimals && decimals > 0) {
        buf[--p] = '.';
      }
      long q = v / 10;
      buf[--p] = (byte) ('0' + (int) (q * 10 - v));
      v = q;
    }
    return end;
  }

  /** Number of decimal digits of a non-negative long. */
  private static int digits(long x) {
    int n = 1;
    while (n < 19 && x >= POW10[n]) {
      n++;
    }
    return n;
  }

  /**
   * The command line: {@code generate --rows N --keys K --min A --max B --seed S
   * [--decimals D] [--header] <file|->}. A leading {@code generate} argument (the
   * subcommand's name) is skipped if present. Writing to {@code -} sends the data
   * to {@code out}.
   *
   * @param args the arguments
   * @param out  standard output: the data for {@code -}, and the help text
   * @param err  standard error: error messages
   * @return {@link #EXIT_OK}, {@link #EXIT_USAGE} on a usage error, or
   *         {@link #EXIT_IO_ERROR} if the output could not be written
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Long rows = null;
    Integer keys = null;
    Long min = null;
    Long max = null;
    Long seed = null;
    int decimals = 0;
    boolean header = false;
    String target = null;
    boolean optionsEnded = false;
    int i = args.length > 0 && "generate".equals(args[0]) ? 1 : 0;
    try {
      for (; i < args.length; i++) {
        String arg = args[i];
        if (arg == null) {
          throw new UsageException("null argument");
        }
        if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
          if (target != null) {
            throw new UsageException("only one output file may be given, got '"
                + target + "' and '" + arg + "'");
          }
          target = arg;
          continue;
        }
        if (arg.equals("--")) {
          optionsEnded = true;
          continue;
        }
        if (arg.equals("-h") || arg.equals("--help")) {
          out.print(USAGE);
          out.flush();
          return EXIT_OK;
        }
        String name = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 2) {
          name = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        }
        if (name.equals("--header")) {
          if (value != null) {
            throw new UsageException("--header takes no value");
          }
          header = true;
          continue;
        }
        switch (name) {
          case "--rows", "--keys", "--min", "--max", "--seed", "--decimals" -> {
            if (value == null) {
              if (i + 1 >= args.length) {
                throw new UsageException(name + " needs a value");
              }
              value = args[++i];
            }
          }
          default -> throw new UsageException("unknown option " + name);
        }
        switch (name) {
          case "--rows" -> rows = parseLong(name, value);
          case "--keys" -> keys = parseInt(name, value);
          case "--min" -> min = parseLong(name, value);
          case "--max" -> max = parseLong(name, value);
          case "--seed" -> seed = parseLong(name, value);
          default -> decimals = parseInt(name, value);
        }
      }
      requireOption(rows, "--rows");
      requireOption(keys, "--keys");
      requireOption(min, "--min");
      requireOption(max, "--max");
      requireOption(seed, "--seed");
      if (target == null) {
        throw new UsageException("missing the output file (a path, or - for standard output)");
      }
      if (target.isEmpty()) {
        throw new UsageException("the output file name is empty");
      }
    } catch (UsageException e) {
      return usageError(err, e.getMessage());
    }

    DatasetGenerator generator;
    try {
      generator = new DatasetGenerator(new Options(rows, keys, min, max, seed, decimals, header));
    } catch (IllegalArgumentException e) {
      return usageError(err, e.getMessage());
    }

    if (target.equals("-")) {
      try {
        generator.write(out);
      } catch (IOException e) {
        err.println("generate: error writing to standard output: " + e.getMessage());
        return EXIT_IO_ERROR;
      }
      if (out.checkError()) {
        err.println("generate: error writing to standard output");
        return EXIT_IO_ERROR;
      }
      return EXIT_OK;
    }
    Path path;
    try {
      path = Path.of(target);
    } catch (InvalidPathException e) {
      return usageError(err, "invalid output path '" + target + "': " + e.getReason());
    }
    try (OutputStream file = Files.newOutputStream(path)) {
      generator.write(file);
    } catch (IOException e) {
      err.println("generate: cannot write " + target + ": " + describe(e));
      return EXIT_IO_ERROR;
    }
    return EXIT_OK;
  }

  /**
   * Runs {@link #run} with the process's standard streams and exits with its status.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  private static int usageError(PrintStream err, String message) {
    err.println("generate: " + message);
    err.println("usage: generate --rows N --keys K --min A --max B --seed S [--decimals D] [--header] <file|->");
    err.println("(try 'generate --help')");
    err.flush();
    return EXIT_USAGE;
  }

  private static void requireOption(Object value, String name) throws UsageException {
    if (value == null) {
      throw new UsageException("missing required option " + name);
    }
  }

  private static long parseLong(String name, String value) throws UsageException {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " expects a 64-bit integer, got '" + value + "'");
    }
  }

  private static int parseInt(String name, String value) throws UsageException {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " expects a 32-bit integer, got '" + value + "'");
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + message;
  }

  /** A command-line mistake; its message is shown to the user. */
  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
