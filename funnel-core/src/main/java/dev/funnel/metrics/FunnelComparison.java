package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Two funnels compared step by step and overall; see {@link Comparisons#funnels}. Comparing many
 * steps at once raises the chance that one of them looks significant by luck, so each step's
 * p-value is also given corrected for the others ({@link #correction()}, Holm's by default), and a
 * step is significant only by its corrected p-value.
 *
 * <p>Immutable and thread-safe.
 */
public final class FunnelComparison {
  private final ImmutableList<StepVerdict> steps;
  private final Verdict overall;
  private final Correction correction;

  FunnelComparison(List<StepVerdict> steps, Verdict overall, Correction correction) {
    this.steps = ImmutableList.copyOf(requireNonNull(steps, "steps"));
    this.overall = requireNonNull(overall, "overall");
    this.correction = requireNonNull(correction, "correction");
  }

  /** Returns how the steps' p-values were corrected for being compared together. */
  public Correction correction() {
    return correction;
  }

  /**
   * Returns a verdict per step below the top on the conversion from the step before (the nearest
   * required one; steps whose base either variant never reached are left out).
   */
  public ImmutableList<StepVerdict> steps() {
    return steps;
  }

  /** Returns the verdict on the conversion from the top step to the last. */
  public Verdict overall() {
    return overall;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FunnelComparison other
        && steps.equals(other.steps)
        && overall.equals(other.overall)
        && correction == other.correction;
  }

  @Override
  public int hashCode() {
    return Objects.hash(steps, overall, correction);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("steps", steps)
        .add("overall", overall)
        .add("correction", correction)
        .toString();
  }

  /** The verdict on one step. Immutable. */
  public static final class StepVerdict {
    private final String step;
    private final Verdict verdict;
    private final double adjustedPValue;

    StepVerdict(String step, Verdict verdict, double adjustedPValue) {
      this.step = requireNonNull(step, "step");
      this.verdict = requireNonNull(verdict, "verdict");
      this.adjustedPValue = adjustedPValue;
    }

    /** Returns the step's p-value corrected for the other steps compared with it. */
    public double adjustedPValue() {
      return adjustedPValue;
    }

    /** Returns whether the step differs by its corrected p-value at the comparison's α. */
    public boolean isSignificant() {
      return adjustedPValue <= verdict.alpha();
    }

    /** Returns the step's name. */
    public String step() {
      return step;
    }

    /** Returns the comparison of the conversion into it from the step before. */
    public Verdict verdict() {
      return verdict;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof StepVerdict other
          && step.equals(other.step)
          && verdict.equals(other.verdict)
          && Double.compare(adjustedPValue, other.adjustedPValue) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, verdict, adjustedPValue);
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT, "%s: %s, corrected p = %.4g", step, verdict, adjustedPValue);
    }
  }
}
