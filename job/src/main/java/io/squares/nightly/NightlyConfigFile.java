package io.squares.nightly;

import io.squares.SquaresException;
import io.squares.core.Echo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --config} file of {@code bin/nightly}: {@code key = value} lines; everything after
 * {@code #} is a comment (so values cannot hold {@code #}); blank lines are skipped. Keys are the
 * {@link NightlyOption#fileKey() settings} and {@code stats_options}. As the shell script read it:
 * a setting takes the first non-empty value the file gives it, except {@code stats_options}, which
 * takes the last; the command line wins over both ({@link NightlySettings}).
 */
public final class NightlyConfigFile {
  private static final Pattern LINE = Pattern.compile("\\s*([a-z_]+)\\s*=\\s*(.*\\S)?\\s*");
  private static final Pattern BLANK = Pattern.compile("\\s*");
  private static final Pattern WORDS = Pattern.compile("[ \\t\\n]+");

  private NightlyConfigFile() {}

  /**
   * @param file the file's name, for messages
   * @param lines its lines
   * @return the settings by key (for {@code stats_options} its value as one string)
   * @throws SquaresException a usage error naming the file and line of a malformed line or an
   *     unknown setting
   */
  public static Map<String, String> parse(String file, List<String> lines) throws SquaresException {
    Map<String, String> settings = new LinkedHashMap<>();
    int n = 0;
    for (String raw : lines) {
      n++;
      int hash = raw.indexOf('#');
      String line = hash < 0 ? raw : raw.substring(0, hash);
      if (BLANK.matcher(line).matches()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw SquaresException.usage(file + ", line " + n + ": expected 'key = value'");
      }
      String key = m.group(1);
      String value = m.group(2) == null ? "" : m.group(2);
      if (key.equals(NightlyOption.STATS_OPTIONS_KEY)) {
        settings.put(key, value);
      } else if (NightlyOption.forFileKey(key) != null) {
        if (settings.getOrDefault(key, "").isEmpty()) {
          settings.put(key, value);
        }
      } else {
        throw SquaresException.usage(file + ", line " + n + ": unknown setting '" + Echo.quote(key) + "'");
      }
    }
    return settings;
  }

  /**
   * @param value a {@code stats_options} value
   * @return its words, split at spaces, tabs and line breaks (no quoting, as the shell's
   *     {@code read -a} split it)
   */
  public static List<String> words(String value) {
    String v = value.strip();
    return v.isEmpty() ? List.of() : Arrays.asList(WORDS.split(v));
  }
}
