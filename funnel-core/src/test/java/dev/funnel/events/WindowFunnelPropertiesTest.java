package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.google.common.primitives.ImmutableLongArray;
import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnelOracle;
import dev.funnel.testkit.WindowFunnels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The fast paths against the brute-force {@link WindowFunnelOracle}, over funnels with every policy
 * and event logs with frequent ties, drawn from the test kit's generators, which shrink a failure
 * to a small case.
 */
class WindowFunnelPropertiesTest {
  private static final long SEED = 20261122L;
  private static final int CODES = 7;

  @Test
  void evaluateEqualsTheOracleForEveryPolicy() {
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(WindowFunnels.funnels(CODES), EventLogs.logs(CODES, 24))
        .checkAssert(
            (funnel, log) -> {
              for (long subject : log.subjectIds()) {
                EventLog own = log.ofSubject(subject);
                long[] times = own.times();
                int[] codes = own.codes();
                SubjectResult result = funnel.evaluate(times, codes);

                assertThat(result.level())
                    .isEqualTo(WindowFunnelOracle.level(funnel, times, codes));
                assertValidChain(funnel, times, codes, result.chain(), result.level());
              }
            });
  }

  @Test
  void theGeneralKernelAgreesWithTheFastOneOnDefaultPoliciesLevelAndChain() {
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(WindowFunnels.defaultPolicyFunnels(CODES), EventLogs.logs(CODES, 9))
        .checkAssert(
            (funnel, log) -> {
              long[] times = log.times();
              int[] codes = log.codes();

              assertThat(funnel.newKernel(true)).isInstanceOf(FastKernel.class);
              Kernel general = new GeneralKernel(funnel, true);
              Kernel fast = new FastKernel(funnel, true);
              int level = feed(general, funnel, times, codes);
              assertThat(level).isEqualTo(feed(fast, funnel, times, codes));
              long[] generalChain = new long[level];
              long[] fastChain = new long[level];
              general.chain(generalChain);
              fast.chain(fastChain);
              assertThat(generalChain).as("chain").isEqualTo(fastChain);
            });
  }

  @Test
  void theDefaultPolicyKernelAgreesWithTheOracleOnSimpleFunnels() {
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(simpleFunnels(40), EventLogs.logs(CODES, 9))
        .checkAssert(
            (funnel, log) -> {
              long[] times = log.times();
              int[] codes = log.codes();

              Kernel kernel = funnel.newKernel(false);
              assertThat(kernel).isInstanceOf(DefaultPolicyKernel.class);
              assertThat(feed(kernel, funnel, times, codes))
                  .isEqualTo(WindowFunnelOracle.level(funnel, times, codes));
              // A copy continues exactly as the original: what the tracker relies on for ties.
              Kernel copy = funnel.newKernel(false);
              copy.copyFrom(kernel);
              assertThat(copy.level()).isEqualTo(kernel.level());
            });
  }

  /**
   * Funnels of one to five steps, step i matching code i − 1 alone, default policies, a window from
   * 1 to {@code maxWindow}.
   */
  private static Gen<WindowFunnel> simpleFunnels(int maxWindow) {
    return Generate.range(1, 5)
        .zip(
            Generate.range(1, maxWindow),
            (steps, window) -> {
              WindowFunnel.Builder builder =
                  WindowFunnel.builder().eventCodes(CODES).window(window);
              for (int code = 0; code < steps; code++) {
                builder.step(code);
              }
              return builder.build();
            })
        .describedAs(WindowFunnel::toString);
  }

  /** Feeds one subject's events to a kernel in chain order. */
  private static int feed(Kernel kernel, WindowFunnel funnel, long[] times, int[] codes) {
    Integer[] order = new Integer[times.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        Comparator.<Integer>comparingLong(i -> times[i])
            .thenComparingInt(i -> funnel.rank(codes[i]))
            .thenComparingInt(i -> i));
    kernel.reset();
    for (int i : order) {
      int steps = funnel.stepMasks()[codes[i]];
      int exclusions = funnel.exclusionMasks()[codes[i]];
      if ((steps | exclusions) != 0 && !kernel.accept(times[i], steps, exclusions)) {
        break;
      }
    }
    return kernel.level();
  }

  private static void assertValidChain(
      WindowFunnel funnel, long[] times, int[] codes, ImmutableLongArray chain, int level) {
    assertThat(chain.length()).isEqualTo(level);
    assertThat(WindowFunnelOracle.isChain(funnel, times, codes, chain.toArray()))
        .as("%s is a chain of the events", chain)
        .isTrue();
    if (level > 0 && funnel.repeats() == RepeatPolicy.IGNORE) {
      assertThat(new long[] {chain.get(0), chain.get(level - 1)})
          .as("first and last step of the chain reported")
          .isEqualTo(WindowFunnelOracle.reportedChainEnds(funnel, times, codes, level));
    }
    for (int i = 1; i < chain.length(); i++) {
      assertThat(chain.get(i)).isGreaterThanOrEqualTo(chain.get(i - 1));
      if (funnel.ties() == TiePolicy.STRICT_INCREASE) {
        assertThat(chain.get(i)).isGreaterThan(chain.get(i - 1));
      }
      if (funnel.maxGap().isPresent()) {
        assertThat(chain.get(i) - chain.get(i - 1))
            .isLessThanOrEqualTo(funnel.maxGap().getAsLong());
      }
    }
    if (level > 0) {
      assertThat(chain.get(level - 1) - chain.get(0)).isLessThanOrEqualTo(funnel.window());
    }
  }

