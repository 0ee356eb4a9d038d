package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Aggregating a grouped batch allocates nothing per event, whatever the policy: what it allocates
 * (the scan, the counts, the kernel's arrays) does not grow with the number of events.
 */
class AllocationTest {
  private static final int SUBJECTS = 20_000;
  private static final int EVENTS_PER_SUBJECT = 10;

  @SuppressWarnings("ImmutableEnumChecker") // its functions are stateless lambdas
  enum Policy {
    DEFAULT(b -> b),
    FIRST_ENTRY(b -> b.windowAnchor(WindowAnchor.FIRST_ENTRY)),
    REPEATS_RESTART(b -> b.repeats(RepeatPolicy.RESTART)),
    STRICT_ORDER(b -> b.order(StepOrder.STRICT)),
    STRICT_INCREASE(b -> b.ties(TiePolicy.STRICT_INCREASE)),
    MAX_GAP(b -> b.maxGap(600)),
    EXCLUSION(b -> b.exclude(Exclusion.between(1, 3, 5)));

    final UnaryOperator<WindowFunnel.Builder> policy;

    Policy(UnaryOperator<WindowFunnel.Builder> policy) {
      this.policy = policy;
    }
  }

  @ParameterizedTest
  @EnumSource(Policy.class)
  void aGroupedBatchAllocatesLessThanOneBytePerEvent(Policy policy) {
    com.sun.management.ThreadMXBean threads = hotSpotThreads();
    WindowFunnel funnel =
        policy
            .policy
            .apply(
                WindowFunnel.builder().eventCodes(6).step(0).step(1).step(2).step(3).window(3_600))
            .build();
    EventBatch batch = groupedBatch();
    long[] counts = null;
    long allocated = Long.MAX_VALUE;
    // The fewest bytes of three runs, so that a JIT compilation or a class loaded on the way
    // is not taken for the aggregation's own allocation.
    for (int run = 0; run < 3; run++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      LevelCounts result = funnel.aggregate(batch).counts();
      allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
      counts = new long[] {result.exactly(0), result.exactly(4)};
    }

    assertThat(counts[0] + counts[1])
        .as("some subjects reach nothing, some everything")
        .isLessThan(SUBJECTS);
    assertThat(allocated)
        .as("bytes allocated for %s events", batch.size())
        .isLessThan((long) batch.size());
  }

  private static com.sun.management.ThreadMXBean hotSpotThreads() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(
        threads instanceof com.sun.management.ThreadMXBean, "needs per-thread allocation counts");
    com.sun.management.ThreadMXBean hotSpot = (com.sun.management.ThreadMXBean) threads;
    assumeTrue(
        hotSpot.isThreadAllocatedMemorySupported() && hotSpot.isThreadAllocatedMemoryEnabled());
    return hotSpot;
  }

  /** Subjects with ten events each, a few minutes apart, codes 0 to 5 (5 belongs to no step). */
  private static EventBatch groupedBatch() {
    int n = SUBJECTS * EVENTS_PER_SUBJECT;
    long[] subjects = new long[n];
    long[] times = new long[n];
    int[] codes = new int[n];
    SplittableRandom random = new SplittableRandom(20261202L);
    for (int s = 0, i = 0; s < SUBJECTS; s++) {
      long time = random.nextLong(86_400);
      for (int k = 0; k < EVENTS_PER_SUBJECT; k++, i++) {
        time += random.nextInt(600);
        subjects[i] = s;
        times[i] = time;
        codes[i] = random.nextInt(6);
      }
    }
    return EventBatch.grouped(subjects, times, codes);
  }
}
