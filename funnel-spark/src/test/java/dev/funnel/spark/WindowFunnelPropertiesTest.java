package dev.funnel.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.events.Dialect;
import dev.funnel.events.EventBatch;
import dev.funnel.events.RepeatPolicy;
import dev.funnel.events.StepOrder;
import dev.funnel.events.TiePolicy;
import dev.funnel.events.WindowAnchor;
import dev.funnel.events.WindowFunnel;
import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnelOracle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
 * {@code window_funnel} on Spark against funnel-core's in-memory aggregate of the same events, and
 * that against the test kit's brute-force oracle where it covers the dialect: random logs, random
 * steps (each a set of event codes, steps sharing codes allowed), windows, dialects of every
 * engine, and 1 to 8 partitions. Rows carry no event codes, only their conditions: the oracle takes
 * each event as the set of steps it matches, and equal timestamps with equal lowest step in order
 * of that set, as merged partial states take them by code, since Spark merges a group's partitions
 * in any order.
 */
class WindowFunnelPropertiesTest {
  private static final SparkSession spark = LocalSpark.session();

  private static final StructType EVENTS =
      new StructType()
          .add("subject", DataTypes.LongType)
          .add("time", DataTypes.LongType)
          .add("code", DataTypes.IntegerType);

  @Test
  void eachSubjectsLevelEqualsFunnelCoresAndTheOracle() {
    qt().withFixedSeed(20261207L)
        .withExamples(84)
        .forAll(
            EventLogs.logs(7),
            lists().of(integers().between(1, 127)).ofSizeBetween(1, 4),
            integers().between(1, 40),
            // Partitions (1 to 8) and mode in one number: QuickTheories draws four at most.
            integers().between(0, 8 * MODES.size() - 1))
        .checkAssert(
            (log, steps, window, both) ->
                check(log, steps, window, 1 + both % 8, MODES.get(both / 8)));
  }

  /** No mode, a dialect of each engine, with and without modes, and policies by name. */
  private static final List<String> MODES =
      List.of(
          "",
          "clickhouse",
          "clickhouse:strict_order",
          "clickhouse:strict_deduplication",
          "clickhouse:strict_increase",
          "clickhouse:strict_order,allow_reentry",
          "doris",
          "doris:increase",
          "doris-v1:fixed",
          "starrocks:0",
          "starrocks:3",
          "starrocks:7",
          "duckdb-behavioral",
          "duckdb-behavioral:strict_once,strict_increase",
          "order=strict",
          "repeats=stop",
          "repeats=restart",
          "ties=strict_increase",
          "window-anchor=first_entry",
          "max-gap=3",
          "order=strict, repeats=restart, ties=strict_increase, window-anchor=first_entry");

  /** The policies of the modes that name them, set here through the builder itself. */
  private static final Map<String, Consumer<WindowFunnel.Builder>> POLICIES =
      Map.of(
          "order=strict", b -> b.order(StepOrder.STRICT),
          "repeats=stop", b -> b.repeats(RepeatPolicy.STOP),
          "repeats=restart", b -> b.repeats(RepeatPolicy.RESTART),
          "ties=strict_increase", b -> b.ties(TiePolicy.STRICT_INCREASE),
          "window-anchor=first_entry", b -> b.windowAnchor(WindowAnchor.FIRST_ENTRY),
          "max-gap=3", b -> b.maxGap(3),
          "order=strict, repeats=restart, ties=strict_increase, window-anchor=first_entry",
              b ->
                  b.order(StepOrder.STRICT)
                      .repeats(RepeatPolicy.RESTART)
                      .ties(TiePolicy.STRICT_INCREASE)
                      .windowAnchor(WindowAnchor.FIRST_ENTRY));

  private void check(
      EventLog log, List<Integer> stepCodes, int window, int partitions, String mode) {
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
    String arguments =
        window + ", time, array(" + conditions + ")" + (mode.isEmpty() ? "" : ", '" + mode + "'");
    Map<Long, Integer> levels = new HashMap<>();
    Map<Long, List<Long>> chains = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT subject, window_funnel("
                    + arguments
                    + "), window_funnel_chain("
                    + arguments
                    + ") FROM events GROUP BY subject")
            .collectAsList()) {
      levels.put(r.getLong(0), r.getInt(1));
      chains.put(r.getLong(0), r.<Long>getList(2));
    }

    // funnel-core sees what Spark sees: each event as the set of steps its conditions match (bit i
    // for step i + 1), in a funnel whose step i takes every set with bit i; its merged partial
    // state takes equal times in code order, as Spark's merge of a group's partitions must.
    int steps = stepCodes.size();
    WindowFunnel.Builder funnel = WindowFunnel.builder().eventCodes(1 << steps).window(window);
    for (int i = 0; i < steps; i++) {
      int bit = 1 << i;
      funnel.step(IntStream.range(0, 1 << steps).filter(set -> (set & bit) != 0).toArray());
    }
    if (POLICIES.containsKey(mode)) {
      POLICIES.get(mode).accept(funnel);
    } else if (!mode.isEmpty()) {
      funnel.dialect(Dialect.parse(mode));
    }
    WindowFunnel reference = funnel.build();
    int[] sets = new int[log.size()];
    for (int e = 0; e < sets.length; e++) {
      for (int i = 0; i < steps; i++) {
        if ((stepCodes.get(i) & (1 << log.codes()[e])) != 0) {
          sets[e] |= 1 << i;
        }
      }
    }
    EventLog asSets = EventLog.of(log.subjects(), log.times(), sets);
    Map<Long, Integer> expected = new HashMap<>();
    Map<Long, List<Long>> expectedChains = new HashMap<>();
    reference
        .aggregation()
        .subjects(
            (subject, found) -> {
              expected.put(subject, found.level());
              expectedChains.put(subject, found.chain().asList());
            })
        .run(reference.state(asSets.batch(EventBatch.Layout.ARBITRARY)));
    if (reference.dialect().map(WindowFunnelOracle::covers).orElse(true)) {
      for (long subject : log.subjectIds()) {
        EventLog own = asSets.ofSubject(subject);
        assertThat(WindowFunnelOracle.level(reference, own.times(), own.codes(), true))
            .as("the oracle, subject %s", subject)
            .isEqualTo(expected.get(subject));
      }
    }
    assertThat(levels).isEqualTo(expected);
    assertThat(chains).isEqualTo(expectedChains);
  }
}
