package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.MoreObjects;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * An anytime-valid interval: a confidence sequence that may be looked at every day, and the test
 * stopped whenever it excludes zero, without the false positive rate rising above α. GrowthBook's
 * sequential testing, which follows the asymptotic confidence sequences of Waudby-Smith et al.
 * (2023, arXiv:2103.06476): with n the trials of both variants together and σ²/n the variance of
 * the estimate, the half-width is {@code σ·√(2(nρ² + 1)/(n²ρ²) · ln(√(nρ² + 1)/α))}, and ρ is tuned
 * to be narrowest near {@code tuning} trials: {@code ρ = √((−2 ln α + ln(−2 ln α + 1)) / tuning)},
 * with GrowthBook's default {@value #DEFAULT_TUNING}. The p-value is the reciprocal of the e-value
 * {@code exp(ρ²·n·(estimate/se)²/(2(nρ² + 1))) / √(nρ² + 1)}, at most 1.
 *
 * <p>The intervals are wider than fixed-sample ones at every n: that is the price of looking. Being
 * asymptotic, they need rates away from 0 and 1 (a rate of 0 or 1 has no spread, and its interval
 * collapses to the point). Immutable.
 */
public final class ConfidenceSequence {
  /** GrowthBook's default tuning: the interval is narrowest near 5,000 trials. */
  public static final double DEFAULT_TUNING = 5000;

  private final double estimate;
  private final double lower;
  private final double upper;
  private final OptionalDouble pValue;
  private final double alpha;
  private final double tuning;

  private ConfidenceSequence(
      double estimate, double halfWidth, OptionalDouble pValue, double alpha, double tuning) {
    this.estimate = estimate;
    this.lower = estimate - halfWidth;
    this.upper = estimate + halfWidth;
    this.pValue = pValue;
    this.alpha = alpha;
    this.tuning = tuning;
  }

  /**
   * Returns the anytime-valid interval of one conversion rate, tuned for {@link #DEFAULT_TUNING}.
   *
   * @throws IllegalArgumentException if a count is invalid or alpha is not strictly between 0 and 1
   */
  public static ConfidenceSequence rate(long successes, long trials, double alpha) {
    return rate(successes, trials, alpha, DEFAULT_TUNING);
  }

  /**
   * Returns the anytime-valid interval of one conversion rate, narrowest near {@code tuning}
   * trials.
   *
   * @throws IllegalArgumentException if a count is invalid, alpha is not strictly between 0 and 1,
   *     or the tuning is not positive
   */
  public static ConfidenceSequence rate(long successes, long trials, double alpha, double tuning) {
    Comparisons.checkCounts("the rate", successes, trials);
    double rho = rho(alpha, tuning);
    double p = (double) successes / trials;
    double sigma = Math.sqrt(p * (1 - p));
    return new ConfidenceSequence(
        p, halfWidth(sigma, (double) trials, rho, alpha), OptionalDouble.empty(), alpha, tuning);
  }

  /**
   * Returns the anytime-valid interval and p-value of B's rate minus A's, tuned for {@link
   * #DEFAULT_TUNING}.
   *
   * @throws IllegalArgumentException if a count is invalid or alpha is not strictly between 0 and 1
   */
  public static ConfidenceSequence difference(
      long successesA, long trialsA, long successesB, long trialsB, double alpha) {
    return difference(successesA, trialsA, successesB, trialsB, alpha, DEFAULT_TUNING);
  }

  /**
   * Returns the anytime-valid interval and p-value of B's rate minus A's, with the unpooled
   * variance {@code pA(1 − pA)/nA + pB(1 − pB)/nB}, narrowest near {@code tuning} trials in all.
   *
   * @throws IllegalArgumentException if a count is invalid, alpha is not strictly between 0 and 1,
   *     or the tuning is not positive
   */
  public static ConfidenceSequence difference(
      long successesA, long trialsA, long successesB, long trialsB, double alpha, double tuning) {
    Comparisons.checkCounts("A", successesA, trialsA);
    Comparisons.checkCounts("B", successesB, trialsB);
    double pA = (double) successesA / trialsA;
    double pB = (double) successesB / trialsB;
    double variance = pA * (1 - pA) / trialsA + pB * (1 - pB) / trialsB;
    return compared(pB - pA, variance, (double) trialsA + trialsB, alpha, tuning);
  }

