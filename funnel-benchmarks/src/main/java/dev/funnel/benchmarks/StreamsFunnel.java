package dev.funnel.benchmarks;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The window funnel as a Java developer would write it with streams: group the events by subject,
 * sort each subject's events by time, and walk them with ClickHouse's algorithm (the latest start
 * of a chain per step). Written independently of the library, it is both a peer in the benchmarks
 * and the reference their answers are checked against.
 *
 * <p>Correct for steps with one code each and timestamps that do not tie within a subject, which is
 * what R1 generates.
 */
public final class StreamsFunnel {
  private StreamsFunnel() {}

  /** Returns the number of subjects at each level, 0 to {@code steps}. */
  public static long[] levels(
      long[] subjects, long[] timestamps, int[] codes, int steps, long window) {
    Map<Long, List<long[]>> bySubject =
        IntStream.range(0, codes.length)
            .boxed()
            .collect(
                Collectors.groupingBy(
                    i -> subjects[i],
                    Collectors.mapping(
                        i -> new long[] {timestamps[i], codes[i]}, Collectors.toList())));
    long[] counts = new long[steps + 1];
    bySubject.values().stream()
        .mapToInt(events -> level(events, steps, window))
        .forEach(level -> counts[level]++);
    return counts;
  }

  private static int level(List<long[]> events, int steps, long window) {
    events.sort(Comparator.comparingLong(e -> e[0]));
    long[] start = new long[steps];
    Arrays.fill(start, -1);
    int level = 0;
    for (long[] event : events) {
      int step = (int) event[1];
      if (step >= steps) {
        continue;
      }
      if (step == 0) {
        start[0] = event[0];
      } else if (start[step - 1] >= 0 && event[0] - start[step - 1] <= window) {
        start[step] = start[step - 1];
      } else {
        continue;
      }
      level = Math.max(level, step + 1);
    }
    return level;
  }
}
