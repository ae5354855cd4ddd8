package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresException;
import io.squares.ingest.IngestReport;
import io.squares.ingest.SourceSpec;
import java.util.EnumSet;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code squares ingest [options] --to <staging-dir> (<source>... | --manifest <file>)}: fetches
 * the sources concurrently into the staging directory (see {@link io.squares.ingest}). Exits 0
 * when every split is staged (then {@code _MANIFEST.json} and {@code _INGESTED} are written), 7
 * when a source still failed after its retries, 2 for a bad command line or manifest.
 */
public class IngestTool extends CommandTool {
  private static final EnumSet<IngestOption> OPTIONS = EnumSet.of(IngestOption.TO, IngestOption.MANIFEST,
      IngestOption.HELP);

  static {
    OPTIONS.addAll(Ingestion.TUNING);
  }

  @Override
  protected String name() {
    return "ingest";
  }

  @Override
  protected ExitCode execute(String[] args) throws Exception {
    Options options = new Options();
    Ingestion.addOptions(options, OPTIONS);
    Ingestion.warmUpHttp();
    CommandLine cl = parse(options, args);
    if (cl.hasOption(IngestOption.HELP.longName())) {
      printHelp("squares ingest [generic options] [options] --to <staging-dir> (<source>... | --manifest <file>)",
          "Fetches input splits concurrently from http(s) URLs and Hadoop filesystems into a staging directory:"
              + " bounded concurrency, timeouts, retries with backoff, Content-Length and sha256 checks, atomic"
              + " staging, resume without re-fetching. Writes _MANIFEST.json and _INGESTED last.",
          options, Ingestion.FOOTER_FORMAT + "\nExit codes: 0 ok, 2 usage or bad manifest (also a source overlapping"
              + " the staging directory), 3 a filesystem source matched nothing, 4 the staging directory holds a"
              + " file under a staged name (or a _MANIFEST.json) that ingestion did not write, 7 a source still"
              + " failed after its retries, 8 another ingestion holds the staging directory, 1 internal error,"
              + " 130/143 stopped by SIGINT/SIGTERM (partial files removed).");
      return ExitCode.SUCCESS;
    }
    Configuration conf = conf();
    Ingestion.apply(cl, OPTIONS, conf);
    String to = cl.getOptionValue(IngestOption.TO.longName());
    if (to == null) {
      throw SquaresException.usage("--to <staging-dir> is required");
    }
    SquaresTool.checkPathArgument("--to", to);
    SquaresTool.checkFileSystem(conf, "--to", to);
    List<String> positional = cl.getArgList();
    String manifest = cl.getOptionValue(IngestOption.MANIFEST.longName());
    if (manifest != null && !positional.isEmpty()) {
      throw SquaresException.usage("give the sources as arguments or with --manifest, not both");
    }
    if (manifest == null && positional.isEmpty()) {
      throw SquaresException.usage("no sources: give URIs or --manifest <file>");
    }
    List<SourceSpec> specs = manifest != null ? Ingestion.readManifest(conf, manifest)
        : Ingestion.fromArguments(positional);
    IngestReport report = Ingestion.run(name(), conf, new Path(to), specs, err);
    return Ingestion.exitCode(report);
  }
}
