package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * A share of successes among trials (such as the leads of one stage that reached the next), with a
 * confidence interval.
 *
 * <p>With zero trials there is no data: {@link #value()} is empty, the interval is [0, 1], and
 * {@link #toString()} says {@code no data}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Proportion {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

  /** The confidence level used when none is given: 95 %. Fixed. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private final long successes;
  private final long trials;
  private final double confidence;
  private final IntervalMethod method;
  private final double lower;
  private final double upper;

  private Proportion(
      long successes, long trials, double confidence, IntervalMethod method, double[] bounds) {
    this.successes = successes;
    this.trials = trials;
    this.confidence = confidence;
    this.method = method;
    this.lower = bounds[0];
    this.upper = bounds[1];
  }

  /** Returns {@code successes / trials} with a 95 % Wilson interval. */
  public static Proportion of(long successes, long trials) {
    return of(successes, trials, DEFAULT_CONFIDENCE, IntervalMethod.WILSON);
  }

  /**
   * Returns {@code successes / trials} with an interval at the given confidence level.
   *
   * @throws IllegalArgumentException if a count is negative, successes exceed trials, or the
   *     confidence is not strictly between 0 and 1
   */
  public static Proportion of(
      long successes, long trials, double confidence, IntervalMethod method) {
    requireNonNull(method, "method");
    checkArgument(successes >= 0, "successes must not be negative: %s", successes);
    checkArgument(trials >= 0, "trials must not be negative: %s", trials);
    checkArgument(
        successes <= trials, "successes (%s) must not exceed trials (%s)", successes, trials);
    checkConfidence(confidence);
    return new Proportion(
        successes, trials, confidence, method, bounds(successes, trials, confidence, method));
  }

  static void checkConfidence(double confidence) {
    checkArgument(
        confidence > 0 && confidence < 1,
        "confidence level must be strictly between 0 and 1: %s",
        confidence);
  }

  /** Returns the two-sided standard normal quantile for the confidence level, e.g. 1.96 at 95 %. */
  static double zFor(double confidence) {
    return STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  static double standardNormalCdf(double x) {
    return STANDARD_NORMAL.cumulativeProbability(x);
  }

  static double standardNormalQuantile(double p) {
    return STANDARD_NORMAL.inverseCumulativeProbability(p);
  }

  private static double[] bounds(long k, long n, double confidence, IntervalMethod method) {
    if (n == 0) {
      return new double[] {0, 1};
    }
    double p = (double) k / n;
    double lower;
    double upper;
    if (method == IntervalMethod.WILSON) {
      double z = zFor(confidence);
      double z2 = z * z;
      double denominator = 1 + z2 / n;
      double centre = (p + z2 / (2.0 * n)) / denominator;
      double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
      lower = centre - half;
      upper = centre + half;
    } else {
      double tail = (1 - confidence) / 2;
      // At k = 0 and k = n the bound has a closed form: (1 − p)^n = tail, p^n = tail.
      double root = Math.log(tail) / n;
      lower = k == 0 ? 0 : k == n ? Math.exp(root) : BetaMath.quantileFromBelow(k, n - k + 1, tail);
      upper =
          k == n
              ? 1
              : k == 0 ? -Math.expm1(root) : BetaMath.upperQuantileFromAbove(k + 1, n - k, tail);
    }
    // Rounding must not push a bound past the estimate or outside [0, 1].
    lower = k == 0 ? 0 : Math.max(0, Math.min(lower, p));
    upper = k == n ? 1 : Math.min(1, Math.max(upper, p));
    return new double[] {lower, upper};
  }

  /** Returns the number of successes. */
  public long successes() {
    return successes;
  }

  /** Returns the number of trials. */
  public long trials() {
    return trials;
  }

  /** Returns whether there was at least one trial. */
  public boolean hasData() {
    return trials > 0;
  }

  /** Returns {@code successes / trials}, or empty when there were no trials. */
  public OptionalDouble value() {
    return trials == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) successes / trials);
  }

  /** Returns the lower bound of the interval (0 with no data). */
  public double lower() {
    return lower;
  }

  /** Returns the upper bound of the interval (1 with no data). */
  public double upper() {
    return upper;
  }

  /** Returns the confidence level of the interval. */
  public double confidence() {
    return confidence;
  }

  /** Returns how the interval was computed. */
  public IntervalMethod method() {
    return method;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Proportion other
        && successes == other.successes
        && trials == other.trials
        && confidence == other.confidence
        && method == other.method;
  }

  @Override
  public int hashCode() {
    return Objects.hash(successes, trials, confidence, method);
  }

  /** Returns, for example, {@code 57.1% [45.2%, 68.3%]}, or {@code no data}. */
  @Override
  public String toString() {
    if (!hasData()) {
      return "no data";
    }
    return String.format(
        Locale.ROOT,
        "%.1f%% [%.1f%%, %.1f%%]",
        value().getAsDouble() * 100,
        lower * 100,
        upper * 100);
  }
}
