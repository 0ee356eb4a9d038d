package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * What one engagement rule remembers about one lead. A repeatable rule without a window keeps one
 * running sum, carried forward by its decay; a once rule keeps the latest time; only a repeatable
 * rule with a window keeps times, and only those that can still fall inside it. Not thread-safe.
 */
final class RuleState {
  private final EngagementRule rule;
  private @Nullable Instant latest;
  private double sum;
  private double reference;
  // Only for a repeatable rule with a window.
  private final @Nullable PriorityQueue<Instant> inWindow;

  RuleState(EngagementRule rule) {
    this.rule = rule;
    this.inWindow = keepsTimes(rule) ? new PriorityQueue<>() : null;
  }

  /** Returns the state a snapshot remembers, checked by {@link #check} already. */
  RuleState(EngagementRule rule, TrackerSnapshot.RuleMemory memory) {
    this(rule);
    this.latest = memory.latest();
    this.sum = memory.sum();
    this.reference = memory.reference();
    if (inWindow != null) {
      inWindow.addAll(memory.times());
    }
  }

  private static boolean keepsTimes(EngagementRule rule) {
    return !rule.isOnce() && rule.window().isPresent();
  }

  /**
   * Checks that a memory fits the rule: only a repeatable rule with a window keeps times, and only
   * a repeatable rule without one keeps a sum.
   */
  static void check(EngagementRule rule, TrackerSnapshot.RuleMemory memory) {
    checkArgument(
        keepsTimes(rule) || memory.times().isEmpty(),
        "rule '%s' keeps no times, but its memory has %s",
        rule.name(),
        memory.times().size());
    boolean keepsSum = !rule.isOnce() && rule.window().isEmpty();
    checkArgument(
        keepsSum || (memory.sum() == 0 && memory.reference() == 0),
        "rule '%s' keeps no running sum, but its memory has the sum %s as of %s",
        rule.name(),
        memory.sum(),
        memory.reference());
  }

  /** Returns what this state remembers, for a snapshot. */
  TrackerSnapshot.RuleMemory memory() {
    List<Instant> times = new ArrayList<>();
    if (inWindow != null) {
      times.addAll(inWindow);
      times.sort(null);
    }
    return TrackerSnapshot.RuleMemory.of(requireNonNull(latest, "latest"), sum, reference, times);
  }

  void record(Instant time) {
    Instant before = latest;
    boolean first = before == null;
    Instant newest = before == null || time.isAfter(before) ? time : before;
    latest = newest;
    if (rule.isOnce()) {
      return;
    }
    if (inWindow != null) {
      inWindow.add(time);
      // Scores are never asked before the latest activity, so these can never count again.
      Instant expired = newest.minus(rule.window().get());
      // The time just added is after expired, so the queue never empties here.
      while (!requireNonNull(inWindow.peek()).isAfter(expired)) {
        inWindow.poll();
      }
      return;
    }
    Decay decay = rule.decay();
    double clock = decay.clock(time);
    if (first) {
      sum = rule.points();
      reference = clock;
    } else if (clock >= reference) {
      sum = sum * decay.kept(clock - reference) + rule.points();
      reference = clock;
    } else {
      sum += rule.points() * decay.kept(reference - clock);
    }
  }

  /** The rule's points at {@code now}, which is not before the latest recorded activity. */
  double value(Instant now) {
    Instant last = latest;
    if (last == null) {
      return 0;
    }
    Decay decay = rule.decay();
    // Activities at or before the cutoff are a whole window old or more.
    Instant cutoff = rule.window().map(now::minus).orElse(Instant.MIN);
    if (rule.isOnce()) {
      return last.isAfter(cutoff) ? rule.points() * decay.factor(last, now) : 0;
    }
    if (inWindow != null) {
      double total = 0;
      for (Instant time : inWindow) {
        if (time.isAfter(cutoff)) {
          total += rule.points() * decay.factor(time, now);
        }
      }
      return total;
    }
    return sum * decay.kept(decay.clock(now) - reference);
  }
}
