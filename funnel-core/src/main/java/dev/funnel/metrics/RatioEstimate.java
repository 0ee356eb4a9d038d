package dev.funnel.metrics;

import com.google.common.base.MoreObjects;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A ratio with its confidence interval, such as B's risk ratio (relative lift + 1) or odds ratio
 * against A: built on the log scale, so the interval is not symmetric around the estimate.
 * Immutable.
 */
public final class RatioEstimate {
  private final double estimate;
  private final double lower;
  private final double upper;
  private final double confidence;

  RatioEstimate(double estimate, double logStandardError, double z, double confidence) {
    this.estimate = estimate;
    this.lower = estimate * Math.exp(-z * logStandardError);
    this.upper = estimate * Math.exp(z * logStandardError);
    this.confidence = confidence;
  }

  /**
   * Returns the odds ratio {@code (a/b) / (c/d)} of a 2 × 2 table with Woolf's log interval, {@code
   * se(ln OR) = √(1/a + 1/b + 1/c + 1/d)}; the cells may be counts plus a prior.
   */
  static RatioEstimate woolf(double a, double b, double c, double d, double z, double confidence) {
    double se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
    return new RatioEstimate((a * d) / (b * c), se, z, confidence);
  }

  /** Returns the ratio. */
  public double estimate() {
    return estimate;
  }

  /** Returns the lower limit. */
  public double lower() {
    return lower;
  }

  /** Returns the upper limit. */
  public double upper() {
    return upper;
  }

  /** Returns the confidence of the interval, such as 0.95. */
  public double confidence() {
    return confidence;
  }

  /** Returns whether the interval excludes 1 (no difference). */
  public boolean excludesOne() {
    return lower > 1 || upper < 1;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RatioEstimate other
        && Double.compare(estimate, other.estimate) == 0
        && Double.compare(lower, other.lower) == 0
        && Double.compare(upper, other.upper) == 0
        && Double.compare(confidence, other.confidence) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(estimate, lower, upper, confidence);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("estimate", estimate)
        .add("lower", lower)
        .add("upper", upper)
        .add("confidence", confidence)
        .toString();
  }
}
