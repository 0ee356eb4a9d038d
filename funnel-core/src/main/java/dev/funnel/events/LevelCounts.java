package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.primitives.ImmutableLongArray;
import dev.funnel.metrics.FunnelCounts;
import java.util.List;

/**
 * How many subjects reached each level of a window funnel: exactly, and at least.
 *
 * <p>Mergeable like Caffeine's {@code CacheStats}: when partitions hold disjoint subjects, the
 * counts of the whole are the {@link #plus} of the parts, and {@link #empty} is the identity.
 * {@link #toFunnelCounts} feeds them to the conversion reports of {@code dev.funnel.metrics}.
 *
 * <p>Immutable and thread-safe.
 */
public final class LevelCounts {
  private final ImmutableLongArray exactly;

  private LevelCounts(ImmutableLongArray exactly) {
    this.exactly = exactly;
  }

  /** Returns zero counts for a funnel of {@code steps} steps. */
  public static LevelCounts empty(int steps) {
    checkArgument(steps >= 1, "steps must be at least 1: %s", steps);
    return new LevelCounts(ImmutableLongArray.copyOf(new long[steps + 1]));
  }

  /**
   * Returns counts given as the number of subjects at each level exactly, level 0 first.
   *
   * @throws IllegalArgumentException if fewer than two counts are given or one is negative
   */
  public static LevelCounts ofExactly(long... subjectsPerLevel) {
    requireNonNull(subjectsPerLevel, "subjectsPerLevel");
    checkArgument(subjectsPerLevel.length >= 2, "need counts for levels 0 to at least 1");
    for (int level = 0; level < subjectsPerLevel.length; level++) {
      checkArgument(
          subjectsPerLevel[level] >= 0,
          "count of level %s must not be negative: %s",
          level,
          subjectsPerLevel[level]);
    }
    return new LevelCounts(ImmutableLongArray.copyOf(subjectsPerLevel));
  }

  /** Returns the number of steps of the funnel. */
  public int steps() {
    return exactly.length() - 1;
  }

  /** Returns how many subjects reached exactly {@code level} (0 = not even step 1). */
  public long exactly(int level) {
    checkLevel(level);
    return exactly.get(level);
  }

  /** Returns how many subjects reached step {@code step} or beyond (step 0 = all subjects). */
  public long reachedAtLeast(int step) {
    checkLevel(step);
    long sum = 0;
    for (int level = step; level < exactly.length(); level++) {
      sum += exactly.get(level);
    }
    return sum;
  }

  /** Returns the number of subjects counted. */
  public long subjects() {
    return reachedAtLeast(0);
  }

  /**
   * Returns the sum of these counts and {@code other}'s, for partitions with disjoint subjects.
   *
   * @throws IllegalArgumentException if the numbers of steps differ
   * @throws ArithmeticException if a sum overflows
   */
  public LevelCounts plus(LevelCounts other) {
    requireNonNull(other, "other");
    checkArgument(
        steps() == other.steps(),
        "cannot add counts of a %s-step funnel to a %s-step one",
        other.steps(),
        steps());
    long[] sum = new long[exactly.length()];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = Math.addExact(exactly.get(i), other.exactly.get(i));
    }
    return new LevelCounts(ImmutableLongArray.copyOf(sum));
  }

  /**
   * Returns "reached at least" per step as funnel counts with the given step names, for the
   * conversion reports of {@code dev.funnel.metrics}.
   *
   * @throws IllegalArgumentException if the number of names differs from the number of steps
   */
  public FunnelCounts toFunnelCounts(List<String> stepNames) {
    requireNonNull(stepNames, "stepNames");
    checkArgument(stepNames.size() == steps(), "%s names for %s steps", stepNames.size(), steps());
    long[] reached = new long[steps()];
    for (int step = 1; step <= steps(); step++) {
      reached[step - 1] = reachedAtLeast(step);
    }
    return FunnelCounts.of(stepNames, reached);
  }

  private void checkLevel(int level) {
    checkArgument(level >= 0 && level <= steps(), "level %s is outside [0, %s]", level, steps());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LevelCounts other && exactly.equals(other.exactly);
  }

  @Override
  public int hashCode() {
    return exactly.hashCode();
  }

  @Override
  public String toString() {
    return "LevelCounts" + exactly;
  }
}
