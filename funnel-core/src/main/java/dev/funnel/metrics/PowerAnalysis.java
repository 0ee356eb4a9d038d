package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Planning an A/B test of two conversion rates before running it: how likely it is to detect a
 * given difference with n leads per variant, and how many leads per variant it needs for a given
 * power. The formulas are those of R's {@code power.prop.test} (two-sided, {@code strict = FALSE}):
 * with p̄ the mean of the two rates, {@code power = Φ((√n·|p₁ − p₂| − z₁₋α/₂·√(2p̄(1 − p̄))) /
 * √(p₁(1 − p₁) + p₂(1 − p₂)))}, and n the root of it, in closed form.
 */
public final class PowerAnalysis {
  private PowerAnalysis() {}

  /**
   * Returns the probability that a two-sided test at {@code alpha} finds the difference between
   * rates {@code p1} and {@code p2} with {@code n} leads in each variant.
   *
   * @throws IllegalArgumentException if a rate is not strictly between 0 and 1, the rates are
   *     equal, n is not positive, or alpha is not strictly between 0 and 1
   */
  public static double power(double n, double p1, double p2, double alpha) {
    checkRates(p1, p2);
    checkArgument(n > 0 && Double.isFinite(n), "n must be positive and finite: %s", n);
    checkArgument(alpha > 0 && alpha < 1, "alpha must be strictly between 0 and 1: %s", alpha);
    double z = Proportion.zFor(1 - alpha);
    return Proportion.standardNormalCdf(
        (Math.sqrt(n) * Math.abs(p1 - p2) - z * pooledSpread(p1, p2)) / spread(p1, p2));
  }

  /**
   * Returns the leads each variant needs for a two-sided test at {@code alpha} to find the
   * difference between rates {@code p1} and {@code p2} with probability {@code power}; not rounded
   * (round it up).
   *
   * @throws IllegalArgumentException if a rate is not strictly between 0 and 1, the rates are
   *     equal, or alpha or power is not strictly between 0 and 1
   */
  public static double sampleSize(double p1, double p2, double alpha, double power) {
    checkRates(p1, p2);
    checkArgument(alpha > 0 && alpha < 1, "alpha must be strictly between 0 and 1: %s", alpha);
    checkArgument(power > 0 && power < 1, "power must be strictly between 0 and 1: %s", power);
    double za = Proportion.zFor(1 - alpha);
    double zb = Proportion.standardNormalQuantile(power);
    double root = (za * pooledSpread(p1, p2) + zb * spread(p1, p2)) / Math.abs(p1 - p2);
    return root * root;
  }

  private static double pooledSpread(double p1, double p2) {
    return Math.sqrt((p1 + p2) * (2 - p1 - p2) / 2);
  }

  private static double spread(double p1, double p2) {
    return Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  }

  private static void checkRates(double p1, double p2) {
    checkArgument(p1 > 0 && p1 < 1, "p1 must be strictly between 0 and 1: %s", p1);
    checkArgument(p2 > 0 && p2 < 1, "p2 must be strictly between 0 and 1: %s", p2);
    checkArgument(p1 != p2, "the rates are equal (%s): there is no difference to find", p1);
  }
}
