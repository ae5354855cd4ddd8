package io.squares;

/**
 * Every configuration key Squares reads, with its default. All keys carry the {@code squares.}
 * prefix; each can be set with {@code -D key=value}, in a {@code -conf} file, or (where one
 * exists) with the matching command-line option, which wins.
 */
public final class SquaresConfig {
  private SquaresConfig() {}

  /** Field delimiter: one ASCII character, or {@code tab}/{@code \t}/{@code space}. */
  public static final String DELIMITER = "squares.delimiter";
  /** Default delimiter. */
  public static final String DELIMITER_DEFAULT = ",";

  /** Whether the first line of each input file is a header. */
  public static final String HEADER = "squares.header";
  /** Default: no header. */
  public static final boolean HEADER_DEFAULT = false;

  /** Key column: 1-based index or header name; empty means every record is in group {@code *}. */
  public static final String KEY_COLUMN = "squares.key.column";

  /** Value column: 1-based index or header name; empty means the last field of each record. */
  public static final String VALUE_COLUMN = "squares.value.column";

  /** What to do with a bad record: {@code skip} (count it) or {@code fail}. */
  public static final String BAD_RECORDS = "squares.bad-records";
  /** Default bad-record mode. */
  public static final String BAD_RECORDS_DEFAULT = "skip";

  /** Largest tolerated fraction of bad records among all records read, 0..1. */
  public static final String MAX_BAD_FRACTION = "squares.bad-records.max-fraction";
  /** Default: no limit. */
  public static final float MAX_BAD_FRACTION_DEFAULT = 1.0f;

  /** How many bad records each map task keeps as a sample (file, position, reason, line). */
  public static final String BAD_SAMPLE_SIZE = "squares.bad-records.sample-size";
  /** Default sample size per task, and for the job's consolidated {@code _BAD_RECORDS.tsv}. */
  public static final int BAD_SAMPLE_SIZE_DEFAULT = 100;

  /**
   * Whether records are read as RFC 4180 does, a line break inside a quoted field belonging to the
   * field: each file is then read whole by one map task ({@code --multiline}).
   */
  public static final String MULTILINE = "squares.multiline";
  /** Default: one record per line, files split. */
  public static final boolean MULTILINE_DEFAULT = false;

  /**
   * Whether an input directory's subdirectories are read too, at any depth (names starting with
   * {@code _} or {@code .} skipped at every level). When not, an input directory that holds a
   * subdirectory is refused, naming it, rather than read without it.
   */
  public static final String INPUT_RECURSIVE = "squares.input.recursive";
  /** Default: off. */
  public static final boolean INPUT_RECURSIVE_DEFAULT = false;

  /**
   * Longest record, in bytes without its terminator: a longer one is one bad record
   * ({@code LINE_TOO_LONG}), skipped without being held whole in memory. At least
   * {@value #MAX_LINE_BYTES_MIN}, at most {@value #MAX_LINE_BYTES_MAX}.
   */
  public static final String MAX_LINE_BYTES = "squares.max-line-bytes";
  /** Default longest record: 8 MiB. */
  public static final int MAX_LINE_BYTES_DEFAULT = 8 << 20;
  /** Smallest accepted {@link #MAX_LINE_BYTES}. */
  public static final int MAX_LINE_BYTES_MIN = 1024;
  /** Largest accepted {@link #MAX_LINE_BYTES}: 1 GiB (a record is held in one Java array). */
  public static final int MAX_LINE_BYTES_MAX = 1 << 30;

  /**
   * Whether {@code stats} runs Hadoop's combiner (the output is identical either way). Unset, it
   * runs only when in-mapper combining is off ({@link #MAP_MAX_KEYS} 0 or {@link #MAP_TABLE_BYTES}
   * negative): the map table already merges a task's records, and at high key cardinality the
   * combiner only re-reads each spill (12% of the CPU of a 1.25M-key job). Never used with approximate
   * quantiles (their partial sketches are merged in a fixed order in the reducer).
   */
  public static final String COMBINER = "squares.stats.combiner";
  /** Default when in-mapper combining is off: combiner on. */
  public static final boolean COMBINER_DEFAULT = true;

