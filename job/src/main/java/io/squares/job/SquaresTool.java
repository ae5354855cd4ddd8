package io.squares.job;

import io.squares.ExitCode;
import io.squares.JsonText;
import io.squares.SquaresConfig;
import io.squares.SquaresException;
import io.squares.core.Echo;
import io.squares.core.Utf8;
import io.squares.mapreduce.BadRecordLine;
import io.squares.mapreduce.HeaderReader;
import io.squares.mapreduce.LineBlockInputFormat;
import io.squares.mapreduce.RecordOptions;
import io.squares.mapreduce.SquaresCounter;
import io.squares.record.RecordExtractor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline every job subcommand shares, as a template: parse and validate the command line,
 * expand inputs, refuse an existing output, run the Hadoop job into a staging directory, verify
 * bad-record limits, write {@code _SUMMARY.json} and {@code _BAD_RECORDS.tsv}, then publish
 * atomically with {@code _SUCCESS} last. Each failure maps to one {@link ExitCode}.
 */
public abstract class SquaresTool extends CommandTool {
  private static final Logger LOG = LoggerFactory.getLogger(SquaresTool.class);
  /** Summary file written into every published output. */
  public static final String SUMMARY = "_SUMMARY.json";
  /** Warnings of this run, for the user and {@code _SUMMARY.json}. */
  private final List<String> warnings = new ArrayList<>();

  /** @return the subcommand name, e.g. {@code stats} */
  protected abstract String name();

  /** @return one paragraph saying what the subcommand does and writes */
  protected abstract String description();

  /** @return the switches this subcommand accepts */
  protected abstract EnumSet<JobOption> options();

  /** @return whether the job groups by a key column */
  protected abstract boolean keyed();

  /**
   * Sets the job's mapper, reducer, formats and types.
   *
   * @param job the job to configure
   * @throws SquaresException a usage error for a bad job-specific setting
   */
  protected abstract void configure(Job job) throws SquaresException;

  /**
   * Adds job-specific entries to {@code _SUMMARY.json} (after the options); none by default.
   *
   * @param summary the summary being written
   * @param conf the job configuration
   * @throws SquaresException for a bad setting (already checked by {@link #configure})
   */
  protected void addToSummary(Map<String, Object> summary, Configuration conf) throws SquaresException {
  }

  /**
   * A warning learned from a successful job's counters (printed on stderr and kept in the summary's
   * {@code "warnings"}), or null. None here.
   *
   * @param conf the job's configuration
   * @param counters the job's counters
   * @return the warning, or null
   */
  protected String afterJobHint(Configuration conf, Counters counters) {
    return null;
  }

  @Override
  protected String interruptedMessage() {
    return "interrupted; nothing was published";
  }

