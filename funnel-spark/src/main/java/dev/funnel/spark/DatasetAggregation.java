package dev.funnel.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import com.google.common.collect.ImmutableSortedMap;
import dev.funnel.events.Aggregation;
import dev.funnel.events.EventBatch;
import dev.funnel.events.FunnelResult;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import dev.funnel.metrics.SegmentBreakdown;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;
import org.jspecify.annotations.Nullable;

/**
 * A whole Spark dataset of events aggregated into a window funnel, configured before it runs: the
 * rows are repartitioned by subject, each partition is held as three arrays and aggregated by
 * funnel-core in any order (its arbitrary-order scan), and the partitions' results are added up on
 * the driver ({@link FunnelResult#plus}).
 *
 * <pre>{@code
 * DatasetFunnel found =
 *     FunnelDatasets.aggregation(funnel)
 *         .segment("source")
 *         .conversionTimes(Duration.ofSeconds(1))
 *         .run(events, "user_id", "event_time", "code");
 * }</pre>
 *
 * <p>The subject column may be of any type: integral subjects are taken as they are; others, and
 * every subject when segments are asked for, are told apart by their text (binary ones by their
 * hexadecimal digits) and numbered in their partition. The time column is a BIGINT in the funnel's
 * unit or a TIMESTAMP, taken in epoch seconds; the event column holds the funnel's integer event
 * codes. Events of one subject and time are taken in code order, as funnel-core's merged partial
 * states take them, so that the answer does not depend on how Spark partitions the rows. A null
 * subject, time or code, or a code outside the funnel's range, fails the job with a message naming
 * the row.
 *
 * <p>Memory: each partition's events are held while it is aggregated, 40 bytes each at the peak and
 * about 80 more per subject when subjects are numbered; more shuffle partitions ({@code
 * spark.sql.shuffle.partitions}) hold fewer at once.
 *
 * <p>Runs on a classic Spark session (not Spark Connect): it reads Spark's rows in place. Not
 * thread-safe while it is configured; {@link #run} may be called from several threads once it is.
 */
public final class DatasetAggregation {
  private final WindowFunnel funnel;
  private @Nullable String segment;
  private @Nullable Duration timestampUnit;

  DatasetAggregation(WindowFunnel funnel) {
    this.funnel = requireNonNull(funnel, "funnel");
  }

  /**
   * Counts each segment apart as well: a subject's segment is this column's value (as text) on the
   * subject's earliest row where it is not null, the smallest value among rows of that time; a
   * subject with none counts under {@code "(none)"}.
   */
  public DatasetAggregation segment(String column) {
    this.segment = requireNonNull(column, "column");
    return this;
  }

  /**
   * Asks for time to convert per step; {@code timestampUnit} is the length of one unit of the time
   * column (one second for a TIMESTAMP column), and times are kept to the millisecond.
   *
   * @throws IllegalArgumentException if the unit is not positive
   */
  public DatasetAggregation conversionTimes(Duration timestampUnit) {
    funnel.aggregation().conversionTimes(timestampUnit); // funnel-core's checks and messages
    this.timestampUnit = timestampUnit;
    return this;
  }

