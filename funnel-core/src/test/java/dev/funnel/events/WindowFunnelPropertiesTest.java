package dev.funnel.events;

import static dev.funnel.events.EventLogs.batch;
import static dev.funnel.events.EventLogs.expected;
import static dev.funnel.events.EventLogs.randomFunnel;
import static dev.funnel.events.EventLogs.randomLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.primitives.ImmutableLongArray;
import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnelOracle;
import dev.funnel.testkit.WindowFunnels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The fast paths against the brute-force {@link WindowFunnelOracle}, over funnels with every policy
 * and event logs with frequent ties. The first properties draw them from the test kit's generators,
 * which shrink a failure to a small case; the others still derive them from a seed.
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
        .forAll(simpleFunnels(), EventLogs.logs(CODES, 9))
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

  /** Funnels of one to five steps, step i matching code i − 1 alone, default policies. */
  private static Gen<WindowFunnel> simpleFunnels() {
    return Generate.range(1, 5)
        .zip(
            Generate.range(1, 40),
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
   * here timestamps tie almost always, so that tied events of one subject often arrive in
   * descending step order.
   */
  @Test
  void simpleFunnelsWithManyTiesEqualTheOracleInEveryLayout() {
    qt().withFixedSeed(SEED)
        .withExamples(1500)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              int steps = 1 + random.nextInt(4);
              WindowFunnel.Builder builder =
                  WindowFunnel.builder().eventCodes(6).window(1 + random.nextInt(4));
              for (int step = 0; step < steps; step++) {
                builder.step(step);
              }
              WindowFunnel funnel = builder.build();
              assertThat(funnel.isSimple()).isTrue();
              List<long[]> rows = new ArrayList<>();
              for (int subject = 0; subject < 1 + random.nextInt(5); subject++) {
                for (int e = random.nextInt(10); e > 0; e--) {
                  rows.add(new long[] {subject, random.nextInt(6), random.nextInt(6)});
                }
              }
              List<long[]> timeOrdered = new ArrayList<>(rows);
              timeOrdered.sort(Comparator.comparingLong(r -> r[1]));
              int threads = 1 + random.nextInt(2);

              assertThat(run(funnel, batch(timeOrdered, EventBatch.Layout.TIME_ORDERED), threads))
                  .isEqualTo(expected(funnel, timeOrdered, false));
              assertThat(run(funnel, batch(rows, EventBatch.Layout.ARBITRARY), threads))
                  .isEqualTo(expected(funnel, rows, false));
            });
  }

  @Test
  void withDistinctTimestampsTheResultDoesNotDependOnInputOrder() {
    qt().withFixedSeed(SEED)
        .withExamples(500)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              WindowFunnel funnel = randomFunnel(random, false);
              List<long[]> rows = randomLog(random);
              for (int i = 0; i < rows.size(); i++) {
                rows.get(i)[1] = i * 3L + random.nextInt(3); // distinct, shuffled below
              }
              List<long[]> shuffled = new ArrayList<>(rows);
              java.util.Collections.shuffle(shuffled, new java.util.Random(seed));

              assertThat(run(funnel, batch(shuffled, EventBatch.Layout.ARBITRARY), 1))
                  .isEqualTo(run(funnel, batch(rows, EventBatch.Layout.ARBITRARY), 2));
            });
  }

  @Test
  void levelCountsMergeLawsAndPartitioningBySubject() {
    qt().withFixedSeed(SEED)
        .withExamples(500)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              WindowFunnel funnel = randomFunnel(random, false);
              List<long[]> rows = randomLog(random);
              List<long[]> even = rows.stream().filter(r -> Math.floorMod(r[0], 2) == 0).toList();
              List<long[]> odd = rows.stream().filter(r -> Math.floorMod(r[0], 2) == 1).toList();
              LevelCounts a = run(funnel, batch(even, EventBatch.Layout.ARBITRARY), 1);
              LevelCounts b = run(funnel, batch(odd, EventBatch.Layout.ARBITRARY), 1);
              LevelCounts empty = LevelCounts.empty(funnel.steps());

              assertThat(a.plus(b))
                  .isEqualTo(run(funnel, batch(rows, EventBatch.Layout.ARBITRARY), 1));
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
