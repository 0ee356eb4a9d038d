package dev.funnel.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import dev.funnel.events.EventBatch;
import dev.funnel.events.GroupedStream;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A whole dataset of events aggregated into a window funnel without a {@code GROUP BY} by hand: the
 * rows are repartitioned by subject and sorted by subject and time within each partition, each
 * partition streams through funnel-core's grouped scan a million events at a time, and the
 * partitions' counts are added up on the driver.
 *
 * <pre>{@code
 * LevelCounts counts = FunnelDatasets.aggregate(events, "user_id", "event_time", "code", funnel);
 * }</pre>
 *
 * <p>The subject column may be of any type (each partition numbers its subjects as they come); the
 * time column is a BIGINT in the funnel's unit or a TIMESTAMP (epoch seconds); the event column
 * holds the funnel's integer event codes. A null subject, time or code, or a code outside the
 * funnel's range, fails the job with funnel-core's message. Thread-safe.
 */
public final class FunnelDatasets {
  private static final int BATCH = 1 << 20;

  private FunnelDatasets() {}

  /** Returns how many subjects reached each level of the funnel. */
  public static LevelCounts aggregate(
      Dataset<Row> events, String subject, String time, String event, WindowFunnel funnel) {
    requireNonNull(events, "events");
    requireNonNull(funnel, "funnel");
    DataType timeType = events.schema().apply(requireNonNull(time, "time")).dataType();
    Column seconds =
        timeType instanceof TimestampType
            ? functions.unix_seconds(col(time))
            : col(time).cast("bigint");
    Dataset<Row> rows =
        events
            .select(
                col(requireNonNull(subject, "subject")).as("s"),
                seconds.as("t"),
                col(requireNonNull(event, "event")).cast("int").as("e"))
            .repartition(col("s"))
            // Events of one subject and time in code order, as merged partial states take them:
            // Spark's sort keeps no input order, so ties need a key to give one answer.
            .sortWithinPartitions("s", "t", "e");
    MapPartitionsFunction<Row, long[]> scan =
        partition -> List.of(counts(partition, funnel)).iterator();
    long[] total = new long[funnel.steps() + 1];
    for (long[] counts : rows.mapPartitions(scan, longs()).collectAsList()) {
      for (int level = 0; level < total.length; level++) {
        total[level] += counts[level];
      }
    }
    return LevelCounts.ofExactly(total);
  }

  /** One partition's counts per level: its rows sorted by subject, then time. */
  private static long[] counts(Iterator<Row> rows, WindowFunnel funnel) {
    GroupedStream stream = funnel.aggregation().stream();
    long[] subjects = new long[BATCH];
    long[] times = new long[BATCH];
    int[] codes = new int[BATCH];
    int n = 0;
    long id = -1;
    Object previous = null;
    while (rows.hasNext()) {
      Row row = rows.next();
      Object subject = row.get(0);
      if (subject == null || row.isNullAt(1) || row.isNullAt(2)) {
        throw new IllegalArgumentException(
            "FunnelDatasets.aggregate: a row has a null subject, time or event: " + row);
      }
      if (!Objects.equals(subject, previous)) {
        if (n >= BATCH) {
          // Cut only between subjects: a subject's events of one time stay in one batch.
          stream.add(
              EventBatch.grouped(
                  Arrays.copyOf(subjects, n), Arrays.copyOf(times, n), Arrays.copyOf(codes, n)));
          n = 0;
        }
        id++;
        previous = subject;
      }
      if (n == subjects.length) {
        subjects = Arrays.copyOf(subjects, n * 2);
        times = Arrays.copyOf(times, n * 2);
        codes = Arrays.copyOf(codes, n * 2);
      }
      subjects[n] = id;
      times[n] = row.getLong(1);
      codes[n++] = row.getInt(2);
    }
    stream.add(
        EventBatch.grouped(
            Arrays.copyOf(subjects, n), Arrays.copyOf(times, n), Arrays.copyOf(codes, n)));
    LevelCounts counts = stream.finish().counts();
    long[] exactly = new long[funnel.steps() + 1];
    Arrays.setAll(exactly, counts::exactly);
    return exactly;
  }

  @SuppressWarnings("unchecked") // Spark's encoder of Array[Long], which is long[]
  static Encoder<long[]> longs() {
    return (Encoder<long[]>)
        (Encoder<?>)
            AgnosticEncoders.ArrayEncoder$.MODULE$.apply(
                AgnosticEncoders.PrimitiveLongEncoder$.MODULE$, false);
  }
}
