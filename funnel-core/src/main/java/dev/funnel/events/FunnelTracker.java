package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Follows a live event stream and keeps every subject's level up to date, one event at a time: the
 * real-time monitoring of a funnel. {@link #snapshot()} gives the counts at any moment, in time
 * proportional to the number of steps.
 *
 * <pre>{@code
 * FunnelTracker tracker = funnel.newTracker();
 * tracker.accept(userId, timestamp, code);   // as events arrive
 * tracker.snapshot().reachedAtLeast(3);       // whenever someone asks
 * }</pre>
 *
 * <p>Each subject's events must come in time order (different subjects may interleave freely).
 * Events with equal timestamps are re-sorted into chain order as they arrive, so the tracker gives
 * the same levels as {@link WindowFunnel#aggregate} on the same events.
 *
 * <p>Memory: the tracker keeps two kernels per subject (the state now, and the state before the
 * current timestamp, to re-sort ties): 342 bytes per subject were measured for a five-step funnel
 * ({@code funnel-benchmarks/RESULTS.md}). Subjects are never forgotten, so memory grows with the
 * number of distinct subjects. Not thread-safe: feed and query it from one thread, or guard it.
 */
public final class FunnelTracker {
  private static final class Subject {
    final Kernel kernel;
    // Made at the subject's first event with a new timestamp: most subjects never tie.
    @Nullable Kernel beforeTies;
    long lastTime;
    long groupTime = -1;
    int[] groupCodes = new int[2];
    int groupSize;

    Subject(Kernel kernel) {
      this.kernel = kernel;
    }
  }

  private final WindowFunnel funnel;
  private final LongIntHashMap ids = new LongIntHashMap(1024);
  private final List<Subject> subjects = new ArrayList<>();
  private final long[] counts;

  FunnelTracker(WindowFunnel funnel) {
    this.funnel = funnel;
    this.counts = new long[funnel.steps() + 1];
  }

  /**
   * Takes the next event of a subject.
   *
   * @throws IllegalArgumentException if the code is outside the declared range, the timestamp is
   *     negative, or it is earlier than the subject's previous event; nothing is changed then
   */
  public void accept(long subject, long time, int code) {
    checkArgument(
        code >= 0 && code < funnel.eventCodes(),
        "event code %s is outside the declared range [0, %s)",
        code,
        funnel.eventCodes());
    checkArgument(time >= 0, "timestamp must not be negative: %s", time);
    int index = ids.find(subject);
    if (index >= 0) {
      long last = subjects.get(index).lastTime;
      checkArgument(
          time >= last,
          "timestamp %s of subject %s is before its previous event at %s",
          time,
          subject,
          last);
    } else {
      index = ids.indexOf(subject);
      subjects.add(new Subject(funnel.newKernel(false)));
      counts[0]++;
    }
    Subject state = subjects.get(index);
    state.lastTime = time;
    int steps = funnel.stepMasks()[code];
    int exclusions = funnel.exclusionMasks()[code];
    if ((steps | exclusions) == 0) {
      return;
    }
    int before = state.kernel.level();
    if (time != state.groupTime) {
      Kernel beforeTies = state.beforeTies;
      if (beforeTies == null) {
        beforeTies = funnel.newKernel(false);
        state.beforeTies = beforeTies;
      }
      beforeTies.copyFrom(state.kernel);
      state.groupTime = time;
      state.groupSize = 0;
      state.groupCodes = funnel.addToTieGroup(state.groupCodes, state.groupSize++, code);
      state.kernel.accept(time, steps, exclusions);
    } else {
      // An event with the same timestamp as the last: replay the group in chain order.
      state.groupCodes = funnel.addToTieGroup(state.groupCodes, state.groupSize++, code);
      // groupTime is set only after beforeTies, so a tie finds it made.
      state.kernel.copyFrom(requireNonNull(state.beforeTies));
      for (int i = 0; i < state.groupSize; i++) {
        int c = state.groupCodes[i];
        if (!state.kernel.accept(time, funnel.stepMasks()[c], funnel.exclusionMasks()[c])) {
          break;
        }
      }
    }
    int after = state.kernel.level();
    if (after != before) {
      counts[before]--;
      counts[after]++;
    }
  }

  /** Returns the subject's level now; 0 for a subject never seen. */
  public int level(long subject) {
    int index = ids.find(subject);
    return index < 0 ? 0 : subjects.get(index).kernel.level();
  }

  /** Returns the number of subjects seen; a {@code long}, as every count in the library. */
  public long subjects() {
    return subjects.size();
  }

  /** Returns the counts per level now, over every subject seen. */
  public LevelCounts snapshot() {
    return LevelCounts.ofExactly(counts.clone());
  }
}
