package dev.funnel.metrics;

import com.google.common.base.MoreObjects;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A quantile of a survival curve with its confidence interval, such as the median sales cycle and
 * the range it is known to within: from {@link SurvivalCurve#quantile(double, double,
 * BandTransform)}. Each part is empty where the curve (or its band) never falls far enough, R's
 * {@code NA}. Immutable.
 */
public final class QuantileEstimate {
  private final double p;
  private final double confidence;
  private final BandTransform transform;
  private final Optional<Duration> estimate;
  private final Optional<Duration> lower;
  private final Optional<Duration> upper;

  QuantileEstimate(
      double p,
      double confidence,
      BandTransform transform,
      Optional<Duration> estimate,
      Optional<Duration> lower,
      Optional<Duration> upper) {
    this.p = p;
    this.confidence = confidence;
    this.transform = transform;
    this.estimate = estimate;
    this.lower = lower;
    this.upper = upper;
  }

  /** Returns which quantile: 0.5 for the median. */
  public double p() {
    return p;
  }

  /** Returns the confidence of the interval, such as 0.95. */
  public double confidence() {
    return confidence;
  }

  /** Returns the scale the band was built on. */
  public BandTransform transform() {
    return transform;
  }

  /** Returns the estimate, as {@link SurvivalCurve#quantile(double)}. */
  public Optional<Duration> estimate() {
    return estimate;
  }

  /** Returns the lower limit: where the lower band falls to 1 − p. */
  public Optional<Duration> lower() {
    return lower;
  }

  /** Returns the upper limit: where the upper band falls to 1 − p; often empty for a median. */
  public Optional<Duration> upper() {
    return upper;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof QuantileEstimate other
        && Double.compare(p, other.p) == 0
        && Double.compare(confidence, other.confidence) == 0
        && transform == other.transform
        && estimate.equals(other.estimate)
        && lower.equals(other.lower)
        && upper.equals(other.upper);
  }

  @Override
  public int hashCode() {
    return Objects.hash(p, confidence, transform, estimate, lower, upper);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("p", p)
        .add("estimate", estimate)
        .add("lower", lower)
        .add("upper", upper)
        .add("confidence", confidence)
        .add("transform", transform)
        .toString();
  }
}
