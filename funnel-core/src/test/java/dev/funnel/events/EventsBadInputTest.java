package dev.funnel.events;

import static dev.funnel.testing.BadInput.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.primitives.ImmutableLongArray;
import com.google.common.testing.EqualsTester;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §3 for the events package: each refused definition names what is wrong, and each
 * limit's boundary value is accepted, so that a limit cannot move by one without a test noticing.
 */
class EventsBadInputTest {

  private static void unbuildable(WindowFunnel.Builder builder, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
  }

  private static WindowFunnel.Builder twoSteps() {
    return WindowFunnel.builder().eventCodes(4).step(0).step(1).window(10);
  }

  @Test
  void stepsAndCodesAreChecked() {
    refused(
        () -> WindowFunnel.builder().eventCodes(0),
        "the number of event codes must be positive: 0");
    assertThat(WindowFunnel.builder().eventCodes(1).step(0).window(0).build().eventCodes())
        .isEqualTo(1);
    refused(() -> WindowFunnel.builder().step(), "step 1 needs at least one event code");
    refused(() -> WindowFunnel.builder().step(0).step(), "step 2 needs at least one event code");
    refused(() -> WindowFunnel.builder().step(1, -2), "event code must not be negative: -2");

    WindowFunnel.Builder full = WindowFunnel.builder().eventCodes(1).window(5);
    for (int s = 0; s < WindowFunnel.MAX_STEPS; s++) {
      full.step(0);
    }
    assertThat(full.build().steps()).isEqualTo(32);
    refused(() -> full.step(0), "a funnel has at most 32 steps; step 33 is one too many");

    unbuildable(
        WindowFunnel.builder().step(0).window(1), "declare the event codes with eventCodes(count)");
    unbuildable(WindowFunnel.builder().eventCodes(2).window(1), "a funnel needs at least one step");
    unbuildable(WindowFunnel.builder().eventCodes(2).step(0), "set the window with window(length)");
    unbuildable(
        WindowFunnel.builder().eventCodes(2).step(0).step(2).window(1),
        "step 2 uses event code 2, outside the declared range [0, 2)");
  }

  @Test
  void exclusionsAreChecked() {
    refused(() -> Exclusion.between(1, 2), "an exclusion needs at least one event code");
    refused(() -> Exclusion.between(1, 2, 3, -1), "event code must not be negative: -1");
    refused(
        () -> Exclusion.between(0, 2, 3), "an exclusion needs 1 ≤ fromStep < toStep, got 0 and 2");
    refused(
        () -> Exclusion.between(2, 2, 3), "an exclusion needs 1 ≤ fromStep < toStep, got 2 and 2");
    assertThat(Exclusion.between(1, 2, 3).toStep()).isEqualTo(2);

    assertThat(twoSteps().exclude(Exclusion.between(1, 2, 3)).build().exclusions()).hasSize(1);
    unbuildable(
        twoSteps().exclude(Exclusion.between(1, 3, 3)),
        "exclusion up to step 3, but the funnel has 2 steps");
    unbuildable(
        twoSteps().exclude(Exclusion.between(1, 2, 4)),
        "exclusion uses event code 4, outside the declared range [0, 4)");
    unbuildable(
        twoSteps().exclude(Exclusion.between(1, 2, 1)),
        "event code 1 is both a step's and an exclusion's; use distinct codes");

    WindowFunnel.Builder many = twoSteps();
    for (int x = 0; x < WindowFunnel.MAX_EXCLUSIONS; x++) {
      many.exclude(Exclusion.between(1, 2, 3));
    }
    assertThat(many.build().exclusions()).hasSize(32);
    refused(() -> many.exclude(Exclusion.between(1, 2, 3)), "a funnel has at most 32 exclusions");
  }

  @Test
  void aDialectRefusesEveryPolicyOfTheLibrarysOwn() {
    unbuildable(
        twoSteps()
            .dialect(Dialect.clickHouse())
            .windowAnchor(WindowAnchor.FIRST_ENTRY)
            .order(StepOrder.STRICT)
            .repeats(RepeatPolicy.STOP)
            .ties(TiePolicy.STRICT_INCREASE)
            .maxGap(3)
            .exclude(Exclusion.between(1, 2, 3)),
        "the dialect CLICKHOUSE[] sets every policy; it cannot be combined with [windowAnchor"
            + " FIRST_ENTRY, order STRICT, repeats STOP, ties STRICT_INCREASE, maxGap 3, 1"
            + " exclusions]");
    refused(
        () -> Dialect.doris("fixed, increase"),
        "unknown Doris mode 'fixed, increase'; the modes are [default, deduplication, fixed, increase]");
    refused(
        () -> Dialect.clickHouse("strict_order", "STRICT_ORDER"),
        "ClickHouse mode 'STRICT_ORDER' is given twice");
    new EqualsTester()
        .addEqualityGroup(Dialect.clickHouse("strict_order"), Dialect.clickHouse(" Strict_Order"))
        .addEqualityGroup(Dialect.clickHouse())
        .addEqualityGroup(Dialect.doris("fixed"))
        .addEqualityGroup(Dialect.dorisV1("fixed"))
        .addEqualityGroup(Dialect.starRocks(2))
        .testEquals();
    assertThat(Dialect.doris("fixed").hashCode()).isNotEqualTo(Dialect.dorisV1("fixed").hashCode());
    assertThat(Dialect.modesOf(Dialect.Engine.DORIS_V1))
        .containsExactly("default", "deduplication", "fixed", "increase");
    assertThat(Dialect.modesOf(Dialect.Engine.STARROCKS))
        .containsExactly("deduplication", "fixed", "increase");
    assertThat(Dialect.starRocks(5).modes()).containsExactly("deduplication", "increase");
    assertThat(Dialect.modesOf(Dialect.Engine.CLICKHOUSE)).contains("allow_reentry");
  }

