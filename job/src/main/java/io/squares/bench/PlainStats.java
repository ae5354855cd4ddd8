package io.squares.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's limit: a plain single-threaded Java program that computes the {@code stats}
 * aggregates of a {@code key,integer} file in one pass with a byte-level parser, no Hadoop. It
 * handles exactly what the generator writes (one comma, integer values whose squares and sums fit
 * in a long), which is what lets it be as fast as this machine allows; it fails loudly otherwise.
 */
public final class PlainStats {
  private static final MathContext MC = new MathContext(17, RoundingMode.HALF_EVEN);

  private int[] slots = new int[1 << 12];
  private byte[][] keys = new byte[1 << 11][];
  private int[] hashes = new int[1 << 11];
  private long[] count = new long[1 << 11];
  private long[] sum = new long[1 << 11];
  private long[] sumSq = new long[1 << 11];
  private long[] min = new long[1 << 11];
  private long[] max = new long[1 << 11];
  private int size;

  private PlainStats() {
    Arrays.fill(slots, -1);
  }

  /**
   * @param args input file and output file
   * @throws IOException on read or write failure
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: PlainStats <input key,int file> <output file>");
      System.exit(2);
    }
    PlainStats s = new PlainStats();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      s.read(in);
    }
    s.write(Path.of(args[1]));
  }

  private void read(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 20];
    byte[] key = new byte[256];
    int keyLen = 0;
    int h = 1;
    boolean inKey = true;
    long value = 0;
    boolean negative = false;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (inKey) {
          if (b == ',') {
            inKey = false;
          } else {
            key[keyLen++] = b;
            h = 31 * h + b;
          }
        } else if (b >= '0' && b <= '9') {
          value = value * 10 + (b - '0');
        } else if (b == '-') {
          negative = true;
        } else if (b == '\n') {
          add(key, keyLen, h, negative ? -value : value);
          keyLen = 0;
          h = 1;
          inKey = true;
          value = 0;
          negative = false;
        } else if (b != '\r') {
          throw new IOException("PlainStats reads only key,integer lines; found byte " + b);
        }
      }
    }
    if (keyLen > 0 || !inKey) {
      add(key, keyLen, h, negative ? -value : value);
    }
  }

  private void add(byte[] key, int len, int h, long v) {
    int mask = slots.length - 1;
    int i = h & mask;
    int e;
    while (true) {
      e = slots[i];
      if (e < 0) {
        e = insert(i, key, len, h, v);
        break;
      }
      if (hashes[e] == h && Arrays.equals(keys[e], 0, keys[e].length, key, 0, len)) {
        break;
      }
      i = (i + 1) & mask;
    }
    count[e]++;
    sum[e] = Math.addExact(sum[e], v);
    sumSq[e] = Math.addExact(sumSq[e], Math.multiplyExact(v, v));
    if (v < min[e]) {
      min[e] = v;
    }
    if (v > max[e]) {
      max[e] = v;
    }
  }

  private int insert(int slot, byte[] key, int len, int h, long v) {
    if (size * 2 >= slots.length || size == keys.length) {
      throw new IllegalStateException("PlainStats holds at most " + keys.length + " keys");
    }
    int e = size++;
    keys[e] = Arrays.copyOf(key, len);
    hashes[e] = h;
    min[e] = v;
    max[e] = v;
    slots[slot] = e;
    return e;
  }

  private void write(Path out) throws IOException {
    List<Integer> order = new ArrayList<>();
    for (int e = 0; e < size; e++) {
      order.add(e);
    }
    order.sort((a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
    try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8))) {
      for (int e : order) {
        BigDecimal n = BigDecimal.valueOf(count[e]);
        BigDecimal s = BigDecimal.valueOf(sum[e]);
        BigDecimal mean = s.divide(n, MC);
        String var = "\\N";
        String sd = "\\N";
        if (count[e] > 1) {
          BigInteger num = BigInteger.valueOf(count[e]).multiply(BigInteger.valueOf(sumSq[e]))
              .subtract(BigInteger.valueOf(sum[e]).pow(2));
          BigDecimal v = new BigDecimal(num).divide(n.multiply(n.subtract(BigDecimal.ONE)), new MathContext(40));
          var = plain(v.round(MC));
          sd = plain(v.sqrt(MC));
        }
        w.write(new String(keys[e], StandardCharsets.UTF_8) + '\t' + count[e] + '\t' + sum[e] + '\t' + sumSq[e]
            + '\t' + min[e] + '\t' + max[e] + '\t' + plain(mean) + '\t' + var + '\t' + sd + '\n');
      }
    }
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
