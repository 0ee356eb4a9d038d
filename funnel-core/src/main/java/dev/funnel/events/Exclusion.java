package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.primitives.ImmutableIntArray;

/**
 * Events that disqualify a chain when they happen between two of its steps, such as "cancelled the
 * trial" between sign-up and purchase.
 *
 * <p>A chain that reaches step {@code toStep} is invalid if an excluding event lies between its
 * step {@code fromStep} and its step {@code toStep}; the chain still counts for the steps before
 * {@code toStep}. Worked example, steps A → B → C with an exclusion of X between steps 1 and 3:
 * events A, X, B, C reach level 2. At equal timestamps an excluding event counts as after the step
 * events, so it never falls between steps with the same time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param codes the excluding event codes
 * @param fromStep the step after which the exclusion starts, 1-based
 * @param toStep the step before which it ends, 1-based, greater than {@code fromStep}
 */
public record Exclusion(ImmutableIntArray codes, int fromStep, int toStep) {

  /**
   * Validates the exclusion.
   *
   * @throws IllegalArgumentException if no code is given, a code is negative, or the steps are not
   *     1 ≤ fromStep &lt; toStep
   */
  public Exclusion {
    requireNonNull(codes, "codes");
    checkArgument(!codes.isEmpty(), "an exclusion needs at least one event code");
    codes.forEach(c -> checkArgument(c >= 0, "event code must not be negative: %s", c));
    checkArgument(
        fromStep >= 1 && toStep > fromStep,
        "an exclusion needs 1 ≤ fromStep < toStep, got %s and %s",
        fromStep,
        toStep);
  }

  /** Returns the exclusion of the given codes between steps {@code fromStep} and {@code toStep}. */
  public static Exclusion between(int fromStep, int toStep, int... codes) {
    return new Exclusion(
        ImmutableIntArray.copyOf(requireNonNull(codes, "codes")), fromStep, toStep);
  }
}
