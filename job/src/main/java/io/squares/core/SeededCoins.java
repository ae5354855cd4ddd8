package io.squares.core;

/**
 * The coin flips of one {@link KllSketch}: a deterministic sequence of fair bits from a 64-bit
 * seed, so a sketch fed the same values in the same order from the same seed compacts the same way
 * on every run, JVM and thread. The i-th flip is the top bit of the SplitMix64 finalizer applied to
 * {@code seed + i·γ} (γ the golden-ratio increment): it depends on the seed and on how many flips
 * came before, never on the values. Seeds are derived with {@link #seed(long, long, long)} from a
 * key's {@link #hash(byte[], int, int)} and its place in the job, so different keys, map tasks and
 * flushes get unrelated sequences. (Not final only so that a test can feed a sketch another
 * generator's coins and compare it with DataSketches' own.)
 */
public class SeededCoins {
  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long seed;
  private long flips;

  /** @param seed the sequence's seed */
  public SeededCoins(long seed) {
    this.seed = seed;
  }

  /**
   * Restarts the sequence from a seed.
   *
   * @param newSeed the seed
   */
  public void reseed(long newSeed) {
    this.seed = newSeed;
    this.flips = 0;
  }

  /**
   * Restarts the sequence where a serialized sketch left it.
   *
   * @param newSeed the seed
   * @param flipsDone how many flips were taken
   */
  void restore(long newSeed, long flipsDone) {
    this.seed = newSeed;
    this.flips = flipsDone;
  }

  /** @return the seed */
  public long seed() {
    return seed;
  }

  /** @return how many flips were taken since the seed was set */
  public long flips() {
    return flips;
  }

  /** @return the next flip, 0 or 1 */
  public int next() {
    flips++;
    return (int) (mix(seed + flips * GAMMA) >>> 63);
  }

  /**
   * SplitMix64's finalizer: a bijection of 64-bit words whose every output bit depends on every
   * input bit.
   *
   * @param z a word
   * @return its mix
   */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A 64-bit hash of bytes (each byte folded in with a mix), the same on every JVM.
   *
   * @param b the bytes
   * @param off where they start
   * @param len how many
   * @return the hash
   */
  public static long hash(byte[] b, int off, int len) {
    long h = mix(len + GAMMA);
    for (int i = off, end = off + len; i < end; i++) {
      h = mix(h ^ (b[i] & 0xFF) + GAMMA);
    }
    return h;
  }

  /**
   * A seed from three words (e.g. a key's hash, a sketch block's id and a flush number).
   *
   * @param a the first
   * @param b the second
   * @param c the third
   * @return a seed depending on all three
   */
  public static long seed(long a, long b, long c) {
    return mix(mix(mix(a) + b * GAMMA) + c * GAMMA);
  }
}
