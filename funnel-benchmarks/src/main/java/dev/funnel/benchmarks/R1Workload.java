package dev.funnel.benchmarks;

import dev.funnel.events.EventBatch;
import dev.funnel.events.WindowFunnel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The reference workload R1 of DESIGN.md §5, generated from a seed so that every contender sees the
 * same data: 10 million events by default, one million subjects, six event codes (0 to 4 are the
 * five steps, 5 is noise), a one-day window, default policies.
 *
 * <p>Each subject has between 1 and 19 events (10 on average) starting at a random second of a
 * 30-day period, spaced by at least one second (about two hours on average), so timestamps never
 * tie within a subject and every peer's straightforward semantics agree. An event continues the
 * subject's progress through the funnel half of the time and is a random code otherwise. Timestamps
 * are seconds, which ClickHouse's {@code windowFunnel} accepts as {@code UInt32}.
 *
 * <p>Arrays are in the grouped layout (by subject, then time); {@link #timeOrdered()} and {@link
 * #shuffled(long)} give the other two.
 */
public final class R1Workload {
  /** Event codes: 0 to 4 are steps 1 to 5, 5 matches no step. */
  public static final int CODES = 6;

  /** The funnel has five steps. */
  public static final int STEPS = 5;

  /** One day, in seconds. */
  public static final long WINDOW = 86_400;

  public final long[] subjects;
  public final long[] timestamps;
  public final int[] codes;

  R1Workload(long[] subjects, long[] timestamps, int[] codes) {
    this.subjects = subjects;
    this.timestamps = timestamps;
    this.codes = codes;
  }

  /** Generates {@code events} events over {@code events / 10} subjects. */
  public static R1Workload generate(int events, long seed) {
    int subjectCount = Math.max(1, events / 10);
    int mean = events / subjectCount;
    int[] perSubject = new int[subjectCount];
    Arrays.fill(perSubject, mean);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i + 1 < subjectCount; i += 2) {
      int delta = random.nextInt(Math.max(1, mean));
      perSubject[i] += delta;
      perSubject[i + 1] -= delta;
    }
    perSubject[subjectCount - 1] += events - mean * subjectCount;
    long[] subjects = new long[events];
    long[] timestamps = new long[events];
    int[] codes = new int[events];
    int e = 0;
    for (int s = 0; s < subjectCount; s++) {
      long time = random.nextLong(30L * 86_400);
      int progress = 0;
      for (int k = 0; k < perSubject[s]; k++) {
        time += 1 + (long) (-Math.log(1 - random.nextDouble()) * 7_200);
        int code = random.nextBoolean() ? Math.min(progress, STEPS) : random.nextInt(CODES);
        if (code == progress && progress < STEPS) {
          progress++;
        }
        subjects[e] = s;
        timestamps[e] = time;
        codes[e] = code;
        e++;
      }
    }
    return new R1Workload(subjects, timestamps, codes);
  }

  /** Returns the funnel of R1: steps 0 → 1 → 2 → 3 → 4, a one-day window, default policies. */
  public static WindowFunnel funnel() {
    return WindowFunnel.builder()
        .eventCodes(CODES)
        .step(0)
        .step(1)
        .step(2)
        .step(3)
        .step(4)
        .window(WINDOW)
        .build();
  }

  /** Returns the number of events. */
  public int size() {
    return codes.length;
  }

  /** Returns the same events as a global log: sorted by time, stable. */
  public R1Workload timeOrdered() {
    int n = size();
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      // Time in the high bits and the index in the low 28: one primitive sort, stable by index.
      keys[i] = (timestamps[i] << 28) | i;
    }
    Arrays.sort(keys);
    return permuted(Arrays.stream(keys).mapToInt(k -> (int) (k & ((1 << 28) - 1))).toArray());
  }

  /** Returns the same events in a random order. */
  public R1Workload shuffled(long seed) {
    int n = size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return permuted(order);
  }

  private R1Workload permuted(int[] order) {
    int n = size();
    long[] s = new long[n];
    long[] t = new long[n];
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = subjects[order[i]];
      t[i] = timestamps[order[i]];
      c[i] = codes[order[i]];
    }
    return new R1Workload(s, t, c);
  }

  /** Returns the events as a batch of the given layout. */
  public EventBatch batch(EventBatch.Layout layout) {
    return switch (layout) {
      case GROUPED -> EventBatch.grouped(subjects, timestamps, codes);
      case TIME_ORDERED -> EventBatch.timeOrdered(subjects, timestamps, codes);
      case ARBITRARY -> EventBatch.arbitrary(subjects, timestamps, codes);
    };
  }

  /** Returns the workload in the given layout (the grouped one is this). */
  public R1Workload in(EventBatch.Layout layout) {
    return switch (layout) {
      case GROUPED -> this;
      case TIME_ORDERED -> timeOrdered();
      case ARBITRARY -> shuffled(7);
    };
  }
}
