package dev.funnel.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;

/**
 * One whole run of DuckDB (in-process, through JDBC) on a REES46-shaped CSV file, for timing a
 * process end to end beside {@code funnel report} on the same file: {@code count} reads the file
 * and counts its rows and purchases; {@code funnel} runs the SQL window funnel a user would write
 * (view, cart, purchase within 7 days: for each view, the earliest cart after it inside the window,
 * then the earliest purchase after that cart, then the best level per user, as {@link
 * DuckDbBenchmark} does on R1). Prints the answer, so that it can be checked against {@code funnel
 * report}'s, and the time inside the process. Not a test: run by hand, results in RESULTS.md.
 *
 * <pre>{@code
 * /usr/bin/time -v java -Xmx512m -cp funnel-benchmarks/target/benchmarks.jar \
 *     dev.funnel.benchmarks.DuckDbFileRun count|funnel FILE THREADS
 * java -cp funnel-benchmarks/target/benchmarks.jar \
 *     dev.funnel.benchmarks.DuckDbFileRun parquet FILE.csv THREADS FILE.parquet
 * }</pre>
 *
 * <p>A file named {@code .parquet} is read with {@code read_parquet}, its times already TIMESTAMPs.
 *
 * <pre>{@code
 * }</pre>
 */
public final class DuckDbFileRun {
  private DuckDbFileRun() {}

  private static final long WINDOW_MS = 7L * 24 * 3600 * 1000;

  static boolean isParquet(Path file) {
    return file.toString().endsWith(".parquet");
  }

  /**
   * Writes a REES46-shaped CSV file as Parquet, typed as a warehouse export is: {@code event_time}
   * a TIMESTAMP, ids BIGINT, the price DOUBLE; DuckDB's default compression (Snappy).
   */
  static void writeParquet(Path csv, Path parquet, int threads) throws SQLException {
    try (Connection connection = connect(threads);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "COPY (SELECT strptime(event_time, '%Y-%m-%d %H:%M:%S UTC') AS event_time, event_type,"
              + " product_id, category_id, category_code, brand, price, user_id, user_session"
              + " FROM "
              + source(csv)
              + ") TO '"
              + parquet.toString().replace("'", "''")
              + "' (FORMAT PARQUET)");
    }
  }

  static String source(Path file) {
    if (isParquet(file)) {
      return "read_parquet('" + file.toString().replace("'", "''") + "')";
    }
    // The columns' types are given, as a user who knows the export would, so that DuckDB does not
    // sample the file to guess them.
    return "read_csv('"
        + file.toString().replace("'", "''")
        + "', header = true, columns = {'event_time': 'VARCHAR', 'event_type': 'VARCHAR',"
        + " 'product_id': 'BIGINT', 'category_id': 'BIGINT', 'category_code': 'VARCHAR',"
        + " 'brand': 'VARCHAR', 'price': 'DOUBLE', 'user_id': 'BIGINT', 'user_session':"
        + " 'VARCHAR'})";
  }

  static String countQuery(Path file) {
    return "SELECT count(*), count(*) FILTER (WHERE event_type = 'purchase') FROM " + source(file);
  }

  static String funnelQuery(Path file) {
    return String.format(
        Locale.ROOT,
        """
        WITH e AS (
          SELECT user_id AS subject,
                 %s AS ts,
                 event_type
          FROM %s),
        s1 AS (SELECT subject, ts AS t1, ts AS t FROM e WHERE event_type = 'view'),
        s2 AS (SELECT p.subject, p.t1, min(e.ts) AS t FROM s1 p JOIN e
               ON e.subject = p.subject AND e.event_type = 'cart' AND e.ts >= p.t
                  AND e.ts <= p.t1 + %d
               GROUP BY p.subject, p.t1),
        s3 AS (SELECT p.subject, p.t1, min(e.ts) AS t FROM s2 p JOIN e
               ON e.subject = p.subject AND e.event_type = 'purchase' AND e.ts >= p.t
                  AND e.ts <= p.t1 + %d
               GROUP BY p.subject, p.t1),
        levels AS (
          SELECT s1.subject,
                 max(CASE WHEN s3.t1 IS NOT NULL THEN 3 WHEN s2.t1 IS NOT NULL THEN 2 ELSE 1 END)
                   AS level
          FROM s1 LEFT JOIN s2 USING (subject, t1) LEFT JOIN s3 USING (subject, t1)
          GROUP BY s1.subject)
        SELECT level, count(*) FROM levels GROUP BY level
        UNION ALL SELECT 0, (SELECT count(DISTINCT subject) FROM e) - (SELECT count(*) FROM levels)
        """,
        isParquet(file)
            ? "epoch_ms(event_time)"
            : "epoch_ms(strptime(event_time, '%Y-%m-%d %H:%M:%S UTC'))",
        source(file),
        WINDOW_MS,
        WINDOW_MS);
  }

  /** Rows and purchases of the file, as DuckDB counts them. */
  static long[] count(Path file, int threads) throws SQLException {
    try (Connection connection = connect(threads);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(countQuery(file))) {
      rows.next();
      return new long[] {rows.getLong(1), rows.getLong(2)};
    }
  }

  /** Users who reached view, cart and purchase, as DuckDB's SQL funnel counts them. */
  static long[] funnel(Path file, int threads) throws SQLException {
    long[] exactly = new long[4];
    try (Connection connection = connect(threads);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(funnelQuery(file))) {
      while (rows.next()) {
        exactly[rows.getInt(1)] += rows.getLong(2);
      }
    }
    long[] reached = new long[3];
    for (int level = 3; level >= 1; level--) {
      reached[level - 1] = exactly[level] + (level == 3 ? 0 : reached[level]);
    }
    return reached;
  }

  private static Connection connect(int threads) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
    }
    return connection;
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path file = Path.of(args[1]).toAbsolutePath();
    int threads = Integer.parseInt(args[2]);
    long start = System.nanoTime();
    if (mode.equals("count")) {
      long[] answer = count(file, threads);
      System.out.printf(Locale.ROOT, "rows %,d, purchases %,d%n", answer[0], answer[1]);
    } else if (mode.equals("parquet")) {
      Path parquet = Path.of(args[3]).toAbsolutePath();
      writeParquet(file, parquet, threads);
      System.out.println("wrote " + parquet);
    } else if (mode.equals("funnel")) {
      System.out.println("reached view, cart, purchase: " + Arrays.toString(funnel(file, threads)));
    } else {
      throw new IllegalArgumentException("mode must be count, funnel or parquet: " + mode);
    }
    System.out.printf(
        Locale.ROOT,
        "DuckDB %s, %d threads: %.3f s%n",
        mode,
        threads,
        (System.nanoTime() - start) / 1e9);
  }
}
