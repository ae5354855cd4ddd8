package io.squares.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's DuckDB contestant, run by {@link DuckDbBench} as its own JVM process (so that
 * its time is whole process, like Squares'): reads a {@code key,integer} file as the datasets
 * generator writes it, groups by key with {@code count(*)}, {@code sum(v)},
 * {@code sum(v::HUGEINT*v)}, {@code min(v)}, {@code max(v)} (and {@code quantile_cont(v, [...])}
 * with {@code --quantiles}), and writes the result with {@code COPY ... TO} as tab-separated text:
 * {@code key count sum sum_of_squares min max [q...]}, in no particular order.
 *
 * <p>It talks to DuckDB through plain JDBC ({@code java.sql}) only, so it compiles and ships without
 * DuckDB: the DuckDB JDBC jar is put on this process's classpath by the benchmark and is never a
 * dependency of the job.
 */
public final class DuckDbStats {
  private DuckDbStats() {}

  /**
   * {@code DuckDbStats [--threads N] [--quantiles P,...] <input> <output>}, or
   * {@code DuckDbStats --version}: starts DuckDB and prints its version (a run with no work).
   *
   * @param args the options
   * @throws SQLException when DuckDB fails
   */
  public static void main(String[] args) throws SQLException {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws SQLException {
    int threads = 2;
    List<String> quantiles = List.of();
    boolean version = false;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--quantiles" -> quantiles = parseQuantiles(args[++i]);
        case "--version" -> version = true;
        default -> files.add(args[i]);
      }
    }
    if (!version && files.size() != 2) {
      err.println("usage: DuckDbStats [--threads N] [--quantiles P,...] <input key,int file> <output file>"
          + " | --version");
      return 2;
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      if (version) {
        try (ResultSet r = s.executeQuery("SELECT version()")) {
          r.next();
          out.println("DuckDB " + r.getString(1));
        }
        return 0;
      }
      s.execute("COPY (" + query(files.get(0), quantiles) + ") TO " + literal(files.get(1))
          + " (FORMAT csv, DELIMITER '\t', HEADER false)");
    }
    return 0;
  }

  /**
   * @param input the {@code key,integer} file (no header)
   * @param quantiles probabilities for {@code quantile_cont}, or none
   * @return the aggregation query
   */
  static String query(String input, List<String> quantiles) {
    String source = "read_csv(" + literal(input)
        + ", header = false, delim = ',', columns = {'key': 'VARCHAR', 'v': 'BIGINT'})";
    String aggregates = "key, count(*) AS n, sum(v) AS s, sum(v::HUGEINT * v) AS ss, min(v) AS lo, max(v) AS hi";
    if (quantiles.isEmpty()) {
      return "SELECT " + aggregates + " FROM " + source + " GROUP BY key";
    }
    StringBuilder q = new StringBuilder("SELECT key, n, s, ss, lo, hi");
    for (int i = 1; i <= quantiles.size(); i++) {
      q.append(", q[").append(i).append(']');
    }
    return q.append(" FROM (SELECT ").append(aggregates).append(", quantile_cont(v, [")
        .append(String.join(", ", quantiles)).append("]) AS q FROM ").append(source)
        .append(" GROUP BY key)").toString();
  }

  private static List<String> parseQuantiles(String list) {
    List<String> ps = new ArrayList<>();
    for (String p : list.split(",")) {
      BigDecimal d = new BigDecimal(p.strip());
      if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException("quantile out of [0, 1]: " + p);
      }
      ps.add(d.toPlainString());
    }
    return ps;
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
