package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.primitives.ImmutableLongArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast paths against the brute-force {@link Oracle}, over random funnels with every policy
 * and random event logs with frequent ties. QuickTheories draws a seed per example, and a failure
 * reports it; the funnel and events are derived from that seed.
 */
class WindowFunnelPropertiesTest {
  private static final long SEED = 20261122L;
  private static final int STEP_CODES = 5; // codes 0..4 may be steps
  private static final int EXCLUDED = 5; // code 5 is the exclusion code
  private static final int CODES = 7; // code 6 matches nothing

  static WindowFunnel randomFunnel(SplittableRandom random, boolean defaultsOnly) {
    WindowFunnel.Builder builder = WindowFunnel.builder().eventCodes(CODES);
    int steps = 1 + random.nextInt(4);
    for (int s = 0; s < steps; s++) {
      int first = random.nextInt(STEP_CODES);
      builder.step(
          random.nextInt(3) == 0 ? new int[] {first, random.nextInt(STEP_CODES)} : new int[] {first});
    }
    builder.window(random.nextInt(5) == 0 ? Long.MAX_VALUE : 1 + random.nextInt(40));
    builder.windowAnchor(pick(random, WindowAnchor.values()));
    builder.repeats(pick(random, RepeatPolicy.values()));
    if (!defaultsOnly) {
      builder.order(pick(random, StepOrder.values()));
      builder.ties(pick(random, TiePolicy.values()));
      if (random.nextBoolean()) {
        builder.maxGap(random.nextInt(20));
      }
      if (steps >= 2 && random.nextInt(3) == 0) {
        int from = 1 + random.nextInt(steps - 1);
        int to = from + 1 + random.nextInt(steps - from);
        builder.exclude(Exclusion.between(from, to, EXCLUDED));
      }
    }
    return builder.build();
  }

  private static <T> T pick(SplittableRandom random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Up to nine events, timestamps 0..25 so that ties are common, every code possible. */
  static long[][] randomEvents(SplittableRandom random) {
    int n = random.nextInt(10);
    long[] times = new long[n];
    long[] codes = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = random.nextInt(26);
      codes[i] = random.nextInt(CODES);
    }
    return new long[][] {times, codes};
  }

  private static int[] ints(long[] values) {
    return Arrays.stream(values).mapToInt(v -> (int) v).toArray();
  }

