package io.squares.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NightlyConfigFileTest {
  @Test
  void readsSettingsSkippingCommentsBlankLinesAndSurroundingSpace() throws Exception {
    Map<String, String> s = NightlyConfigFile.parse("n.conf", List.of(
        "# the sales nightly",
        "",
        "   ",
        "manifest = /etc/m.txt",
        "  output_root=hdfs:///out   # trailing comment",
        "keep_days =\t30\r",
        "timezone = Europe/Paris"));
    assertEquals(Map.of("manifest", "/etc/m.txt", "output_root", "hdfs:///out", "keep_days", "30",
        "timezone", "Europe/Paris"), s);
  }

  @Test
  void aSettingKeepsItsFirstNonEmptyValueAndStatsOptionsTheLast() throws Exception {
    Map<String, String> s = NightlyConfigFile.parse("n.conf", List.of(
        "manifest =",
        "manifest = first",
        "manifest = second",
        "stats_options = --header",
        "stats_options = --key-column 2"));
    assertEquals("first", s.get("manifest"));
    assertEquals("--key-column 2", s.get("stats_options"));
  }

  @Test
  void refusesAMalformedLineAndAnUnknownSettingNamingFileAndLine() {
    SquaresException bad = assertThrows(SquaresException.class,
        () -> NightlyConfigFile.parse("n.conf", List.of("# ok", "manifest /etc/m.txt")));
    assertEquals(ExitCode.USAGE, bad.exitCode());
    assertEquals("n.conf, line 2: expected 'key = value'", bad.getMessage());
    SquaresException unknown = assertThrows(SquaresException.class,
        () -> NightlyConfigFile.parse("n.conf", List.of("date = 2026-11-01")));
    assertTrue(unknown.getMessage().startsWith("n.conf, line 1: unknown setting 'date'"), unknown.getMessage());
    assertThrows(SquaresException.class, () -> NightlyConfigFile.parse("n.conf", List.of("Manifest = x")));
  }

  @Test
  void statsOptionsSplitAtWhitespaceWithoutQuoting() {
    assertEquals(List.of("--header", "--key-column", "\"a", "b\""),
        NightlyConfigFile.words("  --header\t--key-column  \"a b\" "));
    assertEquals(List.of(), NightlyConfigFile.words("   "));
  }
}
