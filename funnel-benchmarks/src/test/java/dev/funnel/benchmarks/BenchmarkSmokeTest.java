package dev.funnel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.events.EventBatch;
import dev.funnel.events.LevelCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seconds-long smoke of every benchmark, for CI: each on a small workload, through its own setup
 * (which checks the contender against its reference before anything would be timed) and each
 * benchmark method once, so that a benchmark that no longer agrees with its reference, or no longer
 * runs, fails the build rather than the next measurement. Nothing is timed here.
 */
class BenchmarkSmokeTest {
  /** Enough events for two threads (at least 65,536 each), few enough to take a second. */
  private static final int EVENTS = 200_000;

  @ParameterizedTest
  @EnumSource(EventBatch.Layout.class)
  void windowFunnelBenchmarkAgreesWithTheStreamsReference(EventBatch.Layout layout) {
    WindowFunnelBenchmark benchmark = new WindowFunnelBenchmark();
    benchmark.events = EVENTS;
    benchmark.layout = layout;
    benchmark.setUp();

    LevelCounts reference = LevelCounts.ofExactly(benchmark.streams());
    assertThat(benchmark.library()).isEqualTo(reference);
    assertThat(benchmark.libraryTwoThreads()).isEqualTo(reference);
    assertThat(reference.reachedAtLeast(0)).isPositive();
    benchmark.floor();
  }

  @ParameterizedTest
  @EnumSource(EventBatch.Layout.class)
  void everyPolicyAgreesWithTheOracle(EventBatch.Layout layout) {
    for (PolicyBenchmark.Policy policy : PolicyBenchmark.Policy.values()) {
      PolicyBenchmark benchmark = new PolicyBenchmark();
      benchmark.events = EVENTS / 4;
      benchmark.layout = layout;
      benchmark.policy = policy;
      assertThatNoException()
          .as("%s: every subject's level is the oracle's", policy)
          .isThrownBy(benchmark::setUp);
      assertThat(benchmark.library().counts().reachedAtLeast(1)).as(policy.name()).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(EventBatch.Layout.class)
  void duckDbAgreesWithTheStreamsReference(EventBatch.Layout layout) throws Exception {
    DuckDbBenchmark benchmark = new DuckDbBenchmark();
    benchmark.events = EVENTS / 10;
    benchmark.layout = layout;
    benchmark.threads = 1;
    benchmark.setUp();
    try {
      R1Workload data = R1Workload.generate(benchmark.events, 42).in(layout);
      assertThat(benchmark.query())
          .isEqualTo(
              StreamsFunnel.levels(
                  data.subjects, data.timestamps, data.codes, R1Workload.STEPS, R1Workload.WINDOW));
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void scoringBenchmarkAgreesWithTheHandWrittenRules() {
    ScoringBenchmark benchmark = new ScoringBenchmark();
    benchmark.leadCount = 2_000;
    benchmark.setUp();

    assertThat(benchmark.fitAndEngagement()).isCloseTo(benchmark.reference(), within(1e-6));
    assertThat(benchmark.fit()).isPositive();
  }

  @Test
  void trackerBenchmarkAgreesWithTheStreamsReference() {
    TrackerBenchmark benchmark = new TrackerBenchmark();
    benchmark.events = 20_000;
    benchmark.setUp(); // checks the tracker's counts against the streams reference

    assertThat(benchmark.track().subjects()).isPositive();
  }

  @Test
  void ruleEvaluationBenchmarkAgreesWithTheHandWrittenRules() {
    RuleEvaluationBenchmark benchmark = new RuleEvaluationBenchmark();
    benchmark.setUp();

    // Each takes the next of 4,096 precomputed moves, from one shared position: 4,096 calls of
    // one, then of the other, see the same moves.
    int allowed = 0;
    for (int i = 0; i < 4_096; i++) {
      allowed += benchmark.check() ? 1 : 0;
    }
    int allowedByReference = 0;
    for (int i = 0; i < 4_096; i++) {
      allowedByReference += benchmark.reference() ? 1 : 0;
    }
    assertThat(allowed).isEqualTo(allowedByReference).isPositive();
  }

  @Test
  void machineBenchmarkSumsWhatItReads() {
    MachineBenchmark benchmark = new MachineBenchmark();
    benchmark.memoryLongs = 1 << 16;
    benchmark.setUp();

    long n = benchmark.memoryLongs;
    assertThat(benchmark.fromMemory()).isEqualTo(n * (n - 1) / 2);
    assertThat(benchmark.fromCache()).isEqualTo(16 * 4_096L * 4_095 / 2);
  }
}