  @Override
  protected ExitCode execute(String[] args) throws SquaresException, IOException, InterruptedException {
    Instant started = Instant.now();
    Options cliOptions = new Options();
    for (JobOption o : options()) {
      cliOptions.addOption(o.toOption());
    }
    CommandLine cl = parse(cliOptions, args);
    if (cl.hasOption(JobOption.HELP.longName())) {
      printHelp(cliOptions);
      return ExitCode.SUCCESS;
    }
    Configuration conf = conf();
    Map<String, String> given = new LinkedHashMap<>();
    for (JobOption o : options()) {
      if (o.configKey() != null && cl.hasOption(o.longName())) {
        String value = o.hasArg() ? cl.getOptionValue(o.longName()) : "true";
        conf.set(o.configKey(), value);
        given.put(o.longName(), value);
      }
    }
    List<String> positional = cl.getArgList();
    if (positional.size() < 2) {
      throw SquaresException.usage("need at least one input and an output");
    }
    for (String p : positional) {
      if (p.startsWith("-") && p.length() > 1) {
        throw SquaresException.usage("options go before the paths: " + p);
      }
    }
    for (int i = 0; i < positional.size(); i++) {
      checkPathArgument(i < positional.size() - 1 ? "input" : "output", positional.get(i));
    }
    checkSettings(conf);
    for (int i = 0; i < positional.size(); i++) {
      checkFileSystem(conf, i < positional.size() - 1 ? "input" : "output", positional.get(i));
    }
    RecordOptions record = RecordOptions.from(conf, keyed());
    List<String> inputArgs = positional.subList(0, positional.size() - 1);
    List<Path> matched = new ArrayList<>();
    List<Path> unread = new ArrayList<>();
    List<Path> inputs = InputExpander.expand(conf, inputArgs, matched, unread);
    Path outputArg = new Path(positional.get(positional.size() - 1));
    matched.addAll(inputs);
    OutputGuard.refuseOverlap(conf, "output", outputArg, "input", matched);
    InputExpander.refuseUnread(unread);
    byte[] firstHeader = checkHeaders(conf, record, inputs);
    String hint = delimiterHint(conf, inputs, firstHeader);
    warnings.clear();
    if (hint != null) {
      err.println("squares " + name() + ": warning: " + hint);
      warnings.add(hint);
    }
    boolean overwrite = cl.hasOption(JobOption.OVERWRITE.longName());
    OutputPublisher publisher = new OutputPublisher(conf, outputArg, overwrite);
    publisher.checkOutput();

    LocalSplitSizing.apply(conf, inputs);
    Job job = Job.getInstance(conf);
    if (job.getJobName().isEmpty()) { // -D mapreduce.job.name names it in YARN's UI and history
      job.setJobName("squares " + name());
    }
    job.setJarByClass(getClass());
    job.setInputFormatClass(LineBlockInputFormat.class);
    FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    FileOutputFormat.setOutputPath(job, publisher.staging());
    job.getConfiguration().setBoolean(FileOutputCommitter.SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, false);
    configure(job);
    UberMode.Decision uber = UberMode.apply(job.getConfiguration(), inputs);
    LOG.debug("uber mode: {}", uber);
    Publication publication = new Publication();
    ExitHook onStop = ExitHook.register("killing the " + name() + " job (if submitted) and removing its temporary "
        + "output " + publisher.staging(), () -> {
          if (publication.stop()) {
            killIfRunning(job);
            publisher.abort();
          }
        });
    try (onStop) {
      Instant submitted = Instant.now();
      boolean ok;
      try {
        ok = job.waitForCompletion(true);
      } catch (InterruptedException | InterruptedIOException e) {
        killIfRunning(job);
        throw e;
      } catch (ClassNotFoundException e) {
        throw new IOException("a job class is missing from the classpath: " + e.getMessage(), e);
      } catch (IOException e) {
        // Submitted, then lost: e.g. an ApplicationMaster that died before writing the job's
        // history, after which the history server answers "Unknown Job". Nothing is published.
        killIfRunning(job);
        throw new SquaresException(ExitCode.JOB_FAILED, "job " + job.getJobID()
            + " failed, or its outcome could not be learned from the cluster: " + firstLine(e), e);
      }
      Instant finished = Instant.now();
      if (!ok && publication.stopped()) {
        throw new InterruptedIOException("stopped while the job ran");
      }
      FileSystem fs = publisher.staging().getFileSystem(conf);
      if (!ok) {
        throw new SquaresException(ExitCode.JOB_FAILED, "job " + job.getJobID() + " failed: "
            + failureReason(job, fs, publisher.staging()));
      }
      TaskFailures.removeNotes(fs, publisher.staging()); // left by attempts that failed and were retried
      Counters counters = job.getCounters();
      List<BadRecordLine> samples = BadRecordReport.consolidate(fs, publisher.staging(), record.sampleSize());
      long read = counters.findCounter(SquaresCounter.RECORDS_READ).getValue();
      long bad = counters.findCounter(SquaresCounter.BAD_RECORDS).getValue();
      String first = samples.isEmpty() ? "" : samples.get(0).describe();
      if (bad > 0 && record.failOnBadRecord()) {
        throw new SquaresException(ExitCode.BAD_RECORDS, "bad record in " + first
            + " (--bad-records fail; use --bad-records skip to count and skip bad records)");
      }
      if (read > 0 && bad > (double) record.maxBadFraction() * read) {
        throw new SquaresException(ExitCode.BAD_RECORDS, String.format(
            "%d of %d records are bad (%.4f), more than --max-bad-fraction %s; first: %s",
            bad, read, bad / (double) read, record.maxBadFraction(), first));
      }
      if (read > 0 && bad == read && !UberMode.userSet(conf, SquaresConfig.BAD_RECORDS)
          && !UberMode.userSet(conf, SquaresConfig.MAX_BAD_FRACTION)) {
        // Records, none good: a wrong delimiter or column, or not the file meant. Publishing an empty
        // result as a success would hide it (a nightly partition with nothing in it).
        throw new SquaresException(ExitCode.BAD_RECORDS, String.format("all %d records are bad, so the result"
            + " would be empty; first: %s (a wrong --delimiter or column? --bad-records skip publishes it anyway)",
            read, first));
      }
      String after = afterJobHint(job.getConfiguration(), counters);
      if (after != null) {
        err.println("squares " + name() + ": warning: " + after);
        warnings.add(after);
      }
      writeSummary(fs, publisher, job, inputs, given, counters, samples, started, submitted, finished, uber);
      publication.publish(publisher);
      err.printf("squares %s: %d records read, %d good, %d bad%s; output: %s%n", name(), read,
          counters.findCounter(SquaresCounter.GOOD_RECORDS).getValue(), bad,
          bad > 0 ? " (skipped; sample in " + new Path(publisher.output(), BadRecordReport.FILE) + ")" : "",
          publisher.output());
      return ExitCode.SUCCESS;
    } finally {
      if (!publication.published()) {
        publisher.abort();
      }
    }
  }

