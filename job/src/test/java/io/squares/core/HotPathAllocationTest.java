package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The per-record hot paths allocate nothing while values fit in machine words. Measured with the
 * per-thread allocation counter; a single object per record would show up as megabytes.
 */
class HotPathAllocationTest {
  private static final int RECORDS = 100_000;
  /** Far below one object per record (at least 16 bytes each, so 1.6 MB). */
  private static final long BUDGET_BYTES = 64 * 1024;

  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    return bean instanceof com.sun.management.ThreadMXBean
        ? (com.sun.management.ThreadMXBean) bean : null;
  }

  private static long allocatedBy(Runnable work) {
    assumeTrue(THREADS != null && THREADS.isThreadAllocatedMemorySupported());
    THREADS.setThreadAllocatedMemoryEnabled(true);
    work.run(); // warm-up: first calls may load classes and grow reusable buffers
    long before = THREADS.getCurrentThreadAllocatedBytes();
    work.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  private static byte[][] lines(String... texts) {
    byte[][] lines = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      lines[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    return lines;
  }

  @Test
  void parsingShortDecimalsAllocatesNothing() {
    byte[][] values = lines("12.5", "-0.001", "123456789012345678", "9.2e18", " 42 ", "1.5E-3",
        "-9223372036854775808", "0e99999", "000123.4500");
    ParsedDecimal out = new ParsedDecimal();
    long allocated = allocatedBy(() -> {
      for (int k = 0; k < RECORDS; k++) {
        byte[] v = values[k % values.length];
        assertNull(DecimalParser.parse(v, 0, v.length, out));
      }
    });
    assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
  }

  @Test
  void addingLongRangeValuesAllocatesNothingEvenWhenSumsPassLongRange() {
    ParsedDecimal[] values = new ParsedDecimal[4];
    for (int i = 0; i < values.length; i++) {
      values[i] = new ParsedDecimal();
    }
    // At the common scale 4 the first value is 9e15: the sum passes 2^63 after about a
    // thousand records, while the sum of squares (about 2e36) stays within 128 bits.
    values[0].set(90_000_000_000_000L, 2);
    values[1].set(-12345, 4);
    values[2].set(7, 0);
    values[3].set(-400_000_000_000_001L, 4);
    ExactStats stats = new ExactStats();
    ExactStats other = new ExactStats();
    long allocated = allocatedBy(() -> {
      stats.reset();
      for (int k = 0; k < RECORDS; k++) {
        stats.add(values[k % values.length]);
      }
      other.set(stats);
      stats.merge(other);
    });
    // The stored sum is in units of 10^-4.
    assertTrue(stats.sum().scaleByPowerOfTen(4).compareTo(new BigDecimal(Long.MAX_VALUE)) > 0,
        "the stored sum left long range");
    assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
  }

  @Test
  void splittingLinesAllocatesNothing() {
    byte[][] input = lines("key1,12.5,x", " \"quoted, key\" , -3 ,y", "\"esc\"\"aped\",1,",
        "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t");
    DelimitedLineParser parser = new DelimitedLineParser((byte) ',');
    long allocated = allocatedBy(() -> {
      for (int k = 0; k < RECORDS; k++) {
        byte[] line = input[k % input.length];
        assertNull(parser.split(line, 0, line.length));
      }
    });
    assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
  }

  @Test
  void appendingSmallSquaresAllocatesNothing() {
    ParsedDecimal[] values = new ParsedDecimal[3];
    for (int i = 0; i < values.length; i++) {
      values[i] = new ParsedDecimal();
    }
    values[0].set(-35, 1);
    values[1].set(3_037_000_499L, 12);
    values[2].set(1, 40);
    StringBuilder sb = new StringBuilder(256);
    long allocated = allocatedBy(() -> {
      for (int k = 0; k < RECORDS; k++) {
        sb.setLength(0);
        DecimalText.appendSquare(values[k % values.length], sb);
      }
    });
    assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
  }

  @Test
  void formattingAKeysFieldsAllocatesNothingWhileTheyFitInLongs() {
    // the reducer's output line: mean, variance and standard deviation of a few values a key
    ExactStats[] groups = new ExactStats[3];
    long[][] values = {{-1_000_000, 3, 999_999, 17}, {12_345, 12_346}, {5, 5, 5, 6, 7, 8, 9}};
    ParsedDecimal v = new ParsedDecimal();
    for (int g = 0; g < groups.length; g++) {
      groups[g] = new ExactStats();
      for (long x : values[g]) {
        v.set(x, g); // scales 0, 1 and 2
        groups[g].add(v);
      }
    }
    StringBuilder sb = new StringBuilder(256);
    long allocated = allocatedBy(() -> {
      for (int k = 0; k < RECORDS; k++) {
        sb.setLength(0);
        groups[k % groups.length].appendFields(sb);
      }
    });
    assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
  }

  @Test
  void addingToTheCompactTableAllocatesNothingWhileValuesFitInWords() {
    CompactStatsTable<ExactStats> table = new CompactStatsTable<>(ExactStats::new, 1 << 20);
    byte[] keys = "k1k2k3k4k5k6k7k8k9".getBytes(StandardCharsets.UTF_8);
    ParsedDecimal[] values = new ParsedDecimal[] {new ParsedDecimal(), new ParsedDecimal(),
        new ParsedDecimal()};
    values[0].set(12345, 0);
    values[1].set(-125, 2); // mixed scales: rescaling stays in words
    values[2].set(7, 1);
    long allocated = allocatedBy(() -> {
      for (int k = 0; k < RECORDS; k++) {
        int at = 2 * (k % 9);
        table.add(table.entryOrFull(keys, at, at + 2), values[k % values.length]);
      }
    });
    assertTrue(table.objectCount() == 0, "no key left the words");
    assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
  }
}
