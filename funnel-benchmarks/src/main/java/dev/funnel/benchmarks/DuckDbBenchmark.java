package dev.funnel.benchmarks;

import dev.funnel.events.EventBatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The R1 window funnel in DuckDB (in-process, through JDBC), with the SQL a user would write: for
 * each step-1 event, the earliest event of each next step inside the window, then the best level
 * per subject. Only the query is timed; the data is loaded in the setup, in the layout's order, and
 * the answer is checked against the streams reference first.
 *
 * <pre>{@code
 * java -jar funnel-benchmarks/target/benchmarks.jar DuckDbBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch"})
public class DuckDbBenchmark {
  static final String QUERY = buildQuery();

  @Param({"10000000"})
  public int events;

  @Param({"GROUPED", "TIME_ORDERED", "ARBITRARY"})
  public EventBatch.Layout layout;

  @Param({"1", "2"})
  public int threads;

  private Connection connection;

  private static String buildQuery() {
    StringBuilder sql =
        new StringBuilder(
            "WITH s1 AS (SELECT subject, ts AS t1, ts AS t FROM events WHERE code = 0)");
    for (int step = 2; step <= R1Workload.STEPS; step++) {
      sql.append(
          String.format(
              ",%n s%d AS (SELECT p.subject, p.t1, min(e.ts) AS t FROM s%d p JOIN events e"
                  + " ON e.subject = p.subject AND e.code = %d AND e.ts > p.t AND e.ts <= p.t1 + %d"
                  + " GROUP BY p.subject, p.t1)",
              step, step - 1, step - 1, R1Workload.WINDOW));
    }
    sql.append(",\n levels AS (SELECT s1.subject, max(CASE");
    for (int step = R1Workload.STEPS; step >= 2; step--) {
      sql.append(String.format(" WHEN s%d.t1 IS NOT NULL THEN %d", step, step));
    }
    sql.append(" ELSE 1 END) AS level FROM s1");
    for (int step = 2; step <= R1Workload.STEPS; step++) {
      sql.append(String.format(" LEFT JOIN s%d USING (subject, t1)", step));
    }
    sql.append(" GROUP BY s1.subject)\n");
    sql.append("SELECT level, count(*) FROM levels GROUP BY level\n");
    sql.append(
        "UNION ALL SELECT 0, (SELECT count(DISTINCT subject) FROM events)"
            + " - (SELECT count(*) FROM levels)");
    return sql.toString();
  }

  /** Loads the events into a new table {@code events (subject BIGINT, ts BIGINT, code INTEGER)}. */
  static void load(Connection connection, R1Workload data) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE events (subject BIGINT, ts BIGINT, code INTEGER)");
    }
    try (DuckDBAppender appender =
        ((DuckDBConnection) connection).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
      for (int i = 0; i < data.size(); i++) {
        appender.beginRow();
        appender.append(data.subjects[i]);
        appender.append(data.timestamps[i]);
        appender.append(data.codes[i]);
        appender.endRow();
      }
    }
  }

  @Setup
  public void setUp() throws SQLException {
    R1Workload data = R1Workload.generate(events, 42).in(layout);
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
    }
    load(connection, data);
    long[] reference =
        StreamsFunnel.levels(
            data.subjects, data.timestamps, data.codes, R1Workload.STEPS, R1Workload.WINDOW);
    long[] actual = query();
    if (!Arrays.equals(reference, actual)) {
      throw new IllegalStateException(
          "DuckDB disagrees with the reference: "
              + Arrays.toString(actual)
              + " vs "
              + Arrays.toString(reference));
    }
  }

  @TearDown
  public void tearDown() throws SQLException {
    connection.close();
  }

  @Benchmark
  public long[] query() throws SQLException {
    long[] counts = new long[R1Workload.STEPS + 1];
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(QUERY)) {
      while (rows.next()) {
        counts[rows.getInt(1)] += rows.getLong(2);
      }
    }
    return counts;
  }
}
