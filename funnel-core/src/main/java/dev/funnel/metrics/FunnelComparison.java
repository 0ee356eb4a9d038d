package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Two funnels compared step by step and overall; see {@link Comparisons#funnels}. A class rather
 * than a record so that it can grow (corrections for comparing many steps at once are planned)
 * without breaking callers.
 *
 * <p>Immutable and thread-safe.
 */
public final class FunnelComparison {
  private final ImmutableList<StepVerdict> steps;
  private final Verdict overall;

  FunnelComparison(List<StepVerdict> steps, Verdict overall) {
    this.steps = ImmutableList.copyOf(requireNonNull(steps, "steps"));
    this.overall = requireNonNull(overall, "overall");
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
        && overall.equals(other.overall);
  }

  @Override
  public int hashCode() {
    return Objects.hash(steps, overall);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this).add("steps", steps).add("overall", overall).toString();
  }

  /** The verdict on one step. Immutable. */
  public static final class StepVerdict {
    private final String step;
    private final Verdict verdict;

    StepVerdict(String step, Verdict verdict) {
      this.step = requireNonNull(step, "step");
      this.verdict = requireNonNull(verdict, "verdict");
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
          && verdict.equals(other.verdict);
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, verdict);
    }

    @Override
    public String toString() {
      return step + ": " + verdict;
    }
  }
}
