package dev.funnel.scoring;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
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
    this.inWindow = !rule.isOnce() && rule.window().isPresent() ? new PriorityQueue<>() : null;
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
