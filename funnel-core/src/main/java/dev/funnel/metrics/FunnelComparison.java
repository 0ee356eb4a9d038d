package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Two funnels compared step by step and overall; see {@link Comparisons#funnels}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param steps a verdict per step below the top on the conversion from the step before (the nearest
 *     required one; steps whose base either variant never reached are left out)
 * @param overall the verdict on the conversion from the top step to the last
 */
public record FunnelComparison(List<StepVerdict> steps, Verdict overall) {

  /** Copies the steps. */
  public FunnelComparison {
    steps = ImmutableList.copyOf(requireNonNull(steps, "steps"));
    requireNonNull(overall, "overall");
  }

  /**
   * The verdict on one step.
   *
   * @param step the step's name
   * @param verdict the comparison of the conversion into it from the step before
   */
  public record StepVerdict(String step, Verdict verdict) {
    /** Validates that no component is null. */
    public StepVerdict {
      requireNonNull(step, "step");
      requireNonNull(verdict, "verdict");
    }
  }
}
