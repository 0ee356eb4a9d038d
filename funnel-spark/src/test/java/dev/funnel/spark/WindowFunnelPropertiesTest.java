package dev.funnel.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.events.WindowFunnel;
import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnelOracle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@code window_funnel} on Spark against the test kit's brute-force oracle: random logs, random
 * steps (each a set of event codes, steps sharing codes allowed), windows, and 1 to 8 partitions.
 * Rows carry no event codes, only their conditions: the oracle takes each event as the set of steps
 * it matches, and equal timestamps with equal lowest step in order of that set, as merged partial
 * states take them by code, since Spark merges a group's partitions in any order.
 */
class WindowFunnelPropertiesTest {
  private static final SparkSession spark = LocalSpark.session();

  private static final StructType EVENTS =
      new StructType()
          .add("subject", DataTypes.LongType)
          .add("time", DataTypes.LongType)
          .add("code", DataTypes.IntegerType);

  @Test
  void eachSubjectsLevelEqualsTheOracle() {
    qt().withFixedSeed(20261207L)
        .withExamples(40)
        .forAll(
            EventLogs.logs(7),
            lists().of(integers().between(1, 127)).ofSizeBetween(1, 4),
            integers().between(1, 40),
            integers().between(1, 8))
        .checkAssert(this::check);
  }

  private void check(EventLog log, List<Integer> stepCodes, int window, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      rows.add(RowFactory.create(log.subjects()[i], log.times()[i], log.codes()[i]));
    }
    Dataset<Row> events = spark.createDataFrame(rows, EVENTS).repartition(partitions);
    events.createOrReplaceTempView("events");
    String conditions =
        stepCodes.stream()
            .map(
                set ->
                    "code IN ("
                        + IntStream.range(0, 7)
                            .filter(c -> (set & (1 << c)) != 0)
                            .mapToObj(Integer::toString)
                            .collect(Collectors.joining(", "))
                        + ")")
            .collect(Collectors.joining(", "));
    Map<Long, Integer> levels = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT subject, window_funnel("
                    + window
                    + ", time, array("
                    + conditions
                    + ")) FROM events GROUP BY subject")
            .collectAsList()) {
      levels.put(r.getLong(0), r.getInt(1));
    }

    // The oracle sees what Spark sees: each event as the set of steps its conditions match
    // (bit i for step i + 1), in a funnel whose step i takes every set with bit i.
    int steps = stepCodes.size();
    WindowFunnel.Builder funnel = WindowFunnel.builder().eventCodes(1 << steps).window(window);
    for (int i = 0; i < steps; i++) {
      int bit = 1 << i;
      funnel.step(IntStream.range(0, 1 << steps).filter(set -> (set & bit) != 0).toArray());
    }
    WindowFunnel reference = funnel.build();
    Map<Long, Integer> expected = new HashMap<>();
    for (long subject : log.subjectIds()) {
      EventLog own = log.ofSubject(subject);
      int[] sets = new int[own.size()];
      for (int e = 0; e < sets.length; e++) {
        for (int i = 0; i < steps; i++) {
          if ((stepCodes.get(i) & (1 << own.codes()[e])) != 0) {
            sets[e] |= 1 << i;
          }
        }
      }
      expected.put(subject, WindowFunnelOracle.level(reference, own.times(), sets, true));
    }
    assertThat(levels).isEqualTo(expected);
  }
}
