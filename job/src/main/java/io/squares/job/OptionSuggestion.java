package io.squares.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The switch a user most likely meant when they typed one that does not exist: a long option the
 * typed text begins (a truncated switch) or one within two edits of it (a typo). Only a suggestion
 * for the error message: nothing is ever run under a guessed name.
 */
final class OptionSuggestion {
  /** Typos further than this many edits (insert, delete, substitute, swap) are not guessed at. */
  static final int MAX_EDITS = 2;

  private OptionSuggestion() {}

  /**
   * @param typed the unrecognized token as given, e.g. {@code --key-colum} or {@code --key-colum=2}
   * @param options the command's switches
   * @return {@code --name} of the one nearest long option, or null when none is near or several
   *     are equally near
   */
  static String nearest(String typed, Options options) {
    if (typed == null || !typed.startsWith("-")) {
      return null;
    }
    String word = typed.replaceFirst("^--?", "");
    int eq = word.indexOf('=');
    if (eq >= 0) {
      word = word.substring(0, eq);
    }
    if (word.isEmpty()) {
      return null;
    }
    List<String> best = new ArrayList<>();
    int bestDistance = Integer.MAX_VALUE;
    for (Option o : options.getOptions()) {
      String name = o.getLongOpt();
      if (name == null) {
        continue;
      }
      int d = name.startsWith(word) ? 0 : distance(word, name);
      if (d > MAX_EDITS || d > bestDistance) {
        continue;
      }
      if (d < bestDistance) {
        best.clear();
        bestDistance = d;
      }
      best.add(name);
    }
    return best.size() == 1 ? "--" + best.get(0) : null;
  }

  /** @return the optimal string alignment distance of a and b (adjacent swaps count as one edit) */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