  @Test
  void levelCountsAreChecked() {
    refused(() -> LevelCounts.empty(0), "steps must be at least 1: 0");
    assertThat(LevelCounts.empty(1).steps()).isEqualTo(1);
    refused(() -> LevelCounts.ofExactly(5), "need counts for levels 0 to at least 1");
    refused(() -> LevelCounts.ofExactly(5, -1), "count of level 1 must not be negative: -1");
    LevelCounts counts = LevelCounts.ofExactly(5, 3, 2);
    assertThat(counts.reachedAtLeast(0)).isEqualTo(10);
    assertThat(counts.reachedAtLeast(2)).isEqualTo(2);
    refused(() -> counts.reachedAtLeast(3), "level 3 is outside [0, 2]");
    refused(() -> counts.reachedAtLeast(-1), "level -1 is outside [0, 2]");
    assertThat(counts.hashCode()).isNotEqualTo(LevelCounts.ofExactly(5, 2, 3).hashCode());
    assertThat(counts.toString()).contains("5", "3", "2");
  }

  @Test
  void aStateRunsOnlyWithItsOwnDefinition() {
    WindowFunnel funnel = twoSteps().build();
    WindowFunnel other = twoSteps().window(11).build();
    FunnelState state =
        funnel.state(EventBatch.arbitrary(new long[] {1}, new long[] {0}, new int[] {0}));
    assertThatThrownBy(() -> other.aggregation().run(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the state belongs to another funnel definition: ");
    assertThat(twoSteps().build().aggregation().run(state).counts())
        .isEqualTo(LevelCounts.ofExactly(0, 1, 0));
    assertThatThrownBy(() -> funnel.aggregation().minEventsPerThread(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("events per thread must be at least 1: 0");
  }

  @Test
  void streamsTrackersAndAccumulatorsRefuseMisuseAndStayUsable() {
    WindowFunnel funnel = twoSteps().build();
    FunnelTracker tracker = funnel.newTracker();
    refused(() -> tracker.accept(1, -1, 0), "timestamp must not be negative: -1");
    tracker.accept(1, 0, 0);
    assertThat(tracker.snapshot()).isEqualTo(LevelCounts.ofExactly(0, 1, 0));

    GroupedStream stream = funnel.aggregation().stream();
    stream.finish();
    assertThatThrownBy(
            () -> stream.add(EventBatch.grouped(new long[] {1}, new long[] {0}, new int[] {0})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the stream is finished");

    FunnelState.Accumulator accumulator = funnel.stateAccumulator();
    FunnelState foreign =
        twoSteps()
            .window(11)
            .build()
            .state(EventBatch.arbitrary(new long[] {1}, new long[] {0}, new int[] {0}));
    assertThatThrownBy(() -> accumulator.add(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot merge states of different funnel definitions: ");
    assertThat(accumulator.finish()).isEqualTo(LevelCounts.empty(2));

    refused(
        () -> new SubjectResult(2, ImmutableLongArray.of(5)),
        "a chain of level 2 has 1 timestamps");
  }

  @Test
  void starRocksModesAreTheSumsOfTheirBits() {
    refused(
        () -> Dialect.starRocks(-1),
        "a StarRocks mode is the sum of 1 (deduplication), 2 (fixed) and 4 (increase): -1");
    assertThat(Dialect.starRocks(0).modes()).isEmpty();
    assertThat(Dialect.starRocks(7).modes()).containsExactly("deduplication", "fixed", "increase");
    assertThat(Dialect.starRocks(5).modes()).containsExactly("deduplication", "increase");
  }

  /**
   * Definitions and results are map keys (a distributed engine groups states by funnel): unequal
   * values should rarely share a hash code.
   */
  @Test
  void unequalDefinitionsAndResultsHaveSpreadHashCodes() {
    Set<Integer> funnels = new HashSet<>();
    Set<Integer> dialects = new HashSet<>();
    for (int mode = 0; mode <= 7; mode++) {
      dialects.add(Dialect.starRocks(mode).hashCode());
      for (int window = 1; window <= 10; window++) {
        funnels.add(twoSteps().window(window).dialect(Dialect.starRocks(mode)).build().hashCode());
      }
    }
    dialects.add(Dialect.clickHouse().hashCode());
    dialects.add(Dialect.duckdbBehavioral("").hashCode());
    dialects.add(Dialect.doris("default").hashCode());
    assertThat(funnels).hasSizeGreaterThanOrEqualTo(75);
    assertThat(dialects).hasSize(11);

    WindowFunnel funnel = twoSteps().build();
    Set<Integer> subjects = new HashSet<>();
    Set<Integer> results = new HashSet<>();
    for (long gap = 0; gap <= 12; gap++) {
      long[] times = {0, gap};
      int[] codes = {0, 1};
      subjects.add(funnel.evaluate(times, codes).hashCode());
      results.add(
          funnel
              .aggregation()
              .conversionTimes(Duration.ofMillis(1))
              .run(EventBatch.grouped(new long[] {1, 1}, times, codes))
              .hashCode());
    }
    // Gaps 0 to 10 convert (each a different chain and conversion time); 11 and 12 reach step 1.
    assertThat(subjects).hasSize(12);
    assertThat(results).hasSize(12);
  }

  /** Results with conversion times are values too: two runs over equal events are equal. */
  @Test
  void resultsWithConversionTimesAreEqualWhenTheirEventsAre() {
    WindowFunnel funnel = twoSteps().build();
    Aggregation timed = funnel.aggregation().conversionTimes(Duration.ofMillis(1));
    EventBatch batch = EventBatch.grouped(new long[] {1, 1}, new long[] {0, 4}, new int[] {0, 1});
    EventBatch later =
        EventBatch.grouped(new long[] {7, 7}, new long[] {100, 104}, new int[] {0, 1});
    EventBatch slower = EventBatch.grouped(new long[] {1, 1}, new long[] {0, 5}, new int[] {0, 1});
    new EqualsTester()
        .addEqualityGroup(timed.run(batch), timed.run(batch), timed.run(later))
        .addEqualityGroup(timed.run(slower))
        .addEqualityGroup(funnel.aggregate(batch), funnel.aggregate(slower))
        .testEquals();
    assertThat(timed.run(batch).conversionTimes().orElseThrow().toString())
        .isEqualTo(
            "ConversionTimes[toStep=[DurationStats[n=1, mean=PT0.004S, median=PT0.004S,"
                + " p90=PT0.004S]], endToEnd=DurationStats[n=1, mean=PT0.004S, median=PT0.004S,"
                + " p90=PT0.004S]]");
  }

  @Test
  void resultsAndBatchesDescribeThemselves() {
    WindowFunnel funnel = twoSteps().build();
    EventBatch batch = EventBatch.grouped(new long[] {1, 1}, new long[] {0, 4}, new int[] {0, 1});
    assertThat(batch).hasToString("EventBatch[2 events, GROUPED]");
    assertThat(funnel.aggregate(batch).toString())
        .startsWith("FunnelResult{counts=")
        .contains("conversionTimes=");
    FunnelState state = funnel.state(batch);
    assertThat(state.events()).isEqualTo(2);
    assertThat(FunnelState.formatVersion()).isEqualTo(1);
  }

  @Test
  void objectFunnelsCheckTheirPredicatesAndExclusions() {
    ObjectFunnel.Builder<Long> full = ObjectFunnel.<Long>builder(x -> 1L, x -> x).window(5);
    for (int p = 0; p < ObjectFunnel.MAX_PREDICATES - 1; p++) {
      full.step(x -> true);
    }
    full.exclude(x -> false, 1, 2); // the 32nd predicate is allowed
    refused(() -> full.step(x -> true), "an object funnel has at most 32 predicates");
    refused(() -> full.exclude(x -> true, 1, 2), "an object funnel has at most 32 predicates");
    assertThat(full.build().aggregate(java.util.List.of(1L, 2L)).counts().steps()).isEqualTo(31);

    ObjectFunnel.Builder<Long> one = ObjectFunnel.<Long>builder(x -> 1L, x -> x).step(x -> true);
    refused(
        () -> one.exclude(x -> true, 0, 1),
        "an exclusion needs 1 ≤ fromStep < toStep, got 0 and 1");
    refused(
        () -> one.exclude(x -> true, 1, 1),
        "an exclusion needs 1 ≤ fromStep < toStep, got 1 and 1");
    assertThatThrownBy(() -> ObjectFunnel.<Long>builder(x -> 1L, x -> x).window(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a funnel needs at least one step");
    assertThat(ObjectFunnel.maxEncodedPredicates()).isEqualTo(12);
  }
}