  /**
   * Whether the output was published or the JVM stopped first: exactly one of them happens, and a
   * stop that comes while publishing waits for it (renames take milliseconds).
   */
  private static final class Publication {
    private boolean stopped;
    private boolean published;

    synchronized void publish(OutputPublisher publisher) throws IOException, SquaresException {
      if (stopped) {
        throw new InterruptedIOException("stopped before publishing");
      }
      publisher.publish();
      published = true;
    }

    /** @return whether the stop came first (and so the job and temporary output must go) */
    synchronized boolean stop() {
      stopped = true;
      return !published;
    }

    synchronized boolean published() {
      return published;
    }

    synchronized boolean stopped() {
      return stopped;
    }
  }

  /** @return the first input's first line when the check read it (named columns), else null */
  private byte[] checkHeaders(Configuration conf, RecordOptions record, List<Path> inputs)
      throws SquaresException, IOException {
    RecordExtractor extractor = record.newExtractor();
    if (!extractor.needsHeader()) {
      return null;
    }
    byte[] first = null;
    for (Path file : inputs) {
      byte[] header = HeaderReader.header(file, conf);
      if (first == null) {
        first = header;
      }
      if (header.length == 0 && HeaderReader.isEmpty(file, conf)) {
        continue; // no header and no records (a source with nothing today): nothing to resolve
      }
      String missing = extractor.resolve(header, 0, header.length);
      if (extractor.ambiguity() != null) {
        throw SquaresException.usage("ambiguous column in " + file + ": its header's "
            + Echo.quote(extractor.ambiguity()) + "; give the column by number");
      }
      if (missing != null) {
        int start = Utf8.skipBom(header, 0, header.length);
        throw SquaresException.usage("unknown column '" + Echo.quote(missing) + "' in " + file
            + ": its header is '" + Echo.quote(header, start, header.length) + "'" + utf16Hint(header));
      }
    }
    return first;
  }

  /**
   * A warning for the likeliest silent misreading: a {@code ;}-separated file (a European export,
   * whose decimal commas the default {@code ,} splits: {@code North;3,50} reads as key
   * {@code North;3}, value 50) read with the default delimiter. Per record it cannot be told apart
   * from a key holding a {@code ;}, so the first line of the first input decides whether to warn:
   * at least one {@code ;} and no more {@code ,} than {@code ;}. Nothing when the delimiter was set.
   *
   * @param conf the job's configuration
   * @param inputs the input files
   * @param firstLine the first input's first line when already read, else null (it is read here)
   * @return the warning, or null
   */
  static String delimiterHint(Configuration conf, List<Path> inputs, byte[] firstLine) {
    if (inputs.isEmpty() || UberMode.userSet(conf, SquaresConfig.DELIMITER)) {
      return null;
    }
    byte[] line = firstLine;
    if (line == null) {
      try {
        line = HeaderReader.header(inputs.get(0), conf);
      } catch (IOException e) { // unreadable here (too long a first line...): the job will say so
        LOG.debug("no first line for the delimiter check: {}", e.toString());
        return null;
      }
    }
    int semicolons = 0;
    int commas = 0;
    for (byte b : line) {
      if (b == ';') {
        semicolons++;
      } else if (b == ',') {
        commas++;
      }
    }
    if (semicolons == 0 || commas > semicolons) {
      return null;
    }
    return String.format("the first line of %s holds %d ';' and %d ',': if the file is ';'-separated (as"
        + " European exports are, with decimal commas that ',' splits), pass --delimiter ';'", inputs.get(0),
        semicolons, commas);
  }

