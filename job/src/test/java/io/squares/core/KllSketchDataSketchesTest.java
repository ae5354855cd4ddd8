package io.squares.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.Test;

/**
 * {@link KllSketch} is DataSketches' KLL: fed the same coins (DataSketches' own generator, reseeded
 * the same way before each side), it keeps as many items and answers every quantile with the same
 * double as Apache DataSketches 6.2.0's {@code KllDoublesSketch}, through updates (one by one and
 * batched) and merges of several sketches. This is what carries DataSketches' published rank-error
 * bound over to our sketch. DataSketches is a test-scope oracle only, never in the job jar.
 */
class KllSketchDataSketchesTest {
  /** DataSketches' static generator of compaction coins ({@code KllSketch.random}, package-private). */
  private static Random dataSketchesRandom() throws ReflectiveOperationException {
    Field f = Class.forName("org.apache.datasketches.kll.KllSketch").getDeclaredField("random");
    f.setAccessible(true);
    return (Random) f.get(null);
  }

  @Test
  void sameCoinsGiveDataSketchesSketch() throws ReflectiveOperationException {
    Random coins = dataSketchesRandom();
    SeededCoins borrowed = new SeededCoins(0) {
      @Override
      public int next() {
        return coins.nextInt(2); // as DataSketches' randomlyHalve{Up,Down}Doubles draws
      }
    };
    Random data = new Random(1);
    for (int t = 0; t < 60; t++) {
      int k = switch (t % 3) {
        case 0 -> 200;
        case 1 -> 8 + t;
        default -> 100;
      };
      int parts = 1 + t % 5;
      double[][] values = new double[parts][];
      for (int p = 0; p < parts; p++) {
        values[p] = new double[data.nextInt(t % 2 == 0 ? 5000 : 60_000)];
        for (int i = 0; i < values[p].length; i++) {
          values[p][i] = t % 4 == 0 ? data.nextInt(100) : data.nextGaussian();
        }
      }
      synchronized (KllSketchDataSketchesTest.class) {
        coins.setSeed(1000 + t);
        KllDoublesSketch theirs = KllDoublesSketch.newHeapInstance(k);
        for (double[] vs : values) {
          KllDoublesSketch part = KllDoublesSketch.newHeapInstance(k);
          for (double v : vs) {
            part.update(v);
          }
          theirs.merge(part);
        }
        coins.setSeed(1000 + t);
        KllSketch ours = new KllSketch(k, borrowed);
        for (int p = 0; p < parts; p++) {
          KllSketch part = new KllSketch(k, borrowed);
          if (p % 2 == 0) {
            for (double v : values[p]) {
              part.update(v);
            }
          } else {
            part.update(values[p], 0, values[p].length);
          }
          ours.merge(part);
        }
        assertEquals(theirs.getN(), ours.n());
        if (theirs.isEmpty()) {
          continue;
        }
        assertEquals(theirs.getNumRetained(), ours.retained(), "t=" + t);
        assertEquals(theirs.getMinItem(), ours.min());
        assertEquals(theirs.getMaxItem(), ours.max());
        for (int i = 0; i <= 1000; i++) {
          double p = i / 1000.0;
          assertEquals(theirs.getQuantile(p, QuantileSearchCriteria.INCLUSIVE), ours.quantile(p), "t=" + t + " p=" + p);
        }
      }
    }
  }
}
