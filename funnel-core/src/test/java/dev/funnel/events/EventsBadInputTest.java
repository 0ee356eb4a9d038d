package dev.funnel.events;

import static dev.funnel.testing.BadInput.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
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
