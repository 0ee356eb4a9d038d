package dev.funnel.metrics;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of Pearson's chi-square test that k variants convert at the same rate.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChiSquareResult {
  private final double statistic;
  private final int degreesOfFreedom;
  private final double pValue;
  private final double alpha;
  private final double smallestExpected;

  ChiSquareResult(
      double statistic,
      int degreesOfFreedom,
      double pValue,
      double alpha,
      double smallestExpected) {
    this.statistic = statistic;
    this.degreesOfFreedom = degreesOfFreedom;
    this.pValue = pValue;
    this.alpha = alpha;
    this.smallestExpected = smallestExpected;
  }

  /** Returns the smallest expected count of any cell if all variants converted alike. */
  public double smallestExpectedCount() {
    return smallestExpected;
  }

  /**
   * Returns whether an expected count is below 5, where χ² is a poor approximation (Cochran's rule,
   * the warning R's {@code chisq.test} gives): prefer {@link Comparisons#fisherExact} then.
   */
  public boolean hasSmallExpectedCounts() {
    return smallestExpected < 5;
  }

  /** Returns the chi-square statistic. */
  public double statistic() {
    return statistic;
  }

  /** Returns k − 1. */
  public int degreesOfFreedom() {
    return degreesOfFreedom;
  }

  /** Returns the probability of a statistic at least this large if the rates were equal. */
  public double pValue() {
    return pValue;
  }

  /** Returns the significance level. */
  public double alpha() {
    return alpha;
  }

  /** Returns whether the rates differ significantly: the p-value is below alpha. */
  public boolean isSignificant() {
    return pValue < alpha;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "χ² = %.3f, df = %d, p = %.4f, %s at α = %s",
        statistic,
        degreesOfFreedom,
        pValue,
        isSignificant() ? "significant" : "not significant",
        alpha);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ChiSquareResult other)) {
      return false;
    }
    return Double.compare(statistic, other.statistic) == 0
        && degreesOfFreedom == other.degreesOfFreedom
        && Double.compare(pValue, other.pValue) == 0
        && Double.compare(alpha, other.alpha) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(statistic, degreesOfFreedom, pValue, alpha);
  }
}
