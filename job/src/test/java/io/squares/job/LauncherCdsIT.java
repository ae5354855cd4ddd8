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
 * {@code bin/squares}' class-data-sharing archives are a cache, each in a directory of its own here
 * ({@code SQUARES_CDS_DIR}). Launchers started at the same moment, which all find the same finished
 * archive of an earlier run to adopt, all run (one adopts it; the others find it gone); before,
 * every launcher but the first failed with exit 1 on {@code mv}, before its job started. And an
 * archive holds the classes its run loaded, so only a job or an ingestion that succeeded makes one:
 * on a new machine whose first command was {@code generate --help}, every later job loaded ~1,600
 * classes from the jars (a tiny job 1.1-1.3 s instead of 0.8).
 */
class LauncherCdsIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path tmp;

  private Process start(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/squares").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SQUARES_USE_HADOOP", "no");
    pb.environment().put("SQUARES_CDS", "yes");
    pb.environment().put("SQUARES_CDS_DIR", tmp.resolve("cds").toString());
    pb.environment().remove("HADOOP_CONF_DIR");
    pb.redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
    return pb.start();
  }

  private Process start(String name) throws IOException {
    return start(name, "stats", "--help");
  }

  /** The archive files in the directory, by name. */
  private List<String> archives() throws IOException {
    Path dir = tmp.resolve("cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private int job(String name, String... args) throws Exception {
    return run(start(name, args), name);
  }

  private int run(Process p, String name) throws Exception {
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " finished in time");
    return p.exitValue();
  }

  @Test
  void onlyJobsAndIngestionsThatSucceedMakeTheArchivesOfTheirKind() throws Exception {
    Path csv = ROOT.resolve("datasets/bad/mixed.csv");
    assertEquals(0, job("help", "stats", "--help"));
    assertEquals(0, job("generate", "generate", "--rows", "3", "--keys", "2", "--min", "0", "--max", "9",
        "--seed", "1", tmp.resolve("g.csv").toString()));
    assertEquals(List.of(), archives(), "help texts and other subcommands write no archive");

    assertEquals(3, job("missing", "stats", "--key-column", "1", tmp.resolve("none.csv").toString(),
        tmp.resolve("out0").toString()));
    assertEquals(1, archives().size(), "the failed run wrote its archive as it exited: " + archives());
    assertEquals(0, job("after-missing", "stats", "--help"));
    assertEquals(List.of(), archives(), "and the next launcher removed it, unadopted");

    assertEquals(0, job("stats", "stats", "--key-column", "1", csv.toString(), tmp.resolve("out1").toString()));
    assertEquals(0, job("after-stats", "stats", "--help"));
    assertEquals(List.of("hadoop-classes.jsa"), archives(), "a job that succeeded made the jobs' archive");

    Path staging = tmp.resolve("staging");
    assertEquals(0, job("ingest", "ingest", "--to", staging.toString(), csv.toUri().toString()));
    assertEquals(0, job("after-ingest", "ingest", "--to", staging.toString(), csv.toUri().toString()));
    assertEquals(List.of("hadoop-classes-ingest.jsa", "hadoop-classes.jsa"), archives(),
        "an ingestion that succeeded made the ingestions' archive");
    assertEquals(0, job("stats-again", "stats", "--overwrite", "--key-column", "1", csv.toString(),
        tmp.resolve("out1").toString()));
    assertTrue(Files.readString(tmp.resolve("stats-again.log")).contains("67 records read, 29 good, 38 bad"),
        "a job with the archive in place: " + Files.readString(tmp.resolve("stats-again.log")));
  }

  @Test
  void launchersStartedTogetherAllRunWhileOneAdoptsAFinishedArchive() throws Exception {
    Path archive = tmp.resolve("cds/hadoop-classes.jsa");
    for (int i = 0; i < 3 && !Files.exists(archive); i++) { // the first run writes one, the next adopts it
      assertEquals(0, job("warm" + i, "stats", "--overwrite", "--key-column", "1",
          ROOT.resolve("datasets/bad/mixed.csv").toString(), tmp.resolve("warm-out").toString()));
    }
    assertTrue(Files.exists(archive), "the launcher made its archive");
    // Two finished archives of runs that succeeded and whose processes are gone (pids above any
    // pid_max), as such a run leaves one, with its marker, when it exits.
    List<Path> planted = new ArrayList<>();
    for (String pid : List.of("99999901", "99999902")) {
      Path p = tmp.resolve("cds/hadoop-classes." + pid + ".jsa");
      Files.copy(archive, p, StandardCopyOption.REPLACE_EXISTING);
      Files.write(tmp.resolve("cds/hadoop-classes." + pid + ".ok"), new byte[0]);
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
    assertEquals(List.of("hadoop-classes.jsa"), archives(), "markers removed with their archives");
  }
}
