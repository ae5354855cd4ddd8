package io.squares.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetGeneratorTest {

  private static final Pattern KEY = Pattern.compile("k[0-9]{6,}");

  private static DatasetGenerator.Builder base() {
    return DatasetGenerator.Options.builder().rows(5_000).keys(37).min(-1_000).max(1_000).seed(42);
  }

  private static byte[] bytes(DatasetGenerator.Options options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DatasetGenerator(options).write(out);
    return out.toByteArray();
  }

  private static String[] lines(byte[] data) {
    String text = new String(data, StandardCharsets.US_ASCII);
    assertTrue(text.isEmpty() || text.endsWith("\n"), "output ends with a newline");
    return text.isEmpty() ? new String[0] : text.split("\n", -1);
  }

  /** Data lines, checked for shape; the trailing empty string from split is dropped. */
  private static String[] dataLines(byte[] data, boolean header) {
    String[] all = lines(data);
    assertEquals("", all[all.length - 1]);
    int from = 0;
    if (header) {
      assertEquals("key,value", all[0]);
      from = 1;
    }
    return Arrays.copyOfRange(all, from, all.length - 1);
  }

  @Test
  void sameSeedGivesIdenticalBytes() throws IOException {
    DatasetGenerator.Options options = base().decimals(3).header(true).build();
    byte[] first = bytes(options);
    assertArrayEquals(first, bytes(options));
    // Also when one generator writes twice.
    DatasetGenerator generator = new DatasetGenerator(options);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    generator.write(a);
    generator.write(b);
    assertArrayEquals(first, a.toByteArray());
    assertArrayEquals(first, b.toByteArray());
  }

  @Test
  void differentSeedGivesDifferentBytes() throws IOException {
    assertFalse(Arrays.equals(bytes(base().seed(1).build()), bytes(base().seed(2).build())));
  }

  @Test
  void writesTheRequestedNumberOfRows() throws IOException {
    assertEquals(5_000, dataLines(bytes(base().build()), false).length);
    assertEquals(5_000, dataLines(bytes(base().header(true).build()), true).length);
    assertEquals(0, bytes(base().rows(0).build()).length);
    assertEquals("key,value\n", new String(bytes(base().rows(0).header(true).build()), StandardCharsets.US_ASCII));
    // More rows than one buffer holds.
    assertEquals(200_000, dataLines(bytes(base().rows(200_000).build()), false).length);
  }

  @Test
  void keysStayWithinTheBound() throws IOException {
    Set<String> seen = new HashSet<>();
    for (String line : dataLines(bytes(base().rows(20_000).build()), false)) {
      String key = line.substring(0, line.indexOf(','));
      assertTrue(KEY.matcher(key).matches(), key);
      assertEquals(7, key.length(), key);
      int index = Integer.parseInt(key.substring(1));
      assertTrue(index >= 0 && index < 37, key);
      seen.add(key);
    }
    assertEquals(37, seen.size(), "20000 draws hit every one of 37 keys");
    for (String line : dataLines(bytes(base().keys(1).build()), false)) {
      assertTrue(line.startsWith("k000000,"), line);
    }
    // Keys wider than six digits keep one fixed width.
    for (String line : dataLines(bytes(base().keys(12_345_678).build()), false)) {
      String key = line.substring(0, line.indexOf(','));
      assertEquals(9, key.length(), key);
      assertTrue(Integer.parseInt(key.substring(1)) < 12_345_678, key);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 5, 18})
  void valuesAreWithinRangeWithTheRequestedDecimals(int decimals) throws IOException {
    long min = decimals == 18 ? -9 : -1_000;
    long max = decimals == 18 ? 9 : 1_000;
    BigDecimal lo = BigDecimal.valueOf(min);
    BigDecimal hi = BigDecimal.valueOf(max);
    boolean sawNegative = false;
    boolean sawSmall = false;
    for (String line : dataLines(bytes(base().min(min).max(max).decimals(decimals).build()), false)) {
      String text = line.substring(line.indexOf(',') + 1);
      BigDecimal value = new BigDecimal(text);
      assertEquals(decimals, value.scale(), text);
      assertTrue(value.compareTo(lo) >= 0 && value.compareTo(hi) <= 0, text);
      assertFalse(text.startsWith("+") || text.contains("E") || text.contains("e"), text);
      assertFalse(text.matches("-?0[0-9].*"), "no leading zeros: " + text);
      assertFalse(text.equals("-0") || text.matches("-0\\.0*"), "no negative zero: " + text);
      sawNegative |= value.signum() < 0;
      sawSmall |= value.abs().compareTo(BigDecimal.ONE) < 0;
    }
    assertTrue(sawNegative);
    if (decimals >= 2) {
      assertTrue(sawSmall, "values between -1 and 1 print a leading 0.");
    }
  }

  @Test
  void extremeRangesAreHandled() throws IOException {
    BigDecimal lo = BigDecimal.valueOf(Long.MIN_VALUE);
    BigDecimal hi = BigDecimal.valueOf(Long.MAX_VALUE);
    for (DatasetGenerator.Options options : new DatasetGenerator.Options[] {
      base().min(Long.MIN_VALUE).max(Long.MAX_VALUE).build(),
      base().min(0).max(Long.MAX_VALUE).build(),
      base().min(Long.MIN_VALUE).max(Long.MIN_VALUE + 3).build(),
      base().min(Long.MAX_VALUE - 3).max(Long.MAX_VALUE).build(),
    }) {
      for (String line : dataLines(bytes(options), false)) {
        BigDecimal value = new BigDecimal(line.substring(line.indexOf(',') + 1));
        assertTrue(value.compareTo(BigDecimal.valueOf(options.min())) >= 0, line);
        assertTrue(value.compareTo(BigDecimal.valueOf(options.max())) <= 0, line);
        assertTrue(value.compareTo(lo) >= 0 && value.compareTo(hi) <= 0, line);
      }
    }
    for (String line : dataLines(bytes(base().min(7).max(7).decimals(2).build()), false)) {
      assertTrue(line.endsWith(",7.00"), line);
    }
  }

  @Test
  void valueFormatting() {
    assertEquals("0", format(0, 0));
    assertEquals("-5", format(-5, 0));
    assertEquals("-0.05", format(-5, 2));
    assertEquals("0.00", format(0, 2));
    assertEquals("12.50", format(1250, 2));
    assertEquals("-9223372036854775808", format(Long.MIN_VALUE, 0));
    assertEquals("9223372036854775807", format(Long.MAX_VALUE, 0));
    assertEquals("-9.223372036854775808", format(Long.MIN_VALUE, 18));
    assertEquals("0.000000000000000001", format(1, 18));
    assertEquals("1000000000000000000", format(1_000_000_000_000_000_000L, 0));
  }

  private static String format(long unscaled, int decimals) {
    byte[] buf = new byte[64];
    int end = DatasetGenerator.writeValue(buf, 0, unscaled, decimals);
    return new String(buf, 0, end, StandardCharsets.US_ASCII);
  }

  @Test
  void invalidOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> base().rows(-1).build());
    assertThrows(IllegalArgumentException.class, () -> base().keys(0).build());
    assertThrows(IllegalArgumentException.class, () -> base().min(2).max(1).build());
    assertThrows(IllegalArgumentException.class, () -> base().decimals(-1).build());
    assertThrows(IllegalArgumentException.class, () -> base().decimals(19).build());
    assertThrows(IllegalArgumentException.class, () -> base().max(Long.MAX_VALUE).decimals(1).build());
  }

  // ---- command line

  private static final class Result {
    final int status;
    final byte[] out;
    final String err;

    Result(int status, byte[] out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }
  }

  private static Result cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = DatasetGenerator.run(args, o, e);
    }
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void cliWritesAFileIdenticalToWrite(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("out.csv");
    Result r = cli("generate", "--rows", "1000", "--keys", "10", "--min", "-5", "--max", "5",
        "--seed", "7", "--decimals", "2", "--header", file.toString());
    assertEquals(0, r.status, r.err);
    assertEquals("", r.err);
    assertEquals(0, r.out.length);
    byte[] expected = bytes(DatasetGenerator.Options.builder()
        .rows(1000).keys(10).min(-5).max(5).seed(7).decimals(2).header(true).build());
    assertArrayEquals(expected, Files.readAllBytes(file));
    // Without the subcommand name, in --name=value form, options after the file.
    Path other = dir.resolve("other.csv");
    r = cli(other.toString(), "--rows=1000", "--keys=10", "--min=-5", "--max=5", "--seed=7",
        "--decimals=2", "--header");
    assertEquals(0, r.status, r.err);
    assertArrayEquals(expected, Files.readAllBytes(other));
  }

  @Test
  void cliWritesToStandardOutputForDash() {
    Result r = cli("--rows", "3", "--keys", "2", "--min", "0", "--max", "9", "--seed", "1", "-");
    assertEquals(0, r.status, r.err);
    String[] rows = dataLines(r.out, false);
    assertEquals(3, rows.length);
    for (String row : rows) {
      assertTrue(row.matches("k00000[01],[0-9]"), row);
    }
  }

  @Test
  void cliHelpSucceeds() {
    Result r = cli("--help");
    assertEquals(0, r.status);
    assertTrue(new String(r.out, StandardCharsets.UTF_8).startsWith("usage: generate"));
    assertEquals(0, cli("generate", "-h").status);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "",                                                              // nothing at all
    "--keys 1 --min 0 --max 1 --seed 1 -",                           // missing --rows
    "--rows 1 --min 0 --max 1 --seed 1 -",                           // missing --keys
    "--rows 1 --keys 1 --max 1 --seed 1 -",                          // missing --min
    "--rows 1 --keys 1 --min 0 --seed 1 -",                          // missing --max
    "--rows 1 --keys 1 --min 0 --max 1 -",                           // missing --seed
    "--rows 1 --keys 1 --min 0 --max 1 --seed 1",                    // missing file
    "--rows 1 --keys 1 --min 0 --max 1 --seed 1 a b",                // two files
    "--rows x --keys 1 --min 0 --max 1 --seed 1 -",                  // not a number
    "--rows 1.5 --keys 1 --min 0 --max 1 --seed 1 -",                // not an integer
    "--rows 1 --keys 3000000000 --min 0 --max 1 --seed 1 -",         // keys too big
    "--rows -1 --keys 1 --min 0 --max 1 --seed 1 -",                 // negative rows
    "--rows 1 --keys 0 --min 0 --max 1 --seed 1 -",                  // no keys
    "--rows 1 --keys 1 --min 5 --max 1 --seed 1 -",                  // min > max
    "--rows 1 --keys 1 --min 0 --max 1 --seed 1 --decimals 19 -",    // too many decimals
    "--rows 1 --keys 1 --min 0 --max 9223372036854775807 --seed 1 --decimals 1 -", // overflow
    "--rows 1 --keys 1 --min 0 --max 1 --seed 1 --colour red -",     // unknown option
    "--rows 1 --keys 1 --min 0 --max 1 --seed 1 --header=yes -",     // flag with a value
    "--rows 1 --keys 1 --min 0 --max 1 --seed",                      // option without value
  })
  void usageErrorsReturnTwo(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    Result r = cli(args);
    assertEquals(2, r.status, line);
    assertTrue(r.err.startsWith("generate: "), r.err);
    assertTrue(r.err.contains("usage: generate"), r.err);
    assertEquals(0, r.out.length, "nothing written on a usage error");
  }

  @Test
  void unwritableFileReturnsOne(@TempDir Path dir) {
    Path file = dir.resolve("missing-dir").resolve("out.csv");
    Result r = cli("--rows", "1", "--keys", "1", "--min", "0", "--max", "1", "--seed", "1", file.toString());
    assertEquals(1, r.status);
    assertTrue(r.err.startsWith("generate: cannot write "), r.err);
  }

  @Test
  void writeDoesNotCloseTheStream() throws IOException {
    boolean[] closed = {false};
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) {
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };
    new DatasetGenerator(base().build()).write(out);
    assertFalse(closed[0]);
  }
}