  /**
   * In-mapper combining, deprecated limit: how many distinct keys a {@code stats} map task holds
   * before it emits them all and starts again; 0 emits one partial aggregate per record. Unset,
   * plain {@code stats}, approximate quantiles and exact quantiles by runs bound their tables in
   * bytes only; exact quantiles by a secondary sort keep {@link #MAP_MAX_KEYS_DEFAULT}.
   */
  public static final String MAP_MAX_KEYS = "squares.stats.map.max-keys";
  /** Key limit of the secondary sort's map table when {@link #MAP_MAX_KEYS} is unset. */
  public static final int MAP_MAX_KEYS_DEFAULT = 100_000;

  // ---- stats at high key cardinality (issue 10, i10-stats) ----

  /**
   * Bytes a {@code stats} map task's in-mapper table may hold (keys, exact aggregates and the hash
   * arrays, see {@code io.squares.core.CompactStatsTable#bytes()}; with approximate quantiles the
   * sketches beside them are bounded by the key limit instead); 0 or unset: {@link #MAP_TABLE_FRACTION}
   * of the task's heap; negative: no table (one partial aggregate per record, as max-keys 0).
   */
  public static final String MAP_TABLE_BYTES = "squares.stats.map.table-bytes";
  /**
   * The share of a map task's heap its table takes when {@link #MAP_TABLE_BYTES} is unset, divided
   * among the map slots of one JVM in local mode: {@code maxMemory × fraction / slots}.
   */
  public static final String MAP_TABLE_FRACTION = "squares.stats.map.table-fraction";
  /**
   * Default: 0.3 of the heap, about 136 MiB per task with 2 local slots and {@code -Xmx1g}
   * ({@code maxMemory()} is then about 910 MiB): room for about 1.7 million short keys in the
   * compact table of plain {@code stats} (some 560,000 in the object table, where at 0.25 a
   * 500,000-key input overflowed: 5.5M map output records instead of 2M).
   */
  public static final float MAP_TABLE_FRACTION_DEFAULT = 0.3f;

  /**
   * When a full table has seen fewer than this share of its records find their key already there,
   * the task emits it and then streams the next records straight to its output
   * ({@link #MAP_BYPASS_RECORDS_FACTOR} times as many as filled the table) before trying to combine
   * again; at or above it, the task emits the table and keeps combining.
   */
  public static final String MAP_BYPASS_BELOW_HIT_RATE = "squares.stats.map.bypass-below-hit-rate";
  /** Default: bypass when fewer than half the records repeated a key. */
  public static final float MAP_BYPASS_BELOW_HIT_RATE_DEFAULT = 0.5f;
  /** How many records, as a multiple of those that filled the table, one bypass streams. */
  public static final String MAP_BYPASS_RECORDS_FACTOR = "squares.stats.map.bypass-records-factor";
  /** Default: 8 (the table is retried after about eight times the records it took to fill it). */
  public static final int MAP_BYPASS_RECORDS_FACTOR_DEFAULT = 8;

  /**
   * Whether a map task's table, once larger than the caches, fetches the next records' entries
   * together before they are looked up ({@code io.squares.core.KeyPrefetcher}); results are the same
   * either way, only the time differs.
   */
  public static final String MAP_PREFETCH = "squares.stats.map.prefetch";
  /** Default: on. */
  public static final boolean MAP_PREFETCH_DEFAULT = true;

  /**
   * Whether plain {@code stats} sizes each map task's sort buffer itself: the buffer is allocated on
   * the first output record, when the task knows whether its keys overflowed its table. If not, the
   * output is just the table's contents and the buffer is sized to hold them (often well under
   * 1 MiB); if so, {@link #MAP_SPILL_SORT_MB}, at most {@link #MAP_SORT_FRACTION} of the heap per
   * map slot. Applies only when {@code mapreduce.task.io.sort.mb} is set nowhere but Hadoop's
   * defaults; the job then also raises {@code mapreduce.task.io.sort.factor} to 128 (unless set), so
   * the spills of a task merge in one pass.
   */
  public static final String MAP_AUTO_SORT_BUFFER = "squares.stats.map.auto-sort-buffer";
  /** Default: on. */
  public static final boolean MAP_AUTO_SORT_BUFFER_DEFAULT = true;
  /**
   * The sort buffer (MiB) of a map task whose keys overflow its table. Deliberately small: the
   * sort's cost is memory latency, and a buffer that stays near the CPU cache sorts faster than one
   * that holds the whole output (1.25M keys: 16 MiB buffers and a one-pass merge took less CPU than
   * 45 MiB buffers that spilled once; 20M rows x 5M keys: 4 MiB took 47-55 s, 16 MiB 50-60 s, in
   * four pairs of runs side by side).
   */
  public static final String MAP_SPILL_SORT_MB = "squares.stats.map.spill-sort-mb";
  /** Default: 4 MiB. */
  public static final int MAP_SPILL_SORT_MB_DEFAULT = 4;
  /** The most of a map task's heap (divided among local map slots) its automatic sort buffer takes. */
  public static final String MAP_SORT_FRACTION = "squares.stats.map.sort-fraction";
  /** Default: a quarter of the heap. */
  public static final float MAP_SORT_FRACTION_DEFAULT = 0.25f;