  /**
   * A hint for a header that starts with a UTF-16 byte-order mark: what Excel's "Unicode Text" and
   * Windows PowerShell 5 write. Squares reads UTF-8, in which such a file is not text.
   */
  static String utf16Hint(byte[] header) {
    boolean utf16 = header.length >= 2 && ((header[0] == (byte) 0xFF && header[1] == (byte) 0xFE)
        || (header[0] == (byte) 0xFE && header[1] == (byte) 0xFF));
    return utf16 ? " (the file starts with a UTF-16 byte-order mark: Squares reads UTF-8; convert it,"
        + " e.g. iconv -f UTF-16 -t UTF-8)" : "";
  }

  private void writeSummary(FileSystem fs, OutputPublisher publisher, Job job, List<Path> inputs,
      Map<String, String> given, Counters counters, List<BadRecordLine> samples, Instant started,
      Instant submitted, Instant finished, UberMode.Decision uber)
      throws IOException, InterruptedException, SquaresException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("command", name());
    summary.put("version", version());
    summary.put("job_id", String.valueOf(job.getJobID()));
    summary.put("output", publisher.output().toString());
    List<String> in = new ArrayList<>();
    for (Path p : inputs) {
      in.add(p.toString());
    }
    summary.put("inputs", in);
    summary.put("options", given);
    if (!warnings.isEmpty()) {
      summary.put("warnings", new ArrayList<>(warnings));
    }
    addToSummary(summary, job.getConfiguration());
    summary.put("uber", job.isUber());
    summary.put("uber_decision", uber.name().toLowerCase(Locale.ROOT));
    summary.put("task_nodes", TaskNodeHistory.of(job)); // {} in local mode, null if unknown
    Map<String, Object> groups = new TreeMap<>();
    for (CounterGroup g : counters) {
      Map<String, Long> values = new TreeMap<>();
      for (Counter c : g) {
        values.put(c.getName(), c.getValue());
      }
      groups.put(g.getName(), values);
    }
    summary.put("counters", groups);
    summary.put("bad_records_sample", samples.isEmpty() ? null : BadRecordReport.FILE);
    Map<String, Object> timings = new LinkedHashMap<>();
    timings.put("started", started.toString());
    timings.put("finished", finished.toString());
    timings.put("total_ms", finished.toEpochMilli() - started.toEpochMilli());
    timings.put("job_ms", finished.toEpochMilli() - submitted.toEpochMilli());
    summary.put("timings", timings);
    try (OutputStream o = fs.create(new Path(publisher.staging(), SUMMARY), true)) {
      o.write(JsonText.write(summary).getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Refuses a setting (from an option, {@code -D} or a {@code -conf} file) that the job's XML
   * configuration cannot carry: a control character other than TAB, LF and CR, which XML 1.0 forbids
   * (Hadoop would fail at submission with an XML writer's error).
   */
  static void checkSettings(Configuration conf) throws SquaresException {
    for (Map.Entry<String, String> e : conf) {
      for (String text : new String[] {e.getKey(), e.getValue()}) {
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            throw SquaresException.usage(String.format("the setting %s = '%s' contains a control character"
                + " (U+%04X), which Hadoop cannot carry in a job's configuration", Echo.quote(e.getKey()),
                Echo.quote(e.getValue()), (int) c));
          }
        }
      }
    }
  }

  /**
   * Refuses a path argument holding a control character (U+0000..U+001F, U+007F) before anything
   * runs: Hadoop's job.xml (XML 1.0) cannot carry most of them, and none belongs in a path.
   *
   * @param role what the argument is, e.g. {@code input}, {@code output}, {@code --staging}
   * @param arg the argument as given
   * @throws SquaresException a usage error naming the argument, escaped
   */
  static void checkPathArgument(String role, String arg) throws SquaresException {
    int i = Echo.firstControl(arg);
    if (i >= 0) {
      throw SquaresException.usage(String.format("the %s path '%s' contains a control character (U+%04X at"
          + " position %d), which Hadoop cannot carry in a job's configuration; rename the path", role,
          Echo.quote(arg), (int) arg.charAt(i), i + 1));
    }
  }

  /**
   * Refuses, as usage errors that say what is wrong, the path arguments Hadoop would otherwise fail
   * on deep inside with an internal error: not a path at all ({@code res:1} reads as a scheme), a
   * directory to write whose path holds a {@code :} (HADOOP-3257: no job could write or read it),
   * a scheme no filesystem serves (a typo, or a jar missing from the classpath) and an unknown host.
   *
   * @param conf the job's configuration
   * @param role "input", or the directory Squares writes: "output", "--to", "--staging"
   * @param arg the argument
   * @throws SquaresException a usage error
   * @throws IOException when the filesystem cannot be created for another reason
   */
  static void checkFileSystem(Configuration conf, String role, String arg) throws SquaresException, IOException {
    Path p;
    try {
      p = new Path(arg);
    } catch (IllegalArgumentException e) {
      throw SquaresException.usage(String.format("the %s path '%s' is not a Hadoop path (%s)%s", role, Echo.quote(arg),
          Echo.quote(String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage())),
          arg.indexOf(':') >= 0 ? ": a ':' before the first '/' reads as a scheme (HADOOP-3257)" : ""));
    }
    if (!role.equals("input") && p.toUri().getPath().indexOf(':') >= 0) { // a directory Squares writes
      throw SquaresException.usage(String.format("the %s path '%s' holds a ':', which Hadoop's paths cannot hold"
          + " in a file or directory name (HADOOP-3257): no job could read or write it; choose another name", role,
          Echo.quote(arg)));
    }
    try {
      p.getFileSystem(conf);
    } catch (UnsupportedFileSystemException e) {
      throw SquaresException.usage(String.format("no filesystem for the %s path '%s': %s (a typo in the scheme,"
          + " or the filesystem's jar is not on the classpath)", role, Echo.quote(arg), Echo.quote(e.getMessage())));
    } catch (IllegalArgumentException e) {
      if (!(e.getCause() instanceof UnknownHostException)) {
        throw e;
      }
      throw SquaresException.usage(String.format("the %s path '%s' names an unknown host: %s", role, Echo.quote(arg),
          Echo.quote(e.getCause().getMessage())));
    }
  }

