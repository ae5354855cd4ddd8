package io.squares.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NightlySettingsTest {
  /** 2026-11-05 at 23:30 UTC: already the 6th in Paris, still the 5th in New York. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T23:30:00Z"), ZoneOffset.UTC);

  private static Map<NightlyOption, String> given(String... pairs) {
    Map<NightlyOption, String> m = new EnumMap<>(NightlyOption.class);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(NightlyOption.valueOf(pairs[i]), pairs[i + 1]);
    }
    return m;
  }

  private static Map<NightlyOption, String> roots(String... more) {
    Map<NightlyOption, String> m = given("MANIFEST", "/etc/m.txt", "STAGING_ROOT", "/data/staging/",
        "OUTPUT_ROOT", "/data/out/");
    m.putAll(given(more));
    return m;
  }

  private static NightlySettings resolve(Map<NightlyOption, String> given) throws SquaresException {
    return NightlySettings.resolve(given, false, null, Map.of(), CLOCK, "file");
  }

  @Test
  void theDefaultDateIsYesterdayInTheTimeZone() throws Exception {
    assertEquals(LocalDate.of(2026, 11, 4), resolve(roots()).date());
    assertEquals(LocalDate.of(2026, 11, 5), resolve(roots("TIMEZONE", "Europe/Paris")).date());
    assertEquals(LocalDate.of(2026, 11, 4), resolve(roots("TIMEZONE", "America/New_York")).date());
    assertEquals(LocalDate.of(2026, 10, 31), resolve(roots("DATE", "2026-10-31", "TIMEZONE", "Europe/Paris")).date());
  }

  @Test
  void dateAndKeepDaysMustBeValid() {
    for (String bad : List.of("2026-02-30", "2026-13-01", "26-11-01", "2026-1-01", "+12026-11-01", "yesterday")) {
      SquaresException e = assertThrows(SquaresException.class, () -> resolve(roots("DATE", bad)), bad);
      assertEquals(ExitCode.USAGE, e.exitCode());
    }
    for (String bad : List.of("0", "-1", "01", "1.5", "x")) {
      assertThrows(SquaresException.class, () -> resolve(roots("KEEP_DAYS", bad)), bad);
    }
    assertThrows(SquaresException.class, () -> resolve(roots("TIMEZONE", "Mars/Olympus")));
  }

  @Test
  void keepDaysBeyondAnyCalendarKeepsEverything() throws Exception {
    assertEquals(30, resolve(roots("KEEP_DAYS", "30")).keepDays());
    assertEquals(NightlySettings.MAX_KEEP_DAYS, resolve(roots("KEEP_DAYS", "99999999999999999999")).keepDays());
  }

  @Test
  void rootsLoseTrailingSlashesAndNamePartitionAndStaging() throws Exception {
    NightlySettings s = resolve(roots("DATE", "2026-11-01"));
    assertEquals("/data/out/dt=2026-11-01", s.partition());
    assertEquals("/data/staging/dt=2026-11-01", s.staging());
    assertEquals("hdfs:///", NightlySettings.trimSlashes("hdfs:///"));
    assertEquals("hdfs://nn/x", NightlySettings.trimSlashes("hdfs://nn/x//"));
    assertEquals("/", NightlySettings.trimSlashes("/"));
  }

  @Test
  void theStateDirectoryDefaultsBelowALocalOutputRootOnly() throws Exception {
    assertEquals(Path.of("/data/out/_nightly"), resolve(roots()).stateDir());
    assertEquals(Path.of("/data/out/_nightly"), resolve(roots("OUTPUT_ROOT", "file:///data/out")).stateDir());
    assertThrows(SquaresException.class, () -> resolve(roots("OUTPUT_ROOT", "hdfs:///data/out")));
    // A root without a scheme is on the default filesystem: on a cluster, not local.
    assertThrows(SquaresException.class,
        () -> NightlySettings.resolve(roots(), false, null, Map.of(), CLOCK, "hdfs"));
    assertEquals(Path.of("/var/lib/n"),
        resolve(roots("OUTPUT_ROOT", "hdfs:///data/out", "STATE_DIR", "file:///var/lib/n")).stateDir());
    assertThrows(SquaresException.class, () -> resolve(roots("STATE_DIR", "hdfs:///state")));
  }

  @Test
  void requiredSettingsAreNamed() {
    SquaresException e = assertThrows(SquaresException.class,
        () -> resolve(given("STAGING_ROOT", "s", "OUTPUT_ROOT", "o")));
    assertEquals("--manifest is required", e.getMessage());
    e = assertThrows(SquaresException.class, () -> resolve(given("MANIFEST", "m", "OUTPUT_ROOT", "o")));
    assertEquals("--staging-root is required", e.getMessage());
    e = assertThrows(SquaresException.class, () -> resolve(given("MANIFEST", "m", "STAGING_ROOT", "s")));
    assertEquals("--output-root is required", e.getMessage());
  }

  @Test
  void theCommandLineWinsOverTheConfigFile() throws Exception {
    Map<String, String> file = Map.of("manifest", "/file/m.txt", "staging_root", "/file/staging",
        "output_root", "/file/out", "keep_days", "7", "stats_options", "--header --key-column 2");
    NightlySettings fromFile = NightlySettings.resolve(given(), false, null, file, CLOCK, "file");
    assertEquals(Path.of("/file/m.txt"), fromFile.manifest());
    assertEquals(7, fromFile.keepDays());
    assertEquals(List.of("--header", "--key-column", "2"), fromFile.statsOptions());
    NightlySettings mixed = NightlySettings.resolve(given("OUTPUT_ROOT", "/cli/out", "KEEP_DAYS", "3"), true,
        List.of("--key-column", "1"), file, CLOCK, "file");
    assertEquals("/cli/out", mixed.outputRoot());
    assertEquals("/file/staging", mixed.stagingRoot());
    assertEquals(3, mixed.keepDays());
    assertEquals(List.of("--key-column", "1"), mixed.statsOptions());
    assertTrue(mixed.force());
    // "--" with nothing after it gives no stats options, even when the file has some.
    assertEquals(List.of(), NightlySettings.resolve(given(), false, List.of(), file, CLOCK, "file").statsOptions());
  }

  @Test
  void localPathsAreAbsoluteAndOtherSchemesAreNotLocal() {
    assertEquals(Path.of("/x/y"), NightlySettings.localPath("file:/x/y", "hdfs"));
    assertEquals(Path.of("/x/y"), NightlySettings.localPath("file://localhost/x/y", "hdfs"));
    assertEquals(Path.of("").toAbsolutePath().resolve("rel"), NightlySettings.localPath("rel", "file"));
    assertNull(NightlySettings.localPath("/x", "hdfs"));
    assertNull(NightlySettings.localPath("s3a://bucket/x", "file"));
  }
}