  /**
   * {@code stats} without {@code --reducers} (nor {@code mapreduce.job.reduces} set): one reduce
   * task per this many input bytes, at most as many as run at once (local map slots, or the
   * cluster's reduce capacity). See {@code io.squares.job.ReducerCount}.
   */
  public static final String REDUCE_BYTES_PER_REDUCER = "squares.stats.reduce.bytes-per-reducer";
  /** Default: 256 MiB (inputs up to 256 MiB, and so every uber-mode job, keep one reducer). */
  public static final long REDUCE_BYTES_PER_REDUCER_DEFAULT = 256L << 20;

  /**
   * {@code stats}: quantiles to add per key, one column each after {@code stddev}: a
   * comma-separated list of numbers in [0, 1] (e.g. {@code 0.25,0.5,0.75}); empty or unset adds
   * none. Exact unless {@link #QUANTILES_APPROX}. See {@code io.squares.core.Quantiles}.
   */
  public static final String QUANTILES = "squares.stats.quantiles";

  /** {@code stats}: add the pandas {@code describe()} quartiles (0.25, 0.5, 0.75) as quantiles. */
  public static final String DESCRIBE = "squares.stats.describe";

  /**
   * {@code stats}: compute the quantiles approximately, with a KLL sketch per key merged across
   * tasks (bounded rank error, see {@link #QUANTILES_APPROX_K}), instead of exactly.
   */
  public static final String QUANTILES_APPROX = "squares.stats.quantiles.approx";
  /** Default: exact quantiles. */
  public static final boolean QUANTILES_APPROX_DEFAULT = false;

  /**
   * {@code stats}, approximate quantiles: the KLL sketch's k (8..65535); larger is more accurate
   * and larger. Its normalized rank error is printed in {@code _SUMMARY.json}.
   */
  public static final String QUANTILES_APPROX_K = "squares.stats.quantiles.approx.k";
  /** Default k: 200 (a rank error of about 1.33% with 99% confidence). */
  public static final int QUANTILES_APPROX_K_DEFAULT = 200;

  /**
   * {@code stats}, approximate quantiles: the size B in bytes of a <em>sketch block</em>. A file's
   * block b holds the records whose preceding line terminator (or custom record delimiter) starts
   * in bytes {@code [b·B, (b+1)·B)} of the file (block 0 also holds its first record): the rule by
   * which Hadoop's and Squares' line readers give a line to a split, so that when splits start at
   * multiples of B each block lies wholly in one split. Split sizes are rounded to the nearest
   * multiple of B (at least B), and a map task starts its partial sketches afresh at each block
   * (table emitted, coins seeded from the file's place in the input, the block number and the
   * table's flush number in the block): the partial sketches then depend on the input and the
   * settings only, and the output is byte-identical whatever the split size, reducers, map slots,
   * or local mode vs YARN. Larger blocks: fewer partial sketches (less map output, less merging);
   * smaller: finer split sizes (balance across map slots). At least 64 KiB (a smaller size is
   * refused as a usage error: a typo for megabytes would make millions of partial sketches).
   */
  public static final String QUANTILES_APPROX_BLOCK_BYTES = "squares.stats.quantiles.approx.block-bytes";
  /**
   * Default: 16 MiB. Measured on 20M rows x 1,000 keys (307 MB, 2 slots): 8 MiB costs 8% more CPU
   * than 16, 32 MiB 8% less, but at 32 MiB local mode's default split sizes can no longer be
   * balanced on 2 slots (a 200 MiB file: 3 splits; see README).
   */
  public static final long QUANTILES_APPROX_BLOCK_BYTES_DEFAULT = 16L << 20;

