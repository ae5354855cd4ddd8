package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/squares}' class-data-sharing archive is a cache: launchers started at the same moment,
 * which all find the same finished archive of an earlier run to adopt, all run (one adopts it; the
 * others find it gone). Before, every launcher but the first failed with exit 1 on {@code mv},
 * before its job started: it broke parallel integration tests and would break two cron jobs.
 */
class LauncherCdsIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path ARCHIVE = ROOT.resolve("job/target/hadoop-classes.jsa");

  @TempDir Path tmp;

  private Process start(String name) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/squares").toString(), "stats", "--help");
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().put("SQUARES_CDS", "yes");
    pb.environment().remove("HADOOP_CONF_DIR");
    pb.redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
    return pb.start();
  }

  private int run(Process p, String name) throws Exception {
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " finished in time");
    return p.exitValue();
  }

  @Test
  void launchersStartedTogetherAllRunWhileOneAdoptsAFinishedArchive() throws Exception {
    for (int i = 0; i < 3 && !Files.exists(ARCHIVE); i++) { // the first run writes one, the next adopts it
      assertEquals(0, run(start("warm" + i), "warm-up " + i));
    }
    assertTrue(Files.exists(ARCHIVE), "the launcher made its archive");
    // Two finished archives of runs whose processes are gone (pids above any pid_max), as a run
    // leaves one when it exits.
    List<Path> planted = new ArrayList<>();
    for (String pid : List.of("99999901", "99999902")) {
      Path p = ROOT.resolve("job/target/hadoop-classes." + pid + ".jsa");
      Files.copy(ARCHIVE, p, StandardCopyOption.REPLACE_EXISTING);
      planted.add(p);
    }
    List<Process> procs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      procs.add(start("together" + i));
    }
    for (int i = 0; i < procs.size(); i++) {
      int code = run(procs.get(i), "launcher " + i);
      assertEquals(0, code, Files.readString(tmp.resolve("together" + i + ".log"), StandardCharsets.UTF_8));
    }
    for (Path p : planted) {
      assertFalse(Files.exists(p), p + " adopted or removed");
    }
    assertTrue(Files.exists(ARCHIVE));
  }
}
