package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.metrics.DurationStats;
import org.jspecify.annotations.Nullable;

/**
 * Time to convert per step of a window funnel, each subject measured on the one chain that reached
 * its level, so that every step's time comes from a consistent chain.
 *
 * <p>Equal when every statistic is. Immutable and thread-safe.
 */
public final class ConversionTimes {
  private final ImmutableList<DurationStats> toStep;
  private final DurationStats endToEnd;

  ConversionTimes(ImmutableList<DurationStats> toStep, DurationStats endToEnd) {
    this.toStep = toStep;
    this.endToEnd = endToEnd;
  }

  /**
   * Returns the time from step {@code step − 1} to step {@code step}, over the subjects that
   * reached it.
   *
   * @throws IllegalArgumentException if {@code step} is not between 2 and the number of steps
   */
  public DurationStats toStep(int step) {
    checkArgument(
        step >= 2 && step <= toStep.size() + 1,
        "step %s has no time to convert; steps 2 to %s do",
        step,
        toStep.size() + 1);
    return toStep.get(step - 2);
  }

  /** Returns the time from step 1 to the last step, over the subjects that reached the last. */
  public DurationStats endToEnd() {
    return endToEnd;
  }

  /** The times to each step, step 2 first. */
  ImmutableList<DurationStats> toSteps() {
    return toStep;
  }

  /** Returns these times and {@code other}'s, of other subjects of the same funnel, pooled. */
  ConversionTimes plus(ConversionTimes other) {
    checkArgument(
        toStep.size() == other.toStep.size(),
        "cannot pool times of a %s-step funnel with a %s-step one",
        other.toStep.size() + 1,
        toStep.size() + 1);
    ImmutableList.Builder<DurationStats> steps = ImmutableList.builder();
    for (int i = 0; i < toStep.size(); i++) {
      steps.add(toStep.get(i).plus(other.toStep.get(i)));
    }
    return new ConversionTimes(steps.build(), endToEnd.plus(other.endToEnd));
  }

  /** Returns whether {@code o} holds equal statistics for every step and end to end. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ConversionTimes other
        && toStep.equals(other.toStep)
        && endToEnd.equals(other.endToEnd);
  }

  @Override
  public int hashCode() {
    return toStep.hashCode() * 31 + endToEnd.hashCode();
  }

  @Override
  public String toString() {
    return "ConversionTimes[toStep=" + toStep + ", endToEnd=" + endToEnd + "]";
  }

  static ConversionTimes of(long[][] millisToStep, long[] endToEndMillis) {
    requireNonNull(millisToStep, "millisToStep");
    ImmutableList.Builder<DurationStats> steps = ImmutableList.builder();
    for (long[] millis : millisToStep) {
      steps.add(DurationStats.ofMillis(millis));
    }
    return new ConversionTimes(steps.build(), DurationStats.ofMillis(endToEndMillis));
  }
}
