package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One row of a {@link ConversionReport}.
 *
 * <p>Immutable and thread-safe.
 */
public final class StepConversion {
  private final int number;
  private final String step;
  private final long count;
  private final Proportion fromPrevious;
  private final Proportion fromFirst;
  private final long dropOff;
  private final Optional<DurationStats> timeInStage;

  StepConversion(
      int number,
      String step,
      long count,
      Proportion fromPrevious,
      Proportion fromFirst,
      long dropOff,
      Optional<DurationStats> timeInStage) {
    requireNonNull(step, "step");
    requireNonNull(fromPrevious, "fromPrevious");
    requireNonNull(fromFirst, "fromFirst");
    requireNonNull(timeInStage, "timeInStage");
    this.number = number;
    this.step = step;
    this.count = count;
    this.fromPrevious = fromPrevious;
    this.fromFirst = fromFirst;
    this.dropOff = dropOff;
    this.timeInStage = timeInStage;
  }

  /** Returns the step's number: 1 for the top, as everywhere in the library. */
  public int number() {
    return number;
  }

  /** Returns the step's name. */
  public String step() {
    return step;
  }

  /** Returns how many reached the step, at least. */
  public long count() {
    return count;
  }

  /**
   * Returns the share of the previous required step's subjects that reached this one (for the top
   * step, its count out of itself).
   */
  public Proportion fromPrevious() {
    return fromPrevious;
  }

  /** Returns the share of the top step's subjects that reached this one. */
  public Proportion fromFirst() {
    return fromFirst;
  }

  /**
   * Returns how many of the previous required step's subjects did not reach this one (0 at the
   * top).
   */
  public long dropOff() {
    return dropOff;
  }

  /**
   * Returns how long subjects stayed in this step, when the report was built from lead histories .
   */
  public Optional<DurationStats> timeInStage() {
    return timeInStage;
  }

  /** Returns the share of the previous step's subjects lost before this one: 1 − fromPrevious. */
  public OptionalDouble dropOffShare() {
    return fromPrevious.hasData()
        ? OptionalDouble.of(1 - fromPrevious.value().getAsDouble())
        : OptionalDouble.empty();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StepConversion other)) {
      return false;
    }
    return number == other.number
        && step.equals(other.step)
        && count == other.count
        && fromPrevious.equals(other.fromPrevious)
        && fromFirst.equals(other.fromFirst)
        && dropOff == other.dropOff
        && timeInStage.equals(other.timeInStage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(number, step, count, fromPrevious, fromFirst, dropOff, timeInStage);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("number", number)
        .add("step", step)
        .add("count", count)
        .add("fromPrevious", fromPrevious)
        .add("fromFirst", fromFirst)
        .add("dropOff", dropOff)
        .add("timeInStage", timeInStage)
        .toString();
  }
}
