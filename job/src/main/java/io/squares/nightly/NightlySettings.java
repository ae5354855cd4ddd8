package io.squares.nightly;

import io.squares.SquaresException;
import io.squares.core.Echo;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of one nightly run, resolved from the command line, then the {@code --config} file,
 * then the defaults, and checked (every failure is a usage error, exit 2).
 *
 * <p>Where things are: the output and staging roots are Hadoop paths (a path without a scheme is on
 * the default filesystem, {@code fs.defaultFS}, as for every {@code squares} subcommand); the
 * manifest and the state directory are local (a plain path or a {@code file:} URI).
 *
 * @param date the day to process
 * @param manifest the manifest, a local file
 * @param stagingRoot the staging root as given, without trailing slashes
 * @param outputRoot the output root as given, without trailing slashes
 * @param keepDays the days retention keeps, or 0 to keep everything
 * @param stateDir the local state directory, absolute
 * @param timeZone the time zone of the default date, as given
 * @param force whether {@code --force} was given
 * @param statsOptions the options for {@code stats}
 */
public record NightlySettings(LocalDate date, java.nio.file.Path manifest, String stagingRoot, String outputRoot,
    long keepDays, java.nio.file.Path stateDir, String timeZone, boolean force, List<String> statsOptions) {

  /** The zone of the default date when none is set. */
  public static final String DEFAULT_TIME_ZONE = "UTC";
  /** Retention beyond this many days keeps every partition (no date is that old). */
  static final long MAX_KEEP_DAYS = 10_000_000L;
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);
  /** Scheme and authority (group 1), then the path (group 3). */
  private static final Pattern PREFIX = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*:(//[^/]*)?)?(.*)", Pattern.DOTALL);
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern WHOLE = Pattern.compile("[1-9][0-9]*");

  /** @return the partition's directory name, {@code dt=<date>} */
  public String partitionName() {
    return Partitions.name(date);
  }

  /** @return the date's partition, as given below the output root */
  public String partition() {
    return outputRoot + "/" + partitionName();
  }

  /** @return the date's staging directory, as given below the staging root */
  public String staging() {
    return stagingRoot + "/" + partitionName();
  }

  /**
   * Resolves and checks the settings (the checks that need no filesystem).
   *
   * @param given the switches given on the command line with their values
   * @param force whether {@code --force} was given
   * @param statsOptions the options after {@code --}, or null when there was no {@code --}
   * @param file the {@code --config} file's settings ({@link NightlyConfigFile}), or an empty map
   * @param clock the clock for the default date
   * @param defaultScheme the scheme of the default filesystem ({@code file} in local mode)
   * @return the settings
   * @throws SquaresException a usage error saying what is missing or wrong
   */
  public static NightlySettings resolve(Map<NightlyOption, String> given, boolean force, List<String> statsOptions,
      Map<String, String> file, Clock clock, String defaultScheme) throws SquaresException {
    String manifest = setting(given, file, NightlyOption.MANIFEST);
    String staging = setting(given, file, NightlyOption.STAGING_ROOT);
    String output = setting(given, file, NightlyOption.OUTPUT_ROOT);
    String keep = setting(given, file, NightlyOption.KEEP_DAYS);
    String stateDir = setting(given, file, NightlyOption.STATE_DIR);
    String zone = setting(given, file, NightlyOption.TIMEZONE);
    zone = zone.isEmpty() ? DEFAULT_TIME_ZONE : zone;
    List<String> stats = statsOptions != null ? List.copyOf(statsOptions)
        : NightlyConfigFile.words(file.getOrDefault(NightlyOption.STATS_OPTIONS_KEY, ""));
    if (manifest.isEmpty()) {
      throw SquaresException.usage("--manifest is required");
    }
    if (staging.isEmpty()) {
      throw SquaresException.usage("--staging-root is required");
    }
    if (output.isEmpty()) {
      throw SquaresException.usage("--output-root is required");
    }
    staging = trimSlashes(staging);
    output = trimSlashes(output);
    long keepDays = 0;
    if (!keep.isEmpty()) {
      if (!WHOLE.matcher(keep).matches()) {
        throw SquaresException.usage("--keep-days " + Echo.quote(keep) + ": use a whole number of 1 or more");
      }
      keepDays = keep.length() > 8 ? MAX_KEEP_DAYS : Math.min(Long.parseLong(keep), MAX_KEEP_DAYS);
    }
    String dateText = setting(given, Map.of(), NightlyOption.DATE);
    LocalDate date;
    if (dateText.isEmpty()) {
      ZoneId id;
      try {
        id = ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw SquaresException.usage("bad time zone " + Echo.quote(zone) + " (use e.g. UTC or Europe/Paris)");
      }
      date = LocalDate.now(clock.withZone(id)).minusDays(1);
    } else {
      date = parseDate(dateText);
    }
    java.nio.file.Path state;
    if (stateDir.isEmpty()) {
      java.nio.file.Path localOutput = localPath(output, defaultScheme);
      if (localOutput == null) {
        throw SquaresException.usage("--state-dir is required when the output root is not local");
      }
      state = localOutput.resolve("_nightly");
    } else {
      state = localPath(stateDir, "file");
      if (state == null) {
        throw SquaresException.usage("--state-dir " + Echo.quote(stateDir) + ": use a local directory");
      }
    }
    java.nio.file.Path manifestFile = localPath(manifest, "file");
    if (manifestFile == null) {
      throw SquaresException.usage("--manifest " + Echo.quote(manifest) + ": use a local file");
    }
    return new NightlySettings(date, manifestFile, staging, output, keepDays, state, zone, force, stats);
  }

  /** @return the command line's value, else the file's, else "" */
  private static String setting(Map<NightlyOption, String> given, Map<String, String> file, NightlyOption o) {
    String v = given.get(o);
    if (v != null && !v.isEmpty()) {
      return v;
    }
    return o.fileKey() == null ? "" : file.getOrDefault(o.fileKey(), "");
  }

  /**
   * @param text a date as given
   * @return the date
   * @throws SquaresException a usage error unless it is a real date written YYYY-MM-DD
   */
  static LocalDate parseDate(String text) throws SquaresException {
    if (DATE.matcher(text).matches()) {
      try {
        return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
      } catch (DateTimeException e) {
        // not a real date: below
      }
    }
    throw SquaresException.usage("--date " + Echo.quote(text) + ": use a real date as YYYY-MM-DD");
  }

  /** @return the path or URI without trailing slashes (a bare root, {@code /} or {@code hdfs:///}, stays a root) */
  static String trimSlashes(String p) {
    Matcher m = PREFIX.matcher(p);
    m.matches(); // always: every part is optional
    String prefix = m.group(1) == null ? "" : m.group(1);
    String path = m.group(3);
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return prefix + path;
  }

  /**
   * @param p a path or URI
   * @param defaultScheme the scheme a path without one has
   * @return the local path it names, absolute, or null when it is not on the local filesystem
   */
  static java.nio.file.Path localPath(String p, String defaultScheme) {
    Matcher m = SCHEME.matcher(p);
    String scheme = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : defaultScheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("file")) {
      return null;
    }
    String path = m.matches() ? m.group(2) : p;
    if (path.startsWith("//")) { // file://authority/path: the authority is this machine
      int slash = path.indexOf('/', 2);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    return java.nio.file.Path.of(path).toAbsolutePath().normalize();
  }
}