  /**
   * Aggregates the events; runs one Spark job, which fails (with Spark's {@code SparkException},
   * its cause naming the row) if a row is null where it may not be or has a code outside the
   * funnel's range.
   *
   * @throws IllegalArgumentException if a column is missing, or the time column is a TIMESTAMP and
   *     the conversion times' unit is not one second
   */
  public DatasetFunnel run(Dataset<Row> events, String subject, String time, String event) {
    requireNonNull(events, "events");
    DataType subjectType = type(events, subject);
    DataType timeType = type(events, time);
    type(events, event);
    boolean timestamps = timeType instanceof TimestampType;
    checkArgument(
        !timestamps || timestampUnit == null || timestampUnit.equals(Duration.ofSeconds(1)),
        "the time column %s is a TIMESTAMP, taken in seconds: conversion times need a unit of one"
            + " second, not %s",
        time,
        timestampUnit);
    boolean integral =
        subjectType instanceof LongType
            || subjectType instanceof IntegerType
            || subjectType instanceof ShortType
            || subjectType instanceof ByteType;
    List<Column> columns = new ArrayList<>();
    boolean idsAsGiven = integral && segment == null;
    columns.add(
        (idsAsGiven
                ? col(subject).cast("bigint")
                : subjectType instanceof BinaryType
                    ? functions.hex(col(subject))
                    : col(subject).cast("string"))
            .as("s"));
    columns.add(
        (timestamps ? functions.unix_seconds(col(time)) : col(time).cast("bigint")).as("t"));
    columns.add(col(event).cast("int").as("e"));
    if (segment != null) {
      type(events, segment);
      columns.add(col(segment).cast("string").as("g"));
    }
    Scan scan = new Scan(funnel, timestampUnit, idsAsGiven, segment != null);
    Dataset<Row> rows = events.select(columns.toArray(Column[]::new)).repartition(col("s"));
    checkArgument(
        rows instanceof org.apache.spark.sql.classic.Dataset,
        "FunnelDatasets needs a classic Spark session, not Spark Connect: %s",
        events.sparkSession());
    // Spark's own rows, read in place: making a Row of each was most of a partition's time.
    List<Part> parts =
        ((org.apache.spark.sql.classic.Dataset<Row>) rows)
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(scan)
            .collect();
    // The result of no events, to add the partitions' to.
    FunnelResult total =
        scan.aggregation().run(EventBatch.grouped(new long[0], new long[0], new int[0]));
    Map<String, long[]> bySegment = new HashMap<>();
    for (Part part : parts) {
      total = total.plus(part.result);
      part.segments.forEach(
          (name, counts) ->
              bySegment.merge(
                  name,
                  counts,
                  (a, b) -> {
                    Arrays.setAll(a, level -> a[level] + b[level]);
                    return a;
                  }));
    }
    ImmutableSortedMap.Builder<String, LevelCounts> segments = ImmutableSortedMap.naturalOrder();
    bySegment.forEach((name, counts) -> segments.put(name, LevelCounts.ofExactly(counts)));
    return new DatasetFunnel(total, segments.buildOrThrow());
  }

  private static DataType type(Dataset<Row> events, String column) {
    requireNonNull(column, "column");
    List<String> names = Arrays.asList(events.schema().fieldNames());
    checkArgument(names.contains(column), "no column %s; the dataset has %s", column, names);
    return events.schema().apply(column).dataType();
  }

  /** One partition's result, sent to the driver. */
  private static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    final FunnelResult result;
    final Map<String, long[]> segments; // a HashMap, which is Serializable

