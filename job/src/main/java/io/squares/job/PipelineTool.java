package io.squares.job;

import io.squares.ExitCode;
import io.squares.SquaresException;
import io.squares.ingest.IngestReport;
import io.squares.ingest.SourceSpec;
import io.squares.mapreduce.QuantileOptions;
import io.squares.mapreduce.RecordOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code squares pipeline [options] --manifest <file> --staging <dir> [job options] <output>}:
 * ingests the manifest's sources into the staging directory and, only when every split is staged,
 * runs {@code stats} (or {@code square} with {@code --job square}) over the staged splits, in
 * manifest order, by handing them to {@link StatsTool} / {@link SquareTool}. Job options are
 * checked, and an existing output refused, before anything is fetched, as is an output that
 * overlaps the staging directory or a filesystem source ({@link OutputGuard}). Exits with the job's
 * code when the job ran, 7 when ingestion failed (the job was not submitted).
 */
public class PipelineTool extends CommandTool {
  private static final EnumSet<IngestOption> OPTIONS = EnumSet.of(IngestOption.MANIFEST, IngestOption.STAGING,
      IngestOption.JOB, IngestOption.HELP);

  static {
    OPTIONS.addAll(Ingestion.TUNING);
  }

  @Override
  protected String name() {
    return "pipeline";
  }

  @Override
  protected ExitCode execute(String[] args) throws Exception {
    Options options = new Options();
    Ingestion.addOptions(options, OPTIONS);
    for (JobOption o : JobOption.values()) {
      if (o != JobOption.HELP) {
        options.addOption(o.toOption());
      }
    }
    Ingestion.warmUpHttp();
    CommandLine cl = parse(options, args);
    if (cl.hasOption(IngestOption.HELP.longName())) {
      printHelp("squares pipeline [generic options] [options] --manifest <file> --staging <dir> [job options] <output>",
          "Ingests the manifest's sources into the staging directory (as 'squares ingest' does) and, only when"
              + " every split is staged, runs the job (stats by default) over the staged splits in manifest order."
              + " Job options are those of 'squares stats --help' or 'squares square --help'.",
          options, Ingestion.FOOTER_FORMAT + "\nExit codes: the job's code when it ran (0 ok, 5 bad records, 6 job"
              + " failed...); 7 when a source still failed after its retries (the job was not submitted);"
              + " 8 another ingestion holds the staging directory; 2 usage or bad manifest; 3 a filesystem source"
              + " matched nothing, 2 also when the output overlaps the staging directory or a source; 4 the output exists"
              + " (--overwrite replaces only an empty directory or a Squares output); 130/143 stopped by SIGINT/SIGTERM.");
      return ExitCode.SUCCESS;
    }
    Configuration conf = conf();
    Ingestion.apply(cl, OPTIONS, conf);
    String manifest = cl.getOptionValue(IngestOption.MANIFEST.longName());
    String staging = cl.getOptionValue(IngestOption.STAGING.longName());
    if (manifest == null || staging == null) {
      throw SquaresException.usage("--manifest <file> and --staging <dir> are required");
    }
    SquaresTool job = job(cl.getOptionValue(IngestOption.JOB.longName(), "stats"));
    List<String> positional = cl.getArgList();
    if (positional.size() != 1) {
      throw SquaresException.usage("give exactly one output directory after the options (got "
          + positional.size() + ")");
    }
    String output = positional.get(0);
    SquaresTool.checkPathArgument("--staging", staging);
    SquaresTool.checkPathArgument("output", output);
    SquaresTool.checkFileSystem(conf, "--staging", staging);
    SquaresTool.checkFileSystem(conf, "output", output);
    List<String> jobArgs = jobArguments(cl, job, conf);
    OutputGuard.refuseOverlap(conf, "output", new Path(output), "staging directory", List.of(new Path(staging)));
    List<SourceSpec> sources = Ingestion.readManifest(conf, manifest);
    OutputGuard.refuseOverlap(conf, "output", new Path(output), "source", Ingestion.filesystemMatches(conf, sources));
    new OutputPublisher(conf, new Path(output), cl.hasOption(JobOption.OVERWRITE.longName())).checkOutput();

    IngestReport report = Ingestion.run(name(), conf, new Path(staging), sources, err);
    if (!report.succeeded()) {
      return ExitCode.INGEST_FAILED;
    }
    for (Path p : report.stagedPaths()) {
      jobArgs.add(p.toString());
    }
    jobArgs.add(output);
    job.setConf(conf);
    job.setStreams(out, err);
    int code = job.run(jobArgs.toArray(new String[0]));
    for (ExitCode c : ExitCode.values()) {
      if (c.code() == code) {
        return c;
      }
    }
    return ExitCode.INTERNAL_ERROR;
  }

  private static SquaresTool job(String name) throws SquaresException {
    return switch (name) {
      case "stats" -> new StatsTool();
      case "square" -> new SquareTool();
      default -> throw SquaresException.usage("--job " + name + ": use stats or square");
    };
  }

  /**
   * @return the job's switches as given, after checking that the job accepts them and that their
   *     values are valid, so a mistake is caught before anything is fetched
   */
  private static List<String> jobArguments(CommandLine cl, SquaresTool job, Configuration conf)
      throws SquaresException {
    List<String> args = new ArrayList<>();
    Configuration check = new Configuration(conf);
    for (JobOption o : JobOption.values()) {
      if (o == JobOption.HELP || !cl.hasOption(o.longName())) {
        continue;
      }
      if (!job.options().contains(o)) {
        throw SquaresException.usage("--" + o.longName() + " is not an option of " + job.name());
      }
      args.add("--" + o.longName());
      if (o.hasArg()) {
        String value = cl.getOptionValue(o.longName());
        args.add(value);
        if (o.configKey() != null) {
          check.set(o.configKey(), value);
        }
      } else if (o.configKey() != null) {
        check.set(o.configKey(), "true");
      }
    }
    RecordOptions.from(check, job.keyed());
    if (job.keyed()) {
      QuantileOptions.from(check);
    }
    String reducers = check.getTrimmed("mapreduce.job.reduces", "1");
    if (job.keyed() && !reducers.matches("[1-9][0-9]*")) {
      throw SquaresException.usage("--reducers " + reducers + ": use a whole number of 1 or more");
    }
    return args;
  }
}
