package dev.funnel.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.funnel.events.EventBatch;
import dev.funnel.events.FunnelResult;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The whole-dataset path against funnel-core's partial state of the same log in memory, which takes
 * ties in code order as the path does (and which the core tests hold to the brute-force oracle):
 * random logs, funnels of every policy and dialect, and 1 to 8 partitions of the input in an order
 * Spark chooses.
 */
class FunnelDatasetsTest {
  private static final SparkSession spark = LocalSpark.session();

  private static final StructType EVENTS = events(DataTypes.StringType);

  /** Events of subjects of the given type: user, time, code. */
  private static StructType events(DataType user) {
    return new StructType()
        .add("user", user)
        .add("time", DataTypes.LongType)
        .add("code", DataTypes.IntegerType);
  }

  @Test
  void countsEqualFunnelCoresInMemory() {
    qt().withFixedSeed(20261207L)
        .withExamples(25)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7), integers().between(1, 8))
        .checkAssert(this::check);
    qt().withFixedSeed(20261207L)
        .withExamples(15)
        .forAll(WindowFunnels.dialectFunnels(7), EventLogs.logs(7), integers().between(1, 8))
        .checkAssert(this::check);
  }

  @Test
  void timesAndSegmentsEqualFunnelCoresInMemory() {
    qt().withFixedSeed(20261208L)
        .withExamples(20)
        .forAll(
            WindowFunnels.funnels(7), EventLogs.logs(7), integers().between(1, 8), booleans().all())
        .checkAssert(this::checkTimesAndSegments);
    qt().withFixedSeed(20261208L)
        .withExamples(10)
        .forAll(
            WindowFunnels.dialectFunnels(7),
            EventLogs.logs(7),
            integers().between(1, 8),
            booleans().all())
        .checkAssert(this::checkTimesAndSegments);
  }

  @Test
  void badInputIsRefusedNamingTheValue() {
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10).build();
    Dataset<Row> events =
        spark.createDataFrame(
            List.of(RowFactory.create("u", 5L, 0), RowFactory.create("v", 6L, 7)), EVENTS);
    assertThatThrownBy(() -> FunnelDatasets.aggregate(events, "user", "when", "code", funnel))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no column when; the dataset has [user, time, code]");
    assertThatThrownBy(() -> FunnelDatasets.aggregate(events, "user", "time", "code", funnel))
        .hasStackTraceContaining(
            "FunnelDatasets: event code 7 is outside the funnel's 0 to 1, in row (subject v, time 6,"
                + " event 7)");
    Dataset<Row> nulls = spark.createDataFrame(List.of(RowFactory.create("u", null, 0)), EVENTS);
    assertThatThrownBy(() -> FunnelDatasets.aggregate(nulls, "user", "time", "code", funnel))
        .hasStackTraceContaining(
            "FunnelDatasets: a row has a null subject, time or event: (subject u, time null, event"
                + " 0)");
    Dataset<Row> stamped = events.withColumn("at", functions.timestamp_seconds(col("time")));
    assertThatThrownBy(
            () ->
                FunnelDatasets.aggregation(funnel)
                    .conversionTimes(Duration.ofMillis(1))
                    .run(stamped, "user", "at", "code"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the time column at is a TIMESTAMP, taken in seconds: conversion times need a unit of"
                + " one second, not PT0.001S");
  }

  @Test
  void eventsOfOneTimeAndOneFirstStepAreTakenInCodeOrder() {
    // Step 1 is code 0 or 1, step 2 is code 1. At one time, code 0 then code 1 chains both steps
    // (ties are allowed); code 1 then code 0 starts again at step 1. The dataset gives them in the
    // second order; funnel-core's partial state, whatever the order, takes the first.
    WindowFunnel funnel =
        WindowFunnel.builder().eventCodes(2).step(0, 1).step(1).window(10).build();
    List<Row> rows = List.of(RowFactory.create("u", 5L, 1), RowFactory.create("u", 5L, 0));
    LevelCounts counts =
        FunnelDatasets.aggregate(
            spark.createDataFrame(rows, EVENTS).coalesce(1), "user", "time", "code", funnel);
    assertThat(counts).isEqualTo(LevelCounts.ofExactly(0, 0, 1));
    assertThat(
            funnel
                .state(EventBatch.arbitrary(new long[] {1, 1}, new long[] {5, 5}, new int[] {1, 0}))
                .finish())
        .isEqualTo(counts);
  }

  /**
   * Each row's segment: none on about a third of the rows, otherwise one of three by the row's code
   * and time, so that a subject's rows name several and ties in time between segments occur.
   */
  private static @Nullable String segmentOf(long time, int code) {
    return (time + code) % 3 == 0 ? null : "s" + (time * 7 + code) % 3;
  }

  private void checkTimesAndSegments(
      WindowFunnel funnel, EventLog log, int partitions, boolean numericSubjects) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      long time = log.times()[i];
      int code = log.codes()[i];
      rows.add(
          RowFactory.create(
              numericSubjects ? (Object) log.subjects()[i] : "u" + log.subjects()[i],
              time,
              code,
              segmentOf(time, code)));
    }
    StructType schema =
        events(numericSubjects ? DataTypes.LongType : DataTypes.StringType)
            .add("source", DataTypes.StringType);
    DatasetFunnel found =
        FunnelDatasets.aggregation(funnel)
            .segment("source")
            .conversionTimes(Duration.ofSeconds(1))
            .run(
                spark.createDataFrame(rows, schema).repartition(partitions),
                "user",
                "time",
                "code");

    // The reference: funnel-core's partial state of the whole log, each subject's level heard by
    // a listener, and each subject's first touch worked out here from its rows.
    Map<Long, Integer> levels = new HashMap<>();
    FunnelResult expected =
        funnel
            .aggregation()
            .conversionTimes(Duration.ofSeconds(1))
            .subjects((subject, result) -> levels.put(subject, result.level()))
            .run(funnel.state(log.batch(EventBatch.Layout.ARBITRARY)));
    assertThat(found.result()).isEqualTo(expected);
    Map<String, long[]> bySegment = new TreeMap<>();
    for (long subject : log.subjectIds()) {
      EventLog own = log.ofSubject(subject);
      long firstTime = Long.MAX_VALUE;
      String first = null;
      for (int i = 0; i < own.size(); i++) {
        String segment = segmentOf(own.times()[i], own.codes()[i]);
        long time = own.times()[i];
        if (segment != null
            && (first == null
                || time < firstTime
                || (time == firstTime && segment.compareTo(first) < 0))) {
          first = segment;
          firstTime = time;
        }
      }
      bySegment
          .computeIfAbsent(first == null ? "(none)" : first, k -> new long[funnel.steps() + 1])[
          levels.get(subject)]++;
    }
    assertThat(found.segments().keySet()).containsExactlyElementsOf(bySegment.keySet());
    bySegment.forEach(
        (segment, counts) ->
            assertThat(found.segments().get(segment)).isEqualTo(LevelCounts.ofExactly(counts)));
  }

  private void check(WindowFunnel funnel, EventLog log, int partitions) {
    // Subjects as text (numbered by the partitions) for an even number of partitions, as BIGINT
    // (taken as they are) for an odd one.
    boolean numeric = partitions % 2 == 1;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      long subject = log.subjects()[i];
      rows.add(
          RowFactory.create(
              numeric ? (Object) subject : "u" + subject, log.times()[i], log.codes()[i]));
    }
    StructType schema = numeric ? events(DataTypes.LongType) : EVENTS;
    LevelCounts counts =
        FunnelDatasets.aggregate(
            spark.createDataFrame(rows, schema).repartition(partitions),
            "user",
            "time",
            "code",
            funnel);
    // Ties in code order: what merged partial states of the log finish with.
    assertThat(counts).isEqualTo(funnel.state(log.batch(EventBatch.Layout.ARBITRARY)).finish());
  }
}