  /**
   * {@code stats} with quantiles: the bytes a map task's table may take before it is emitted and
   * emptied (bounding the task's memory whatever the data). Exact by runs: its keys' aggregates and
   * values together; unset, the in-mapper table's share of the heap ({@link #MAP_TABLE_BYTES},
   * {@link #MAP_TABLE_FRACTION}). Exact by a secondary sort: its distinct (key, value) counts.
   * Approximate: its sketches (a setting, never a share of the heap: flush points shape the sketches).
   */
  public static final String QUANTILES_MAP_BUFFER_BYTES = "squares.stats.quantiles.map.buffer-bytes";
  /** Default of the secondary sort and approximate quantiles: 32 MiB. */
  public static final long QUANTILES_MAP_BUFFER_BYTES_DEFAULT = 32L << 20;

  /**
   * {@code stats}, exact quantiles: the job raises {@code mapreduce.task.io.sort.mb} (the map
   * task's sort buffer) to at least this many MiB, since every distinct (key, value) pair goes
   * through the sort; fewer spills and merges (on 2M rows, 15% less CPU than with 16 MiB).
   */
  public static final String QUANTILES_SORT_MB = "squares.stats.quantiles.sort-mb";
  /** Default: 128 MiB. */
  public static final int QUANTILES_SORT_MB_DEFAULT = 128;

  // --- issue 11, exact quantiles by sorted runs (i11-exact) ---
  /**
   * {@code stats}, exact quantiles: how they are computed. {@code runs} (the default): each map
   * task sorts its values per key in memory and emits one sorted run per key, and the reducer
   * merges a key's runs; {@code sort}: Hadoop sorts every distinct (key, value) pair (a secondary
   * sort) and the reducer streams each key's values in order. Same output.
   */
  public static final String QUANTILES_EXACT_METHOD = "squares.stats.quantiles.exact.method";
  /** Default method: {@code runs}. */
  public static final String QUANTILES_EXACT_METHOD_DEFAULT = "runs";
  /**
   * {@code stats}, exact quantiles by runs: the bytes of one key's sorted runs a reduce task holds
   * in memory; beyond it they go to a local file and are merged from there.
   */
  public static final String QUANTILES_REDUCE_BUFFER_BYTES = "squares.stats.quantiles.reduce.buffer-bytes";
  /** Default: 64 MiB. */
  public static final long QUANTILES_REDUCE_BUFFER_BYTES_DEFAULT = 64L << 20;

  /**
   * Local mode only: how many input splits per map slot the job asks for (unless
   * {@code mapreduce.input.fileinputformat.split.minsize} is set). Unset: one per slot, or more when
   * a split would exceed {@link #LOCAL_SPLIT_MAX_BYTES} ({@code io.squares.job.LocalSplitSizing}).
   */
  public static final String LOCAL_SPLITS_PER_SLOT = "squares.local.splits-per-slot";

  /**
   * Local mode only, with {@link #LOCAL_SPLITS_PER_SLOT} unset: the largest split the job asks for
   * before it asks for more splits per slot (bigger splits pay less per-task set-up and, when keys
   * repeat, emit fewer partial aggregates; smaller ones even out the slots' ends).
   */
  public static final String LOCAL_SPLIT_MAX_BYTES = "squares.local.split-max-bytes";
  /** Default: 384 MiB. */
  public static final long LOCAL_SPLIT_MAX_BYTES_DEFAULT = 384L << 20;

  /** Whether {@code square} writes the original record, the delimiter, then the square. */
  public static final String KEEP_RECORD = "squares.square.keep-record";
  /** Default: write the square only. */
  public static final boolean KEEP_RECORD_DEFAULT = false;

  /**
   * On YARN, jobs whose input is at most this many bytes run in uber mode (their tasks inside the
   * ApplicationMaster's JVM), unless {@code mapreduce.job.ubertask.enable} is set explicitly;
   * 0 never asks for it. See {@code io.squares.job.UberMode}.
   */
  public static final String UBER_MAX_BYTES = "squares.uber.max-bytes";
  /** Default: 128 MiB, HDFS's default block size (one map task's worth), as Hadoop's own limit. */
  public static final long UBER_MAX_BYTES_DEFAULT = 128L * 1024 * 1024;

  /**
   * The mapper class of {@code stats}: {@code io.squares.mapreduce.StatsMapper} or a subclass of it.
   * Tests set it to a mapper that fails its first attempt, to check Hadoop's retries.
   */
  public static final String STATS_MAPPER = "squares.stats.mapper.class";

  /** Set by the driver: the group name used when there is no key column. */
  public static final String ALL_KEY = "*";
}
