package dev.funnel.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The window-funnel level by brute force: every chain is tried, and each policy is applied as its
 * Javadoc defines it, without any of the kernels' bookkeeping. Exponential: for small inputs only.
 */
final class Oracle {
  private Oracle() {}

  private record Event(long time, int steps, int exclusions, int rank, int code, int index) {}

  /** Returns the level of one subject whose events are given in input order. */
  static int level(WindowFunnel funnel, long[] times, int[] codes) {
    return level(funnel, times, codes, false);
  }

  /**
   * Returns the level of one subject; with {@code tiesByCode}, equal timestamps with equal lowest
   * step are ordered by code before input position (the order of merged partial states).
   */
  static int level(WindowFunnel funnel, long[] times, int[] codes, boolean tiesByCode) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      int steps = stepMask(funnel, codes[i]);
      int exclusions = exclusionMask(funnel, codes[i]);
      if ((steps | exclusions) != 0) {
        int rank = steps != 0 ? Integer.numberOfTrailingZeros(steps) : funnel.steps();
        events.add(new Event(times[i], steps, exclusions, rank, codes[i], i));
      }
    }
    events.sort(
        Comparator.comparingLong(Event::time)
            .thenComparingInt(Event::rank)
            .thenComparingInt(e -> tiesByCode ? e.code() : 0)
            .thenComparingInt(Event::index));
    switch (funnel.repeats()) {
      case IGNORE:
        return best(funnel, events);
      case STOP:
        for (int p = 0; p < events.size(); p++) {
          int level = best(funnel, events.subList(0, p));
          if (repeatsAReachedStep(events.get(p), level)) {
            return level;
          }
        }
        return best(funnel, events);
      case RESTART:
        int result = 0;
        int segment = 0;
        for (int p = 0; p < events.size(); p++) {
          int level = best(funnel, events.subList(segment, p));
          if (repeatsAReachedStep(events.get(p), level)) {
            result = Math.max(result, level);
            segment = p;
          }
        }
        return Math.max(result, best(funnel, events.subList(segment, events.size())));
      default:
        throw new AssertionError();
    }
  }

  /** A repeat: the event matches a step s ≥ 2 with s ≤ the level reached before it. */
  private static boolean repeatsAReachedStep(Event event, int level) {
    for (int s = 2; s <= level; s++) {
      if ((event.steps() & (1 << (s - 1))) != 0) {
        return true;
      }
    }
    return false;
  }

  private static int best(WindowFunnel funnel, List<Event> events) {
    int best = 0;
    boolean anchored = false;
    for (int first = 0; first < events.size(); first++) {
      if ((events.get(first).steps() & 1) == 0) {
        continue;
      }
      if (funnel.windowAnchor() == WindowAnchor.FIRST_ENTRY && anchored) {
        break;
      }
      anchored = true;
      int[] chain = new int[funnel.steps()];
      chain[0] = first;
      best = Math.max(best, extend(funnel, events, chain, 1));
    }
    return best;
  }

  /** Returns the longest valid chain that starts with {@code chain[0..length)}. */
  private static int extend(WindowFunnel funnel, List<Event> events, int[] chain, int length) {
    if (length == funnel.steps()) {
      return length;
    }
    int best = length;
    Event first = events.get(chain[0]);
    Event last = events.get(chain[length - 1]);
    int from = chain[length - 1] + 1;
    for (int p = from; p < events.size(); p++) {
      Event e = events.get(p);
      if (funnel.order() == StepOrder.STRICT && p > from && hasTrackedBetween(events, from, p)) {
        break;
      }
      if ((e.steps() & (1 << length)) == 0) {
        continue;
      }
      if (e.time() - first.time() > funnel.window()) {
        continue;
      }
      if (funnel.maxGap().isPresent() && e.time() - last.time() > funnel.maxGap().getAsLong()) {
        continue;
      }
      if (funnel.ties() == TiePolicy.STRICT_INCREASE && e.time() <= last.time()) {
        continue;
      }
      chain[length] = p;
      if (!excluded(funnel, events, chain, length + 1)) {
        best = Math.max(best, extend(funnel, events, chain, length + 1));
      }
    }
    return best;
  }

  private static boolean hasTrackedBetween(List<Event> events, int from, int to) {
    for (int q = from; q < to; q++) {
      if (events.get(q).steps() != 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether the chain of {@code length} steps has an excluding event between two of its steps. */
  private static boolean excluded(WindowFunnel funnel, List<Event> events, int[] chain, int length) {
    for (int x = 0; x < funnel.exclusions().size(); x++) {
      Exclusion exclusion = funnel.exclusions().get(x);
      if (exclusion.toStep() > length) {
        continue;
      }
      for (int q = chain[exclusion.fromStep() - 1] + 1; q < chain[exclusion.toStep() - 1]; q++) {
        if ((events.get(q).exclusions() & (1 << x)) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int stepMask(WindowFunnel funnel, int code) {
    int mask = 0;
    for (int s = 0; s < funnel.steps(); s++) {
      if (funnel.stepCodes().get(s).contains(code)) {
        mask |= 1 << s;
      }
    }
    return mask;
  }

  private static int exclusionMask(WindowFunnel funnel, int code) {
    int mask = 0;
    for (int x = 0; x < funnel.exclusions().size(); x++) {
      if (funnel.exclusions().get(x).codes().contains(code)) {
        mask |= 1 << x;
      }
    }
    return mask;
  }
}