  @Test
  void evaluateEqualsTheOracleForEveryPolicy() {
    qt().withFixedSeed(SEED)
        .withExamples(4000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              WindowFunnel funnel = randomFunnel(random, false);
              long[][] events = randomEvents(random);
              int[] codes = ints(events[1]);
              WindowFunnel.SubjectResult result = funnel.evaluate(events[0], codes);

              assertThat(result.level()).isEqualTo(Oracle.level(funnel, events[0], codes));
              assertValidChain(funnel, result.chain(), result.level());
            });
  }

  @Test
  void theGeneralKernelAgreesWithTheFastOneOnDefaultPolicies() {
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              WindowFunnel funnel = randomFunnel(random, true);
              long[][] events = randomEvents(random);
              int[] codes = ints(events[1]);

              assertThat(funnel.newKernel(false)).isInstanceOf(FastKernel.class);
              assertThat(feed(new GeneralKernel(funnel), funnel, events[0], codes))
                  .isEqualTo(feed(new FastKernel(funnel, false), funnel, events[0], codes));
            });
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

  private static void assertValidChain(WindowFunnel funnel, ImmutableLongArray chain, int level) {
    assertThat(chain.length()).isEqualTo(level);
    for (int i = 1; i < chain.length(); i++) {
      assertThat(chain.get(i)).isGreaterThanOrEqualTo(chain.get(i - 1));
      if (funnel.ties() == TiePolicy.STRICT_INCREASE) {
        assertThat(chain.get(i)).isGreaterThan(chain.get(i - 1));
      }
      if (funnel.maxGap().isPresent()) {
        assertThat(chain.get(i) - chain.get(i - 1)).isLessThanOrEqualTo(funnel.maxGap().getAsLong());
      }
    }
    if (level > 0) {
      assertThat(chain.get(level - 1) - chain.get(0)).isLessThanOrEqualTo(funnel.window());
    }
  }

  /** Events of several subjects: each row is subject, time, code. */
  private static List<long[]> randomLog(SplittableRandom random) {
    List<long[]> rows = new ArrayList<>();
    int subjects = 1 + random.nextInt(6);
    for (int s = 0; s < subjects; s++) {
      long id = random.nextInt(4) == 0 ? random.nextLong(Long.MAX_VALUE) : 1000 + s * 7L;
      long[][] events = randomEvents(random);
      for (int i = 0; i < events[0].length; i++) {
        rows.add(new long[] {id, events[0][i], events[1][i]});
      }
    }
    return rows;
  }

  private static EventBatch batch(List<long[]> rows, EventBatch.Layout layout) {
    long[] subjects = rows.stream().mapToLong(r -> r[0]).toArray();
    long[] times = rows.stream().mapToLong(r -> r[1]).toArray();
    int[] codes = rows.stream().mapToInt(r -> (int) r[2]).toArray();
    return switch (layout) {
      case GROUPED -> EventBatch.grouped(subjects, times, codes);
      case TIME_ORDERED -> EventBatch.timeOrdered(subjects, times, codes);
      case ARBITRARY -> EventBatch.arbitrary(subjects, times, codes);
    };
  }

  /** The oracle's counts for the rows as given: each subject's events in their row order. */
  private static LevelCounts expected(WindowFunnel funnel, List<long[]> rows) {
    long[] exactly = new long[funnel.steps() + 1];
    rows.stream()
        .mapToLong(r -> r[0])
        .distinct()
        .forEach(
            id -> {
              long[] times = rows.stream().filter(r -> r[0] == id).mapToLong(r -> r[1]).toArray();
              int[] codes = rows.stream().filter(r -> r[0] == id).mapToInt(r -> (int) r[2]).toArray();
              exactly[Oracle.level(funnel, times, codes)]++;
            });
    return LevelCounts.ofExactly(exactly);
  }

  @Test
  void everyLayoutAndThreadCountEqualsTheOracle() {
    qt().withFixedSeed(SEED)
        .withExamples(1500)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              WindowFunnel funnel = randomFunnel(random, random.nextBoolean());
              List<long[]> rows = randomLog(random);
              int threads = 1 + random.nextInt(3);

              List<long[]> grouped = new ArrayList<>(rows);
              grouped.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
              List<long[]> timeOrdered = new ArrayList<>(rows);
              timeOrdered.sort(Comparator.comparingLong(r -> r[1]));
              List<long[]> shuffled = new ArrayList<>(rows);
              java.util.Collections.shuffle(shuffled, new java.util.Random(seed));

              assertThat(run(funnel, batch(grouped, EventBatch.Layout.GROUPED), threads))
                  .isEqualTo(expected(funnel, grouped));
              assertThat(run(funnel, batch(timeOrdered, EventBatch.Layout.TIME_ORDERED), threads))
                  .isEqualTo(expected(funnel, timeOrdered));
              assertThat(run(funnel, batch(shuffled, EventBatch.Layout.ARBITRARY), threads))
                  .isEqualTo(expected(funnel, shuffled));
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

              assertThat(a.plus(b)).isEqualTo(run(funnel, batch(rows, EventBatch.Layout.ARBITRARY), 1));
              assertThat(a.plus(b)).isEqualTo(b.plus(a));
              assertThat(a.plus(empty)).isEqualTo(a);
              assertThat(a.plus(b).plus(a)).isEqualTo(a.plus(b.plus(a)));
              for (int step = 1; step <= funnel.steps(); step++) {
                assertThat(a.reachedAtLeast(step)).isLessThanOrEqualTo(a.reachedAtLeast(step - 1));
              }
            });
  }

  private static LevelCounts run(WindowFunnel funnel, EventBatch batch, int threads) {
    return funnel.aggregation().threads(threads).run(batch).counts();
  }
}
