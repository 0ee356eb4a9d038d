package dev.funnel.events;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Funnels and event logs derived from a seed, for the one test that needs them so: {@link
 * PortableStateTest} has a forked JVM rebuild the same cases from the seed alone. Property tests
 * draw from the test kit's generators, which shrink.
 */
final class SeededLogs {
  private static final int STEP_CODES = 5; // codes 0..4 may be steps
  private static final int EXCLUDED = 5; // code 5 is the exclusion code
  private static final int CODES = 7; // code 6 matches nothing

  private SeededLogs() {}

  /** A funnel of one to four steps (codes may overlap) with random policies. */
  static WindowFunnel randomFunnel(SplittableRandom random, boolean defaultsOnly) {
    WindowFunnel.Builder builder = WindowFunnel.builder().eventCodes(CODES);
    int steps = 1 + random.nextInt(4);
    for (int s = 0; s < steps; s++) {
      int first = random.nextInt(STEP_CODES);
      builder.step(
          random.nextInt(3) == 0
              ? new int[] {first, random.nextInt(STEP_CODES)}
              : new int[] {first});
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

  /** Up to nine events: {times, codes}, timestamps 0..25 so that ties are common. */
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

  /** Rows of subject, time, code for up to six subjects; ids are sometimes far apart. */
  static List<long[]> randomLog(SplittableRandom random) {
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

  static long[] column(List<long[]> rows, int c) {
    return rows.stream().mapToLong(r -> r[c]).toArray();
  }

  static int[] codes(List<long[]> rows) {
    return rows.stream().mapToInt(r -> (int) r[2]).toArray();
  }

  static EventBatch batch(List<long[]> rows, EventBatch.Layout layout) {
    long[] subjects = column(rows, 0);
    long[] times = column(rows, 1);
    int[] codes = codes(rows);
    return switch (layout) {
      case GROUPED -> EventBatch.grouped(subjects, times, codes);
      case TIME_ORDERED -> EventBatch.timeOrdered(subjects, times, codes);
      case ARBITRARY -> EventBatch.arbitrary(subjects, times, codes);
    };
  }
}