  /** @return the first failed task attempt's cause, or a sentence saying that none is known */
  private static String failureReason(Job job, FileSystem fs, Path output) {
    TaskFailures.Failure f = TaskFailures.first(job, fs, output);
    if (f != null) {
      return f.describe();
    }
    String info = null;
    try {
      info = job.getStatus() == null ? null : job.getStatus().getFailureInfo();
    } catch (IOException | RuntimeException e) {
      LOG.debug("no job status: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return info == null || info.isBlank() || info.equals("NA")
        ? "no task diagnostic is available (see the log above)"
        : Echo.quote(Echo.firstLine(info));
  }

  private static String firstLine(Throwable e) {
    return Echo.firstLine(String.valueOf(e.getMessage()));
  }

  /**
   * Kills a submitted job that has not finished (a job not yet submitted is left alone); failures
   * are logged, not thrown: this runs on the way out.
   */
  private static void killIfRunning(Job job) {
    try {
      if (job.getJobID() != null && !job.isComplete()) {
        job.killJob();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not kill {}: {}", job.getJobID(), e.toString());
    }
  }

  private static String version() {
    String v = SquaresTool.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private void printHelp(Options cliOptions) {
    printHelp("squares " + name() + " [generic options] [options] <input>... <output>", description(),
        cliOptions,
        "\nInputs are files, directories or globs on any Hadoop filesystem (.gz and .bz2 are"
            + " decompressed).\nGeneric options (-D key=value, -conf file, -fs uri, -files, -libjars)"
            + " come first.\n--overwrite replaces only an empty directory or an earlier Squares output; an output"
            + " that is, contains or lies inside an input is refused.\nExit codes: 0 ok, 2 usage (also an output"
            + " overlapping an input), 3 input not found, 4 output exists (or is not replaceable),"
            + " 5 bad records, 6 job failed, 1 internal error, 130 interrupted.");
  }
}
