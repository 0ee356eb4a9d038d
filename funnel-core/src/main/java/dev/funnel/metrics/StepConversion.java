package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of a {@link ConversionReport}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index the step's position, 0 for the top
 * @param step the step's name
 * @param count how many reached the step, at least
 * @param fromPrevious the share of the previous required step's subjects that reached this one
 *     (for the top step, its count out of itself)
 * @param fromFirst the share of the top step's subjects that reached this one
 * @param dropOff how many of the previous required step's subjects did not reach this one (0 at
 *     the top)
 * @param timeInStage how long subjects stayed in this step, when the report was built from lead
 *     histories
 */
public record StepConversion(
    int index,
    String step,
    long count,
    Proportion fromPrevious,
    Proportion fromFirst,
    long dropOff,
    Optional<DurationStats> timeInStage) {

  /** Validates that no component is null. */
  public StepConversion {
    requireNonNull(step, "step");
    requireNonNull(fromPrevious, "fromPrevious");
    requireNonNull(fromFirst, "fromFirst");
    requireNonNull(timeInStage, "timeInStage");
  }

  /** Returns the share of the previous step's subjects lost before this one: 1 − fromPrevious. */
  public OptionalDouble dropOffShare() {
    return fromPrevious.hasData()
        ? OptionalDouble.of(1 - fromPrevious.value().getAsDouble())
        : OptionalDouble.empty();
  }
}
