package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link KllSketch}: exact up to k values, merges and round trips, the same bytes for the same
 * seed and sequence, and a rank error within DataSketches' published bound against an exact
 * oracle (sorting) over many seeds, sizes and value distributions.
 */
class KllSketchTest {
  private static final double[] PS = {0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.3333, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

  private static byte[] bytes(KllSketch s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    s.write(new DataOutputStream(b));
    return b.toByteArray();
  }

  private static KllSketch read(byte[] b) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
    KllSketch s = KllSketch.read(in);
    assertEquals(0, in.available(), "read exactly what was written");
    return s;
  }

  /** The exact answer of the definition: the value at rank ceil(p·n) (1-based; the minimum for p = 0). */
  private static double exactQuantile(double[] sorted, double p) {
    BigInteger rank = new BigDecimal(Double.toString(p)).multiply(BigDecimal.valueOf(sorted.length))
        .setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    return sorted[Math.max(1, rank.intValueExact()) - 1];
  }

  private static double[] values(Random r, int n, int shape) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (shape) {
        case 0 -> r.nextDouble();
        case 1 -> r.nextGaussian() * 1e6;
        case 2 -> r.nextInt(50); // many ties
        case 3 -> i; // sorted
        case 4 -> n - i; // reversed
        default -> Math.exp(r.nextGaussian() * 5); // heavy tail
      };
    }
    return v;
  }

  @Test
  void levelCapacitiesAreRoundedTwoThirdsPowersOfK() {
    for (int k : new int[] {8, 9, 100, 200, 201, 1000, 65535}) {
      for (int depth = 0; depth < 40; depth++) {
        // round half up of k·(2/3)^depth, at least 8
        BigInteger num = BigInteger.valueOf(k).shiftLeft(depth + 1).add(BigInteger.valueOf(3).pow(depth));
        BigInteger rounded = num.divide(BigInteger.valueOf(3).pow(depth).shiftLeft(1));
        int want = Math.max(8, rounded.intValueExact());
        assertEquals(want, KllSketch.levelCapacity(k, depth + 1, 0), "k=" + k + " depth=" + depth);
      }
    }
  }

  @Test
  void holdsEveryValueAndAnswersExactlyUpToK() throws IOException {
    Random r = new Random(11);
    for (int k : new int[] {8, 50, 200}) {
      for (int n = 1; n <= k; n += 1 + n / 3) {
        double[] v = values(r, n, n % 6);
        KllSketch s = new KllSketch(k, r.nextLong());
        if (n % 2 == 0) {
          s.update(v, 0, n);
        } else {
          for (double x : v) {
            s.update(x);
          }
        }
        assertEquals(n, s.retained());
        assertEquals(0, s.flips(), "no compaction");
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        assertEquals(sorted[0], s.min());
        assertEquals(sorted[n - 1], s.max());
        KllSketch back = read(bytes(s));
        for (double p : PS) {
          assertEquals(exactQuantile(sorted, p), s.quantile(p), "k=" + k + " n=" + n + " p=" + p);
          assertEquals(exactQuantile(sorted, p), back.quantile(p));
        }
      }
    }
  }

  @Test
  void emptySketchAnswersNaNAndRoundTrips() throws IOException {
    KllSketch s = new KllSketch(200, 1);
    assertTrue(s.isEmpty());
    assertTrue(Double.isNaN(s.quantile(0.5)));
    KllSketch back = read(bytes(s));
    assertTrue(back.isEmpty());
    assertEquals(200, back.k());
    assertThrows(IllegalArgumentException.class, () -> s.quantile(1.5));
    assertThrows(IllegalArgumentException.class, () -> new KllSketch(7, 0));
  }

  @Test
  void sameSeedAndSequenceGiveTheSameBytesAndOtherSeedsDoNot() throws IOException {
    Random r = new Random(5);
    double[] v = values(r, 100_000, 1);
    byte[][] runs = new byte[2][];
    for (int run = 0; run < 2; run++) {
      KllSketch a = new KllSketch(200, 42);
      KllSketch b = new KllSketch(200, 43);
      a.update(v, 0, 60_000);
      for (int i = 60_000; i < v.length; i++) {
        b.update(v[i]);
      }
      KllSketch m = new KllSketch(200, 44);
      m.merge(a);
      m.merge(b);
      runs[run] = bytes(m);
      assertTrue(m.flips() > 0);
    }
    assertArrayEquals(runs[0], runs[1]);
    KllSketch other = new KllSketch(200, 45);
    other.update(v, 0, v.length);
    KllSketch same = new KllSketch(200, 45);
    for (double x : v) {
      same.update(x); // one by one: the same sketch as the batch
    }
    assertArrayEquals(bytes(other), bytes(same));
    KllSketch otherSeed = new KllSketch(200, 46);
    otherSeed.update(v, 0, v.length);
    assertFalse(Arrays.equals(bytes(other), bytes(otherSeed)), "the coins depend on the seed");
  }

  @Test
  void roundTripKeepsTheSketchAndItsCoins() throws IOException {
    Random r = new Random(9);
    double[] v = values(r, 50_000, 5);
    KllSketch s = new KllSketch(100, 7);
    s.update(v, 0, 30_000);
    byte[] b = bytes(s);
    KllSketch back = read(b);
    assertArrayEquals(b, bytes(back));
    assertEquals(s.n(), back.n());
    assertEquals(s.retained(), back.retained());
    for (double p : PS) {
      assertEquals(s.quantile(p), back.quantile(p));
    }
    // both go on the same way: same capacity, levels and coin sequence
    s.update(v, 30_000, 20_000);
    back.update(v, 30_000, 20_000);
    assertArrayEquals(bytes(s), bytes(back));
    // read into a reused sketch, and into one of another k
    KllSketch reused = new KllSketch(100, 0);
    reused.update(v, 0, 1000);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
    assertTrue(reused == reused.readInto(in));
    assertArrayEquals(b, bytes(reused));
    KllSketch other = new KllSketch(50, 0).readInto(new DataInputStream(new ByteArrayInputStream(b)));
    assertEquals(100, other.k());
    assertArrayEquals(b, bytes(other));
  }

  @Test
  void corruptBytesAreRejected() throws IOException {
    KllSketch s = new KllSketch(200, 3);
    s.update(values(new Random(1), 5000, 0), 0, 5000);
    byte[] b = bytes(s);
    byte[] badK = b.clone();
    badK[0] = 1;
    IOException e = assertThrows(IOException.class, () -> read(badK));
    assertTrue(e.getMessage().contains("corrupt KLL sketch"), e.getMessage());
    byte[] badN = b.clone();
    badN[2] ^= 0x01; // n no longer the levels' total weight
    e = assertThrows(IOException.class, () -> read(badN));
    assertTrue(e.getMessage().contains("corrupt KLL sketch"), e.getMessage());
  }

  @Test
  void mergeOfSketchesAnswersAsTheirValuesWithinTheBound() throws IOException {
    Random r = new Random(3);
    KllSketch small = new KllSketch(200, 1);
    KllSketch merged = new KllSketch(200, 2);
    double[] all = new double[150];
    for (int i = 0; i < 150; i++) {
      all[i] = r.nextInt(1000);
      (i < 70 ? small : merged).update(all[i]);
    }
    merged.merge(read(bytes(small)));
    assertEquals(150, merged.n());
    double[] sorted = all.clone();
    Arrays.sort(sorted);
    for (double p : PS) {
      assertEquals(exactQuantile(sorted, p), merged.quantile(p), "n <= k after merging: exact, p=" + p);
    }
    assertThrows(IllegalArgumentException.class, () -> merged.merge(new KllSketch(100, 0)));
  }

  /**
   * Over 240 streams (seeds, sizes from 5k to 300k, six distributions, 1 to 8 partial sketches
   * merged in order), the true normalized rank of every answered quantile is within
   * {@link KllSketch#normalizedRankError(int)} of p: the worst case stays inside the bound.
   */
  @Test
  void worstNormalizedRankErrorStaysWithinTheDocumentedBound() {
    int k = 200;
    double bound = KllSketch.normalizedRankError(k);
    assertEquals(2.296 / Math.pow(200, 0.9723), bound);
    double worst = 0;
    for (int t = 0; t < 240; t++) {
      Random r = new Random(1000 + t);
      int n = 5000 + r.nextInt(295_000);
      double[] v = values(r, n, t % 6);
      int parts = 1 + t % 8;
      KllSketch total = new KllSketch(k, SeededCoins.seed(t, -1, 0));
      for (int p = 0; p < parts; p++) {
        KllSketch part = new KllSketch(k, SeededCoins.seed(t, p, 0));
        part.update(v, (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts - (long) n * p / parts));
        total.merge(part);
      }
      assertEquals(n, total.n());
      double[] sorted = v.clone();
      Arrays.sort(sorted);
      for (double p : PS) {
        double q = total.quantile(p);
        int below = lowerBound(sorted, q);
        int atOrBelow = upperBound(sorted, q);
        assertTrue(atOrBelow > below, "the answer is one of the values");
        // the answer's true normalized ranks span [below/n, atOrBelow/n]: its distance from p
        double err = Math.max(0, Math.max((double) below / n - p, p - (double) atOrBelow / n));
        worst = Math.max(worst, err);
      }
    }
    assertTrue(worst <= bound, "worst normalized rank error " + worst + " > bound " + bound);
  }

  private static int lowerBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
