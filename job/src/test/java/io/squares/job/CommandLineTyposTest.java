package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.squares.ExitCode;
import io.squares.SquaresConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistyped or truncated switch is a usage error (exit 2) naming it, never taken for another. */
class CommandLineTyposTest {
  @TempDir Path tmp;

  @Test
  void aTruncatedOrMistypedSwitchIsRefusedWithASuggestionAndNothingRuns() throws Exception {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "a,1\nb,2\n");
    Path out = tmp.resolve("out");
    // commons-cli's default parser would take each of these for --key-column (partial matching).
    for (String typo : new String[] {"--key-colum", "--key-col", "--key"}) {
      LocalJobs.Result r = LocalJobs.stats(typo, "1", in.toString(), out.toString());
      assertEquals(ExitCode.USAGE.code(), r.exitCode(), typo + ": " + r.err());
      assertTrue(r.err().contains("Unrecognized option: " + typo), r.err());
      assertFalse(Files.exists(out), "nothing written for " + typo);
    }
    LocalJobs.Result r = LocalJobs.stats("--key-colum", "1", in.toString(), out.toString());
    assertTrue(r.err().contains("(did you mean --key-column?)"), r.err());
    LocalJobs.Result swapped = LocalJobs.stats("--key-column", "1", "--vaule-column", "2", in.toString(), out.toString());
    assertEquals(ExitCode.USAGE.code(), swapped.exitCode(), swapped.err());
    assertTrue(swapped.err().contains("Unrecognized option: --vaule-column (did you mean --value-column?)"), swapped.err());
    // The exact spelling still runs.
    LocalJobs.Result ok = LocalJobs.stats("--key-column", "1", in.toString(), out.toString());
    assertEquals(0, ok.exitCode(), ok.err());
  }

  @Test
  void aSketchBlockOfAFewBytesIsRefusedBeforeAnythingRuns() throws Exception {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, "a,1\nb,2\na,3\n");
    Path out = tmp.resolve("out");
    String key = SquaresConfig.QUANTILES_APPROX_BLOCK_BYTES;
    // "16" meant as 16 MiB: correct output, but a partial sketch per key every 16 bytes.
    for (String b : new String[] {"16", "65535"}) {
      LocalJobs.Result r = LocalJobs.stats("-D", key + "=" + b, "--describe", "--approx-quantiles",
          "--key-column", "1", in.toString(), out.toString());
      assertEquals(ExitCode.USAGE.code(), r.exitCode(), b + ": " + r.err());
      assertTrue(r.err().contains(key + "=" + b + ": use at least 65536 bytes (64 KiB"), r.err());
      assertFalse(Files.exists(out), "nothing written for " + b);
    }
    LocalJobs.Result ok = LocalJobs.stats("-D", key + "=65536", "--describe", "--approx-quantiles",
        "--key-column", "1", in.toString(), out.toString());
    assertEquals(0, ok.exitCode(), ok.err());
    assertEquals(2, Files.readAllLines(out.resolve("part-r-00000")).size());
  }

  @Test
  void suggestionsAreUniqueAndNear() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("key-column").hasArg().build());
    o.addOption(Option.builder().longOpt("value-column").hasArg().build());
    o.addOption(Option.builder().longOpt("header").build());
    assertEquals("--key-column", OptionSuggestion.nearest("--key-colum", o));
    assertEquals("--key-column", OptionSuggestion.nearest("--key-colum=3", o));
    assertEquals("--header", OptionSuggestion.nearest("--haeder", o));
    assertEquals("--header", OptionSuggestion.nearest("-header", o));
    assertNull(OptionSuggestion.nearest("--colmun", o), "far from every option");
    assertNull(OptionSuggestion.nearest("--xyz-column", o), "three edits or more from every option");
    assertNull(OptionSuggestion.nearest("--", o));
    assertEquals(1, OptionSuggestion.distance("ab", "ba"));
    assertEquals(3, OptionSuggestion.distance("kitten", "sitting"));
    assertEquals(0, OptionSuggestion.distance("", ""));
  }
}
