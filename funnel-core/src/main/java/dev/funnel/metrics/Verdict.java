package dev.funnel.metrics;

import java.util.Locale;

/**
 * The outcome of comparing two conversion rates, A and B: how much B differs, how sure that is,
 * and whether the difference is significant at the chosen level.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rateA the rate of A
 * @param rateB the rate of B
 * @param difference {@code rateB − rateA}
 * @param lower the lower bound of the confidence interval of the difference
 * @param upper the upper bound of the confidence interval of the difference
 * @param pValue the two-sided p-value of the test that the rates are equal
 * @param alpha the significance level; the interval's confidence is {@code 1 − alpha}
 * @param probabilityBBeatsA the Bayesian posterior probability that B's true rate is higher, with
 *     uniform Beta(1, 1) priors
 */
public record Verdict(
    double rateA,
    double rateB,
    double difference,
    double lower,
    double upper,
    double pValue,
    double alpha,
    double probabilityBBeatsA) {

  /** Returns whether the difference is significant: the p-value is below alpha. */
  public boolean isSignificant() {
    return pValue < alpha;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "B − A = %+.1f pts [%+.1f, %+.1f], p = %.4f, %s at α = %s; P(B > A) = %.1f%%",
        difference * 100,
        lower * 100,
        upper * 100,
        pValue,
        isSignificant() ? "significant" : "not significant",
        alpha,
        probabilityBBeatsA * 100);
  }
}
