package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A ratio of two sums over independent units, with its confidence interval by the delta method:
 * cost per customer (the sum of costs over the sum of customers, per campaign or per day), or a
 * step's conversion counted over sessions while the unit is the visitor, where the binomial
 * interval of the pooled rate would be too narrow. With x̄, ȳ the means of numerator and
 * denominator over the n units, {@code Var(x̄/ȳ) ≈ (s²ₓ/ȳ² − 2x̄·sₓᵧ/ȳ³ + x̄²·s²ᵧ/ȳ⁴) / n}, the
 * sample variances and covariance with n − 1 (Deng, Knoblich and Lu, "Applying the delta method in
 * metric analytics", KDD 2018); the interval is the estimate ± z·√Var. Immutable.
 */
public final class RatioMetric {
  private final double estimate;
  private final double standardError;
  private final double lower;
  private final double upper;
  private final double confidence;
  private final int units;

  private RatioMetric(
      double estimate, double standardError, double z, double confidence, int units) {
    this.estimate = estimate;
    this.standardError = standardError;
    this.lower = estimate - z * standardError;
    this.upper = estimate + z * standardError;
    this.confidence = confidence;
    this.units = units;
  }

  /**
   * Returns the ratio of the sums of {@code numerators} and {@code denominators}, one pair per
   * unit, with its interval.
   *
   * @throws IllegalArgumentException if the arrays differ in length, there are fewer than two
   *     units, a value is not finite, the denominators sum to 0, or the confidence is not strictly
   *     between 0 and 1
   */
  public static RatioMetric of(double[] numerators, double[] denominators, double confidence) {
    requireNonNull(numerators, "numerators");
    requireNonNull(denominators, "denominators");
    checkArgument(
        numerators.length == denominators.length,
        "%s numerators for %s denominators",
        numerators.length,
        denominators.length);
    int n = numerators.length;
    checkArgument(n >= 2, "a ratio's interval needs at least two units: %s", n);
    double z = BandTransform.z(confidence);
    double sumX = 0;
    double sumY = 0;
    for (int i = 0; i < n; i++) {
      checkArgument(
          Double.isFinite(numerators[i]) && Double.isFinite(denominators[i]),
          "unit %s has a value that is not finite: %s / %s",
          i,
          numerators[i],
          denominators[i]);
      sumX += numerators[i];
      sumY += denominators[i];
    }
    checkArgument(sumY != 0, "the denominators sum to 0: the ratio is undefined");
    double meanX = sumX / n;
    double meanY = sumY / n;
    double varX = 0;
    double varY = 0;
    double cov = 0;
    for (int i = 0; i < n; i++) {
      double dx = numerators[i] - meanX;
      double dy = denominators[i] - meanY;
      varX += dx * dx;
      varY += dy * dy;
      cov += dx * dy;
    }
    varX /= n - 1;
    varY /= n - 1;
    cov /= n - 1;
    double ratio = meanX / meanY;
    double variance =
        (varX / (meanY * meanY)
                - 2 * meanX * cov / Math.pow(meanY, 3)
                + meanX * meanX * varY / Math.pow(meanY, 4))
            / n;
    return new RatioMetric(ratio, Math.sqrt(Math.max(0, variance)), z, confidence, n);
  }

  /** Returns the ratio of the sums. */
  public double estimate() {
    return estimate;
  }

  /** Returns its standard error by the delta method. */
  public double standardError() {
    return standardError;
  }

  /** Returns the lower limit. */
  public double lower() {
    return lower;
  }

  /** Returns the upper limit. */
  public double upper() {
    return upper;
  }

  /** Returns the confidence of the interval. */
  public double confidence() {
    return confidence;
  }

  /** Returns the number of units. */
  public int units() {
    return units;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RatioMetric other
        && Double.compare(estimate, other.estimate) == 0
        && Double.compare(standardError, other.standardError) == 0
        && Double.compare(confidence, other.confidence) == 0
        && units == other.units;
  }

  @Override
  public int hashCode() {
    return Objects.hash(estimate, standardError, confidence, units);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("estimate", estimate)
        .add("lower", lower)
        .add("upper", upper)
        .add("units", units)
        .toString();
  }
}
