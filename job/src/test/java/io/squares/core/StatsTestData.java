package io.squares.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/** Random value lists for {@link ExactStats} tests, mixing ordinary and extreme magnitudes. */
final class StatsTestData {
  private StatsTestData() {
  }

  static List<BigDecimal> randomValues(SplittableRandom random, int count) {
    Random bits = new Random(random.nextLong());
    int style = random.nextInt(6);
    List<BigDecimal> values = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int kind = style == 5 ? random.nextInt(5) : style;
      values.add(value(random, bits, kind));
    }
    return values;
  }

  private static BigDecimal value(SplittableRandom random, Random bits, int kind) {
    switch (kind) {
      case 0: // everyday decimals
        return BigDecimal.valueOf(random.nextLong(-1_000_000, 1_000_000), random.nextInt(0, 5));
      case 1: // near ±9.2e18, so sums and squares pass 2^63 and 2^127
        long near = Long.MAX_VALUE - random.nextLong(0, 1_000_000);
        return BigDecimal.valueOf(random.nextBoolean() ? near : -near - 1);
      case 2: // mixed scales, forcing rescaling
        return BigDecimal.valueOf(random.nextLong(), random.nextInt(0, 30));
      case 3: { // 30-digit values
        BigInteger u = new BigInteger(100, bits);
        return new BigDecimal(random.nextBoolean() ? u : u.negate(), random.nextInt(0, 12));
      }
      default: // zeros and tiny values
        return random.nextBoolean() ? BigDecimal.ZERO
            : BigDecimal.valueOf(random.nextLong(-9, 10), random.nextInt(20, 60));
    }
  }

  static ExactStats statsOf(List<BigDecimal> values) {
    ExactStats stats = new ExactStats();
    ParsedDecimal v = new ParsedDecimal();
    for (BigDecimal value : values) {
      v.set(value);
      stats.add(v);
    }
    return stats;
  }

  static String fields(ExactStats stats) {
    StringBuilder sb = new StringBuilder();
    stats.appendFields(sb);
    return sb.toString();
  }
}
