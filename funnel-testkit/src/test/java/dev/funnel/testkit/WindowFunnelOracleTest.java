package dev.funnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.events.Dialect;
import dev.funnel.events.EventBatch;
import dev.funnel.events.SubjectResult;
import dev.funnel.events.WindowFunnel;
import org.junit.jupiter.api.Test;

/**
 * The oracle and the library agree on generated funnels and logs, in every layout: the property the
 * kit offers users for their own configurations, run here on the kit's generators.
 */
class WindowFunnelOracleTest {
  private static final int CODES = 7;

  @Test
  void everyLayoutCountsWhatTheOracleCounts() {
    qt().withExamples(400)
        .withFixedSeed(1)
        .forAll(WindowFunnels.funnels(CODES), EventLogs.logs(CODES))
        .checkAssert(
            (funnel, log) -> {
              for (EventBatch.Layout layout : EventBatch.Layout.values()) {
                assertThat(funnel.aggregate(log.batch(layout)).counts())
                    .as("%s, %s", layout, funnel)
                    .isEqualTo(WindowFunnelOracle.counts(funnel, log));
              }
            });
  }

  @Test
  void eachSubjectsLevelAndChainAreTheOraclesToo() {
    qt().withExamples(400)
        .withFixedSeed(2)
        .forAll(WindowFunnels.funnels(CODES), EventLogs.logs(CODES, 12))
        .checkAssert(
            (funnel, log) -> {
              for (long subject : log.subjectIds()) {
                EventLog own = log.ofSubject(subject);
                SubjectResult result = funnel.evaluate(own.times(), own.codes());
                assertThat(result.level())
                    .isEqualTo(WindowFunnelOracle.level(funnel, own.times(), own.codes()));
                assertThat(
                        WindowFunnelOracle.isChain(
                            funnel, own.times(), own.codes(), result.chain().toArray()))
                    .as("chain %s of %s", result.chain(), own)
                    .isTrue();
              }
            });
  }

  @Test
  void theWorkedExampleOfTheDesign() {
    // DESIGN.md's example: A at 0, A at 30, B at 45, C at 75 with a window of 60 reach level 3
    // through the second A (45 − 30 and 75 − 30 are within the window; 75 − 0 is not).
    WindowFunnel funnel =
        WindowFunnel.builder().eventCodes(3).step(0).step(1).step(2).window(60).build();
    long[] times = {0, 30, 45, 75};
    int[] codes = {0, 0, 1, 2};
    assertThat(WindowFunnelOracle.level(funnel, times, codes)).isEqualTo(3);
    assertThat(WindowFunnelOracle.reportedChainEnds(funnel, times, codes, 3))
        .containsExactly(30, 75);
  }

  /**
   * The dialects defined over chains, as the oracle covers them, against the library's kernels on
   * generated funnels and logs.
   */
  @Test
  void theCoveredDialectsCountWhatTheOracleCounts() {
    qt().withExamples(400)
        .withFixedSeed(3)
        .forAll(WindowFunnels.oracleDialectFunnels(CODES), EventLogs.logs(CODES))
        .checkAssert(
            (funnel, log) ->
                assertThat(funnel.aggregate(log.batch(EventBatch.Layout.ARBITRARY)).counts())
                    .as("%s", funnel)
                    .isEqualTo(WindowFunnelOracle.counts(funnel, log)));
  }

  @Test
  void refusesDialectsItCannotDefineAndBadInput() {
    WindowFunnel.Builder twoSteps = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10);
    WindowFunnel strictOrder = twoSteps.dialect(Dialect.clickHouse("strict_order")).build();
    assertThat(WindowFunnelOracle.covers(Dialect.clickHouse())).isTrue();
    assertThat(WindowFunnelOracle.covers(Dialect.doris("fixed"))).isFalse();
    assertThat(WindowFunnelOracle.covers(Dialect.duckdbBehavioral("strict_increase"))).isFalse();
    assertThat(WindowFunnelOracle.covers(Dialect.duckdbBehavioral("strict_once, strict_increase")))
        .isTrue();
    assertThatThrownBy(() -> WindowFunnelOracle.level(strictOrder, new long[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the oracle has no definition over chains of CLICKHOUSE[strict_order]: that mode is"
                + " the engine's own single pass");
    WindowFunnel clickHouse = twoSteps.dialect(Dialect.clickHouse()).build();
    assertThatThrownBy(
            () -> WindowFunnelOracle.isChain(clickHouse, new long[0], new int[0], new long[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "chains are checked for the library's own policies, not the dialect CLICKHOUSE[]");
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10).build();
    assertThatThrownBy(() -> WindowFunnelOracle.level(funnel, new long[] {1, 2}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 timestamps but 1 codes");
    assertThatThrownBy(() -> WindowFunnelOracle.level(funnel, new long[] {1}, new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event code 2 at index 0 is outside the declared range [0, 2)");
  }
}
