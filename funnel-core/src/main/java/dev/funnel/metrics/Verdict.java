package dev.funnel.metrics;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of comparing two conversion rates, A and B: how much B differs, how sure that is, and
 * whether the difference is significant at the chosen level.
 *
 * <p>Immutable and thread-safe.
 */
public final class Verdict {
  private final double rateA;
  private final double rateB;
  private final double difference;
  private final double lower;
  private final double upper;
  private final double pValue;
  private final double alpha;
  private final double probabilityBBeatsA;

  Verdict(
      double rateA,
      double rateB,
      double difference,
      double lower,
      double upper,
      double pValue,
      double alpha,
      double probabilityBBeatsA) {
    this.rateA = rateA;
    this.rateB = rateB;
    this.difference = difference;
    this.lower = lower;
    this.upper = upper;
    this.pValue = pValue;
    this.alpha = alpha;
    this.probabilityBBeatsA = probabilityBBeatsA;
  }

  /** Returns the rate of A. */
  public double rateA() {
    return rateA;
  }

  /** Returns the rate of B. */
  public double rateB() {
    return rateB;
  }

  /** Returns {@code rateB − rateA}. */
  public double difference() {
    return difference;
  }

  /** Returns the lower bound of the confidence interval of the difference. */
  public double lower() {
    return lower;
  }

  /** Returns the upper bound of the confidence interval of the difference. */
  public double upper() {
    return upper;
  }

  /** Returns the two-sided p-value of the test that the rates are equal. */
  public double pValue() {
    return pValue;
  }

  /** Returns the significance level; the interval's confidence is {@code 1 − alpha}. */
  public double alpha() {
    return alpha;
  }

  /**
   * Returns the Bayesian posterior probability that B's true rate is higher, with uniform Beta(1,
   * 1) priors .
   */
  public double probabilityBBeatsA() {
    return probabilityBBeatsA;
  }

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

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Verdict other)) {
      return false;
    }
    return Double.compare(rateA, other.rateA) == 0
        && Double.compare(rateB, other.rateB) == 0
        && Double.compare(difference, other.difference) == 0
        && Double.compare(lower, other.lower) == 0
        && Double.compare(upper, other.upper) == 0
        && Double.compare(pValue, other.pValue) == 0
        && Double.compare(alpha, other.alpha) == 0
        && Double.compare(probabilityBBeatsA, other.probabilityBBeatsA) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(rateA, rateB, difference, lower, upper, pValue, alpha, probabilityBBeatsA);
  }
}
