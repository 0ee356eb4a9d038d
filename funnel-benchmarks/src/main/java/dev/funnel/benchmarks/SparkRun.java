package dev.funnel.benchmarks;

import dev.funnel.events.EventBatch;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import dev.funnel.spark.FunnelDatasets;
import dev.funnel.spark.FunnelFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * R1 on Spark in {@code local[2]}, every contender in one sitting (DESIGN.md §5, issue on Spark):
 * {@code window_funnel} with {@code GROUP BY subject} (its conditions written as {@code array(…)}
 * in the call, and once more as an array column, the path that takes an array per row), the
 * whole-dataset path ({@link FunnelDatasets#aggregate}), the self-join SQL a user writes without
 * the library (the one {@link DuckDbBenchmark} runs), and {@code collect_list} plus a Java UDF that
 * runs funnel-core's {@link WindowFunnel#evaluate} per subject; beside them Spark's own {@code
 * count(DISTINCT subject)} and a plain scan of the same DataFrame, and funnel-core on the same
 * events in this JVM, for Spark's overhead per event.
 *
 * <p>R1 is generated in random order, written to Parquet by DuckDB, read by Spark, spread over four
 * partitions and cached in memory, so that every contender reads the same cached DataFrame and the
 * load is not timed. Each contender's answer is checked against {@link StreamsFunnel} (independent
 * of the library) before it is timed; then every round runs each contender once, in turn, so that a
 * noisy stretch of the machine falls on all of them. Prints the median, minimum and maximum of the
 * rounds and the ratios of medians. Not a test: run by hand, results in RESULTS.md.
 *
 * <pre>{@code
 * ./mvnw -q -pl funnel-benchmarks exec:exec@spark -Dspark.run="EVENTS ROUNDS"
 * }</pre>
 */
public final class SparkRun {
  private SparkRun() {}

  public static void main(String[] args) throws IOException, SQLException {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Pattern only = Pattern.compile(args.length > 2 ? args[2] : ".*");
    R1Workload data = R1Workload.generate(events, 42).shuffled(7);
    long[] reference =
        StreamsFunnel.levels(
            data.subjects, data.timestamps, data.codes, R1Workload.STEPS, R1Workload.WINDOW);
    long subjects = Arrays.stream(reference).sum();
    long timeSum = Arrays.stream(data.timestamps).sum();
    long codeSum = Arrays.stream(data.codes).asLongStream().sum();
    Path dir = Files.createTempDirectory("funnel-spark-run");
    Path parquet = dir.resolve("r1.parquet");
    writeParquet(data, parquet);

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("funnel SparkRun")
            .config("spark.ui.enabled", "false")
            .config("spark.log.level", "WARN")
            .getOrCreate();
    FunnelFunctions.register(spark);
    WindowFunnel funnel = R1Workload.funnel();
    spark
        .udf()
        .register(
            "funnel_level",
            (UDF1<scala.collection.Seq<Row>, Integer>) SparkRun::level,
            DataTypes.IntegerType);
    Dataset<Row> table = spark.read().parquet(parquet.toString()).repartition(4);
    table.persist(StorageLevel.MEMORY_ONLY());
    System.out.printf(
        Locale.ROOT,
        "cached %,d rows in %d partitions%n",
        table.count(),
        table.rdd().getNumPartitions());
    table.createOrReplaceTempView("events");

    String conditions = "array(code = 0, code = 1, code = 2, code = 3, code = 4)";
    Map<String, Supplier<long[]>> contenders = new LinkedHashMap<>();
    String windowFunnel =
        "SELECT level, count(*) FROM (SELECT window_funnel("
            + R1Workload.WINDOW
            + ", ts, "
            + conditions
            + ") AS level FROM events GROUP BY subject) GROUP BY level";
    contenders.put("window_funnel, GROUP BY subject", () -> levels(spark, windowFunnel));
    // Conditions that reach the aggregate as an array column, not written as array(...) in the
    // call: the path that takes an array per row.
    contenders.put(
        "window_funnel, conditions as a column",
        () ->
            levels(
                spark,
                "SELECT level, count(*) FROM (SELECT window_funnel("
                    + R1Workload.WINDOW
                    + ", ts, c) AS level FROM (SELECT subject, ts, "
                    + conditions
                    + " AS c FROM events) GROUP BY subject) GROUP BY level"));
    contenders.put(
        "FunnelDatasets.aggregate",
        () -> exactly(FunnelDatasets.aggregate(table, "subject", "ts", "code", funnel)));
    contenders.put(
        "collect_list + UDF",
        () ->
            levels(
                spark,
                "SELECT level, count(*) FROM (SELECT funnel_level(collect_list(struct(ts, code)))"
                    + " AS level FROM events GROUP BY subject) GROUP BY level"));
    contenders.put("self-join SQL", () -> levels(spark, DuckDbBenchmark.QUERY));
    contenders.put(
        "count(DISTINCT subject)",
        () -> {
          // Checked against the reference's number of subjects: the answer is the reference or
          // the count that differs from it.
          long distinct =
              spark.sql("SELECT count(DISTINCT subject) FROM events").first().getLong(0);
          return distinct == subjects ? reference : new long[] {distinct};
        });
    contenders.put(
        "scan: sum(ts), sum(code)",
        () -> {
          // Checked against the sums of the generated arrays, as the distinct count is.
          Row sums = spark.sql("SELECT sum(ts), sum(code) FROM events").first();
          long ts = sums.getLong(0);
          long code = sums.getLong(1);
          return ts == timeSum && code == codeSum ? reference : new long[] {ts, code};
        });
    EventBatch batch = data.batch(EventBatch.Layout.ARBITRARY);
    contenders.put(
        "funnel-core, 2 threads, this JVM",
        () -> exactly(funnel.aggregation().threads(2).run(batch).counts()));

    contenders.keySet().removeIf(name -> !only.matcher(name).find());
    for (Map.Entry<String, Supplier<long[]>> contender : contenders.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "checked %s (%d ms, first run)%n",
          contender.getKey(),
          timeChecked(contender.getKey(), contender.getValue(), reference));
    }
    Map<String, List<Long>> millis = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, Supplier<long[]>> contender : contenders.entrySet()) {
        long elapsed = timeChecked(contender.getKey(), contender.getValue(), reference);
        millis.computeIfAbsent(contender.getKey(), k -> new ArrayList<>()).add(elapsed);
      }
    }
    report(events, subjects, rounds, millis);
    spark.stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  private static void report(
      int events, long subjects, int rounds, Map<String, List<Long>> millis) {
    // A contender left out of the run leaves its column not a number.
    double funnel = median(millis.getOrDefault("window_funnel, GROUP BY subject", List.of()));
    double whole = median(millis.getOrDefault("FunnelDatasets.aggregate", List.of()));
    double distinct = median(millis.getOrDefault("count(DISTINCT subject)", List.of()));
    System.out.printf(
        Locale.ROOT,
        "%n%,d events, %,d subjects, %d rounds, local[2]%n%-38s %9s %9s %9s %10s %10s %11s%n",
        events,
        subjects,
        rounds,
        "contender",
        "median ms",
        "min",
        "max",
        "/ wf",
        "/ whole",
        "/ distinct");
    for (Map.Entry<String, List<Long>> entry : millis.entrySet()) {
      List<Long> times = entry.getValue();
      double median = median(times);
      System.out.printf(
          Locale.ROOT,
          "%-38s %9.0f %9d %9d %10.2f %10.2f %11.2f   %.0f ns/event%n",
          entry.getKey(),
          median,
          times.stream().mapToLong(Long::longValue).min().orElseThrow(),
          times.stream().mapToLong(Long::longValue).max().orElseThrow(),
          median / funnel,
          median / whole,
          median / distinct,
          median * 1e6 / events);
    }
  }

  /** Runs a contender and returns its time in milliseconds, once its answer is the reference. */
  private static long timeChecked(String name, Supplier<long[]> contender, long[] reference) {
    long start = System.nanoTime();
    long[] answer = contender.get();
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    if (!Arrays.equals(answer, reference)) {
      throw new AssertionError(
          name
              + " answered "
              + Arrays.toString(answer)
              + ", the reference is "
              + Arrays.toString(reference));
    }
    return elapsed;
  }

  private static double median(List<Long> times) {
    long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
  }

  /** Counts per level from a query that returns (level, count) rows. */
  private static long[] levels(SparkSession spark, String sql) {
    long[] counts = new long[R1Workload.STEPS + 1];
    for (Row row : spark.sql(sql).collectAsList()) {
      counts[((Number) row.get(0)).intValue()] += ((Number) row.get(1)).longValue();
    }
    return counts;
  }

  private static long[] exactly(LevelCounts counts) {
    long[] levels = new long[counts.steps() + 1];
    Arrays.setAll(levels, counts::exactly);
    return levels;
  }

  /** The UDF: one subject's (ts, code) structs through funnel-core. */
  private static Integer level(scala.collection.Seq<Row> events) {
    int n = events.length();
    long[] times = new long[n];
    int[] codes = new int[n];
    for (int i = 0; i < n; i++) {
      Row event = events.apply(i);
      times[i] = event.getLong(0);
      codes[i] = event.getInt(1);
    }
    return FUNNEL.evaluate(times, codes).level();
  }

  private static final WindowFunnel FUNNEL = R1Workload.funnel();

  /** R1 as Parquet (subject BIGINT, ts BIGINT, code INTEGER), written by DuckDB. */
  private static void writeParquet(R1Workload data, Path file) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbBenchmark.load(connection, data);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "COPY events TO '" + file.toString().replace("'", "''") + "' (FORMAT PARQUET)");
      }
    }
  }
}