  /**
   * Returns the anytime-valid interval and p-value of B's relative lift, {@code pB / pA − 1}, with
   * the delta-method variance {@code pB(1 − pB)/(pA²·nB) + pA(1 − pA)·pB²/(pA⁴·nA)}: GrowthBook's
   * default ("relative") difference, tuned for {@link #DEFAULT_TUNING}.
   *
   * @throws IllegalArgumentException if a count is invalid, A has no successes, or alpha is not
   *     strictly between 0 and 1
   */
  public static ConfidenceSequence relativeLift(
      long successesA, long trialsA, long successesB, long trialsB, double alpha) {
    return relativeLift(successesA, trialsA, successesB, trialsB, alpha, DEFAULT_TUNING);
  }

  /**
   * Returns the anytime-valid interval and p-value of B's relative lift, narrowest near {@code
   * tuning} trials in all ({@link #relativeLift(long, long, long, long, double)} says how).
   *
   * @throws IllegalArgumentException if a count is invalid, A has no successes, alpha is not
   *     strictly between 0 and 1, or the tuning is not positive
   */
  public static ConfidenceSequence relativeLift(
      long successesA, long trialsA, long successesB, long trialsB, double alpha, double tuning) {
    Comparisons.checkCounts("A", successesA, trialsA);
    Comparisons.checkCounts("B", successesB, trialsB);
    checkArgument(
        successesA > 0, "a relative lift needs successes in A: %s of %s", successesA, trialsA);
    double pA = (double) successesA / trialsA;
    double pB = (double) successesB / trialsB;
    double variance =
        pB * (1 - pB) / (pA * pA * trialsB) + pA * (1 - pA) * pB * pB / (Math.pow(pA, 4) * trialsA);
    return compared(pB / pA - 1, variance, (double) trialsA + trialsB, alpha, tuning);
  }

  private static ConfidenceSequence compared(
      double estimate, double variance, double n, double alpha, double tuning) {
    double rho = rho(alpha, tuning);
    double spread = n * rho * rho + 1;
    double p = 1;
    if (variance > 0) {
      double z2 = estimate * estimate / variance;
      // The e-value in logs: its exponent overflows for a large effect, whose p-value is then 0.
      double logE = rho * rho * n * z2 / (2 * spread) - 0.5 * Math.log(spread);
      p = Math.min(1, Math.exp(-logE));
    }
    double sigma = Math.sqrt(variance * n);
    return new ConfidenceSequence(
        estimate, halfWidth(sigma, n, rho, alpha), OptionalDouble.of(p), alpha, tuning);
  }

  private static double rho(double alpha, double tuning) {
    checkArgument(alpha > 0 && alpha < 1, "alpha must be strictly between 0 and 1: %s", alpha);
    checkArgument(tuning > 0 && Double.isFinite(tuning), "tuning must be positive: %s", tuning);
    double l = -2 * Math.log(alpha);
    return Math.sqrt((l + Math.log(l + 1)) / tuning);
  }

  private static double halfWidth(double sigma, double n, double rho, double alpha) {
    double spread = n * rho * rho + 1;
    return sigma
        * Math.sqrt(2 * spread * Math.log(Math.sqrt(spread) / alpha) / ((n * rho) * (n * rho)));
  }

  /** Returns the estimate: the rate, the difference B − A, or B's relative lift. */
  public double estimate() {
    return estimate;
  }

  /** Returns the lower limit; a difference or lift is significant when it is above 0. */
  public double lower() {
    return lower;
  }

  /** Returns the upper limit; a difference or lift is significant (negative) when it is below 0. */
  public double upper() {
    return upper;
  }

  /** Returns the anytime-valid p-value of "no difference"; empty for a single rate. */
  public OptionalDouble pValue() {
    return pValue;
  }

  /** Returns α. */
  public double alpha() {
    return alpha;
  }

  /** Returns the number of trials the interval is narrowest near. */
  public double tuning() {
    return tuning;
  }

  /** Returns whether the interval excludes 0: may be acted on now, and at any later look. */
  public boolean isSignificant() {
    return pValue.isPresent() && (lower > 0 || upper < 0);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ConfidenceSequence other
        && Double.compare(estimate, other.estimate) == 0
        && Double.compare(lower, other.lower) == 0
        && Double.compare(upper, other.upper) == 0
        && pValue.equals(other.pValue)
        && Double.compare(alpha, other.alpha) == 0
        && Double.compare(tuning, other.tuning) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(estimate, lower, upper, pValue, alpha, tuning);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("estimate", estimate)
        .add("lower", lower)
        .add("upper", upper)
        .add("pValue", pValue)
        .add("alpha", alpha)
        .add("tuning", tuning)
        .toString();
  }
}