    Part(FunnelResult result, Map<String, long[]> segments) {
      this.result = result;
      this.segments = segments;
    }
  }

  /** Aggregates one partition's rows (subject, time, code[, segment]) in the order they come. */
  private static final class Scan implements FlatMapFunction<Iterator<InternalRow>, Part> {
    private static final long serialVersionUID = 1L;
    private final WindowFunnel funnel;
    private final @Nullable Duration timestampUnit;
    private final boolean idsAsGiven;
    private final boolean segmented;

    Scan(
        WindowFunnel funnel,
        @Nullable Duration timestampUnit,
        boolean idsAsGiven,
        boolean segmented) {
      this.funnel = funnel;
      this.timestampUnit = timestampUnit;
      this.idsAsGiven = idsAsGiven;
      this.segmented = segmented;
    }

    Aggregation aggregation() {
      Aggregation aggregation = funnel.aggregation();
      return timestampUnit == null ? aggregation : aggregation.conversionTimes(timestampUnit);
    }

    @Override
    public Iterator<Part> call(Iterator<InternalRow> rows) {
      int codeCount = funnel.eventCodes();
      long[] subjects = new long[1024];
      long[] times = new long[1024];
      int[] codes = new int[1024];
      int[] perCode = new int[codeCount + 1];
      int n = 0;
      Map<UTF8String, Integer> ids = new HashMap<>();
      Touch touch = new Touch();
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        if (row.isNullAt(0) || row.isNullAt(1) || row.isNullAt(2)) {
          throw new IllegalArgumentException(
              "FunnelDatasets: a row has a null subject, time or event: " + describe(row));
        }
        int code = row.getInt(2);
        if (code < 0 || code >= codeCount) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "FunnelDatasets: event code %d is outside the funnel's 0 to %d, in row %s",
                  code,
                  codeCount - 1,
                  describe(row)));
        }
        if (n == subjects.length) {
          subjects = Arrays.copyOf(subjects, n * 2);
          times = Arrays.copyOf(times, n * 2);
          codes = Arrays.copyOf(codes, n * 2);
        }
        long subject;
        if (idsAsGiven) {
          subject = row.getLong(0);
        } else {
          // A copy: the row's text lies in a buffer Spark reuses for the next row.
          Integer id = ids.putIfAbsent(row.getUTF8String(0).clone(), ids.size());
          subject = id == null ? ids.size() - 1 : id;
        }
        subjects[n] = subject;
        times[n] = row.getLong(1);
        codes[n++] = code;
        perCode[code + 1]++;
        if (segmented) {
          touch.see(
              (int) subject,
              row.getLong(1),
              row.isNullAt(3) ? null : row.getUTF8String(3).toString());
        }
      }
      // Ties in code order: a stable counting sort by code, which funnel-core's stable sort by
      // time within each subject keeps.
      for (int c = 0; c < codeCount; c++) {
        perCode[c + 1] += perCode[c];
      }
      long[] s = new long[n];
      long[] t = new long[n];
      int[] e = new int[n];
      for (int i = 0; i < n; i++) {
        int at = perCode[codes[i]]++;
        s[at] = subjects[i];
        t[at] = times[i];
        e[at] = codes[i];
      }
      Aggregation aggregation = aggregation();
      int[] levels = new int[segmented ? ids.size() : 0];
      if (segmented) {
        aggregation.subjects((id, found) -> levels[(int) id] = found.level());
      }
      FunnelResult result = aggregation.run(EventBatch.arbitrary(s, t, e));
      Map<String, long[]> segments = new HashMap<>();
      for (int id = 0; id < levels.length; id++) {
        segments
            .computeIfAbsent(touch.segmentOf(id), k -> new long[funnel.steps() + 1])[levels[id]]++;
      }
      return List.of(new Part(result, segments)).iterator();
    }

    /** The row's subject, time and event, as a message names them. */
    private String describe(InternalRow row) {
      return String.format(
          Locale.ROOT,
          "(subject %s, time %s, event %s)",
          row.isNullAt(0) ? "null" : idsAsGiven ? row.getLong(0) : row.getUTF8String(0),
          row.isNullAt(1) ? "null" : row.getLong(1),
          row.isNullAt(2) ? "null" : row.getInt(2));
    }
  }

  /** Each numbered subject's first touch: the segment of its earliest row that has one. */
  private static final class Touch {
    private long[] times = new long[1024];
    private @Nullable String[] segments = new String[1024];

    void see(int id, long time, @Nullable String segment) {
      if (id >= times.length) {
        int length = Math.max(id + 1, times.length * 2);
        times = Arrays.copyOf(times, length);
        segments = Arrays.copyOf(segments, length);
      }
      if (segment == null) {
        return;
      }
      String held = segments[id];
      if (held == null || time < times[id] || (time == times[id] && segment.compareTo(held) < 0)) {
        times[id] = time;
        segments[id] = segment;
      }
    }

    String segmentOf(int id) {
      String segment = id < segments.length ? segments[id] : null;
      return segment == null ? SegmentBreakdown.NONE : segment;
    }
  }
}
