package dev.funnel.metrics;

import java.util.Locale;

/**
 * The outcome of Pearson's chi-square test that k variants convert at the same rate.
 *
 * <p>Immutable and thread-safe.
 *
 * @param statistic the chi-square statistic
 * @param degreesOfFreedom k − 1
 * @param pValue the probability of a statistic at least this large if the rates were equal
 * @param alpha the significance level
 */
public record ChiSquareResult(double statistic, int degreesOfFreedom, double pValue, double alpha) {

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
}