  @Test
  void everyLayoutAndThreadCountEqualsTheOracle() {
    qt().withFixedSeed(SEED)
        .withExamples(1500)
        .forAll(
            WindowFunnels.funnels(CODES).mix(WindowFunnels.defaultPolicyFunnels(CODES)),
            EventLogs.logs(CODES),
            Generate.range(1, 3))
        .checkAssert(
            (funnel, log, threads) -> {
              // The layouts' stable sorts keep each subject's ties in the log's order, which is
              // the order the oracle takes them in.
              LevelCounts expected = WindowFunnelOracle.counts(funnel, log);
              for (EventBatch.Layout layout : EventBatch.Layout.values()) {
                assertThat(run(funnel, log.batch(layout), threads))
                    .as("%s", layout)
                    .isEqualTo(expected);
              }
            });
  }

  /**
   * Simple funnels (default policies, each code in at most one step) take their own fast paths;
   * here timestamps lie within 0 to 5 and tie almost always, so that tied events of one subject
   * often arrive in descending step order.
   */
  @Test
  void simpleFunnelsWithManyTiesEqualTheOracleInEveryLayout() {
    qt().withFixedSeed(SEED)
        .withExamples(1500)
        .forAll(simpleFunnels(4), EventLogs.logs(CODES), Generate.range(1, 2))
        .checkAssert(
            (funnel, drawn, threads) -> {
              long[] times = drawn.times();
              for (int i = 0; i < times.length; i++) {
                times[i] %= 6;
              }
              EventLog log = EventLog.of(drawn.subjects(), times, drawn.codes());
              EventLog timeOrdered = log.ordered(EventBatch.Layout.TIME_ORDERED);

              assertThat(funnel.isSimple()).isTrue();
              assertThat(run(funnel, timeOrdered.batch(EventBatch.Layout.TIME_ORDERED), threads))
                  .isEqualTo(WindowFunnelOracle.counts(funnel, timeOrdered));
              assertThat(run(funnel, log.batch(EventBatch.Layout.ARBITRARY), threads))
                  .isEqualTo(WindowFunnelOracle.counts(funnel, log));
            });
  }

  @Test
  void withDistinctTimestampsTheResultDoesNotDependOnInputOrder() {
    qt().withFixedSeed(SEED)
        .withExamples(500)
        .forAll(WindowFunnels.funnels(CODES), EventLogs.logs(CODES), Orders.keys())
        .checkAssert(
            (funnel, drawn, keys) -> {
              EventLog log = Orders.distinctTimes(drawn);
              EventLog shuffled = Orders.reorder(log, keys);

              assertThat(run(funnel, shuffled.batch(EventBatch.Layout.ARBITRARY), 1))
                  .isEqualTo(run(funnel, log.batch(EventBatch.Layout.ARBITRARY), 2));
            });
  }

  @Test
  void levelCountsMergeLawsAndPartitioningBySubject() {
    qt().withFixedSeed(SEED)
        .withExamples(500)
        .forAll(WindowFunnels.funnels(CODES), EventLogs.logs(CODES))
        .checkAssert(
            (funnel, log) -> {
              List<Integer> rows = new ArrayList<>();
              List<Integer> otherRows = new ArrayList<>();
              long[] subjects = log.subjects();
              for (int i = 0; i < subjects.length; i++) {
                (Math.floorMod(subjects[i], 2) == 0 ? rows : otherRows).add(i);
              }
              LevelCounts a =
                  run(funnel, Orders.select(log, rows).batch(EventBatch.Layout.ARBITRARY), 1);
              LevelCounts b =
                  run(funnel, Orders.select(log, otherRows).batch(EventBatch.Layout.ARBITRARY), 1);
              LevelCounts empty = LevelCounts.empty(funnel.steps());

              assertThat(a.plus(b))
                  .isEqualTo(run(funnel, log.batch(EventBatch.Layout.ARBITRARY), 1));
              assertThat(a.plus(b)).isEqualTo(b.plus(a));
              assertThat(a.plus(empty)).isEqualTo(a);
              assertThat(a.plus(b).plus(a)).isEqualTo(a.plus(b.plus(a)));
              for (int step = 1; step <= funnel.steps(); step++) {
                assertThat(a.reachedAtLeast(step)).isLessThanOrEqualTo(a.reachedAtLeast(step - 1));
              }
            });
  }

  private static LevelCounts run(WindowFunnel funnel, EventBatch batch, int threads) {
    return funnel.aggregation().threads(threads).minEventsPerThread(1).run(batch).counts();
  }
}
