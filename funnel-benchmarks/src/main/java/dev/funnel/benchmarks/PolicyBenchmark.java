package dev.funnel.benchmarks;

import dev.funnel.events.Aggregation;
import dev.funnel.events.EventBatch;
import dev.funnel.events.Exclusion;
import dev.funnel.events.FunnelResult;
import dev.funnel.events.RepeatPolicy;
import dev.funnel.events.StepOrder;
import dev.funnel.events.TiePolicy;
import dev.funnel.events.WindowAnchor;
import dev.funnel.events.WindowFunnel;
import dev.funnel.metrics.DurationStats;
import dev.funnel.testkit.WindowFunnelOracle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Window funnels on the R1 workload, per policy and per layout, on one thread: what each policy and
 * each extra output costs against the default funnel. Before timing, the setup checks every
 * subject's level against the brute-force oracle of funnel-core's tests, which applies each policy
 * as its Javadoc defines it.
 *
 * <pre>{@code
 * ./mvnw -q -pl funnel-benchmarks -am package -DskipTests
 * java -jar funnel-benchmarks/target/benchmarks.jar PolicyBenchmark
 * java -jar funnel-benchmarks/target/benchmarks.jar PolicyBenchmark -p events=100000 -wi 0 -i 1 -r 100ms  # smoke
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class PolicyBenchmark {
  /** A funnel over R1's codes, and what is asked of the aggregation besides the level counts. */
  @SuppressWarnings("ImmutableEnumChecker") // its functions are stateless method references
  public enum Policy {
    /** Five steps, one-day window, default policies: the funnel of WindowFunnelBenchmark. */
    DEFAULT(b -> b),
    FIRST_ENTRY(b -> b.windowAnchor(WindowAnchor.FIRST_ENTRY)),
    STRICT_ORDER(b -> b.order(StepOrder.STRICT)),
    REPEATS_STOP(b -> b.repeats(RepeatPolicy.STOP)),
    REPEATS_RESTART(b -> b.repeats(RepeatPolicy.RESTART)),
    STRICT_INCREASE(b -> b.ties(TiePolicy.STRICT_INCREASE)),
    /** At most six hours between consecutive steps. */
    MAX_GAP(b -> b.maxGap(6 * 3_600)),
    /** Code 5, which no step uses, breaks a chain between steps 2 and 4. */
    EXCLUSION(b -> b.exclude(Exclusion.between(2, 4, 5))),
    /** Code 5 belongs to steps 2 and 3 as well: one event, several steps. */
    SHARED_CODES(null),
    /** The default funnel, with time to convert per step. */
    CONVERSION_TIMES(b -> b),
    /** The default funnel, with each subject's level and chain given to a listener. */
    SUBJECT_LEVELS(b -> b);

    private final Function<WindowFunnel.Builder, WindowFunnel.Builder> policy;

    Policy(Function<WindowFunnel.Builder, WindowFunnel.Builder> policy) {
      this.policy = policy;
    }

    WindowFunnel funnel() {
      WindowFunnel.Builder builder =
          WindowFunnel.builder().eventCodes(R1Workload.CODES).window(R1Workload.WINDOW);
      if (policy == null) {
        return builder.step(0).step(1, 5).step(2, 5).step(3).step(4).build();
      }
      return policy.apply(builder.step(0).step(1).step(2).step(3).step(4)).build();
    }
  }

  @Param({"10000000"})
  public int events;

  @Param({"GROUPED", "TIME_ORDERED", "ARBITRARY"})
  public EventBatch.Layout layout;

  @Param public Policy policy;

  private EventBatch batch;
  private WindowFunnel funnel;
  private int[] levels;

  @Setup
  public void setUp() {
    R1Workload grouped = R1Workload.generate(events, 42);
    batch = grouped.in(layout).batch(layout);
    funnel = policy.funnel();
    int[] expected = oracleLevels(funnel, grouped);
    levels = new int[expected.length];
    FunnelResult result = library();
    long[] expectedCounts = new long[funnel.steps() + 1];
    for (int level : expected) {
      expectedCounts[level]++;
    }
    WindowFunnelBenchmark.check("library, policy " + policy, expectedCounts, result.counts());
    if (policy == Policy.SUBJECT_LEVELS && !Arrays.equals(expected, levels)) {
      throw new IllegalStateException("the listener's levels disagree with the oracle's");
    }
    if (policy == Policy.CONVERSION_TIMES) {
      checkConversionTimes(result);
    }
  }

  /**
   * Each subject's level by brute force; R1's subjects are numbered 0, 1, 2, … in its grouped
   * order.
   */
  private static int[] oracleLevels(WindowFunnel funnel, R1Workload grouped) {
    int n = grouped.size();
    int[] levels = new int[(int) grouped.subjects[n - 1] + 1];
    for (int from = 0, to; from < n; from = to) {
      to = from;
      while (to < n && grouped.subjects[to] == grouped.subjects[from]) {
        to++;
      }
      levels[(int) grouped.subjects[from]] =
          WindowFunnelOracle.level(
              funnel,
              Arrays.copyOfRange(grouped.timestamps, from, to),
              Arrays.copyOfRange(grouped.codes, from, to));
    }
    return levels;
  }

  /**
   * Every subject at step s or beyond has one time to step s, and no chain is longer than the
   * window.
   */
  private void checkConversionTimes(FunnelResult result) {
    var times = result.conversionTimes().orElseThrow();
    for (int step = 2; step <= funnel.steps(); step++) {
      DurationStats toStep = times.toStep(step);
      if (toStep.count() != result.counts().reachedAtLeast(step)) {
        throw new IllegalStateException(
            "step "
                + step
                + ": "
                + toStep.count()
                + " times for "
                + result.counts().reachedAtLeast(step)
                + " subjects");
      }
    }
    Duration window = Duration.ofSeconds(funnel.window());
    if (times.endToEnd().max().map(max -> max.compareTo(window) > 0).orElse(false)) {
      throw new IllegalStateException(
          "a chain is longer than the window: " + times.endToEnd().max());
    }
  }

  @Benchmark
  public FunnelResult library() {
    Aggregation aggregation = funnel.aggregation();
    if (policy == Policy.CONVERSION_TIMES) {
      aggregation.conversionTimes(Duration.ofSeconds(1));
    } else if (policy == Policy.SUBJECT_LEVELS) {
      aggregation.subjects((subject, found) -> levels[(int) subject] = found.level());
    }
    return aggregation.run(batch);
  }
}
