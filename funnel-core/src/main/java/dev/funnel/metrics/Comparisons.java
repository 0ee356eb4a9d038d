package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.hipparchus.distribution.continuous.ChiSquaredDistribution;
import org.hipparchus.special.Beta;

/**
 * Statistical comparisons of conversion rates, to "validate different strategies and find the
 * best one": two variants (A/B) by a two-proportion z-test with an interval on the difference
 * and the Bayesian probability that B beats A; k variants by a chi-square test.
 *
 * <p>All methods are pure functions: thread-safe, no state.
 */
public final class Comparisons {
  /** Above this many successes the exact Bayesian sum is replaced by a normal approximation. */
  private static final long EXACT_BAYES_LIMIT = 100_000;

  private Comparisons() {}

  /**
   * Compares B's rate {@code successesB / trialsB} with A's.
   *
   * <p>The p-value is that of the two-sided pooled two-proportion z-test. The interval of the
   * difference is Newcombe's hybrid score interval (his method 10, built from the Wilson
   * intervals of each rate), which behaves well near 0 and 1 where the Wald interval fails.
   *
   * @throws IllegalArgumentException if a count is negative, successes exceed trials, a variant
   *     has no trials, or alpha is not strictly between 0 and 1
   */
  public static Verdict twoProportions(
      long successesA, long trialsA, long successesB, long trialsB, double alpha) {
    checkCounts("A", successesA, trialsA);
    checkCounts("B", successesB, trialsB);
    checkAlpha(alpha);
    double pA = (double) successesA / trialsA;
    double pB = (double) successesB / trialsB;
    double pooled = (double) (successesA + successesB) / (trialsA + trialsB);
    double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
    double pValue =
        standardError == 0
            ? 1.0
            : 2 * Proportion.standardNormalCdf(-Math.abs(pB - pA) / standardError);
    Proportion a = Proportion.of(successesA, trialsA, 1 - alpha, IntervalMethod.WILSON);
    Proportion b = Proportion.of(successesB, trialsB, 1 - alpha, IntervalMethod.WILSON);
    double difference = pB - pA;
    double lower =
        difference
            - Math.sqrt(square(pB - b.lower()) + square(a.upper() - pA));
    double upper =
        difference
            + Math.sqrt(square(b.upper() - pB) + square(pA - a.lower()));
    return new Verdict(
        pA,
        pB,
        difference,
        lower,
        upper,
        Math.min(1.0, pValue),
        alpha,
        probabilityBBeatsA(successesA, trialsA, successesB, trialsB));
  }

  /**
   * Returns the posterior probability that B's true rate exceeds A's, with uniform Beta(1, 1)
   * priors: P(p_B &gt; p_A) for p_A ~ Beta(1 + s_A, 1 + f_A) and p_B ~ Beta(1 + s_B, 1 + f_B).
   *
   * <p>Exact (the closed-form sum for integer Beta parameters) up to {@value #EXACT_BAYES_LIMIT}
   * successes of B; above that a normal approximation of the two posteriors, whose error is then
   * far below anything a decision depends on.
   *
   * @throws IllegalArgumentException if a count is negative or successes exceed trials
   */
  public static double probabilityBBeatsA(
      long successesA, long trialsA, long successesB, long trialsB) {
    // No trials is legal here: the posterior is then the prior.
    checkCounts("A", successesA, trialsA, 0);
    checkCounts("B", successesB, trialsB, 0);
    double alphaA = 1.0 + successesA;
    double betaA = 1.0 + trialsA - successesA;
    double alphaB = 1.0 + successesB;
    double betaB = 1.0 + trialsB - successesB;
    if (successesB > EXACT_BAYES_LIMIT) {
      double meanA = alphaA / (alphaA + betaA);
      double meanB = alphaB / (alphaB + betaB);
      double varA = alphaA * betaA / (square(alphaA + betaA) * (alphaA + betaA + 1));
      double varB = alphaB * betaB / (square(alphaB + betaB) * (alphaB + betaB + 1));
      return Proportion.standardNormalCdf((meanB - meanA) / Math.sqrt(varA + varB));
    }
    // P(p_B > p_A) = Σ_{i=0}^{α_B−1} B(α_A + i, β_A + β_B) / ((β_B + i) B(1 + i, β_B) B(α_A, β_A))
    double total = 0;
    double logBetaA = Beta.logBeta(alphaA, betaA);
    for (int i = 0; i < (int) alphaB; i++) {
      total +=
          Math.exp(
              Beta.logBeta(alphaA + i, betaA + betaB)
                  - Math.log(betaB + i)
                  - Beta.logBeta(1 + i, betaB)
                  - logBetaA);
    }
    return Math.max(0, Math.min(1, total));
  }

  /**
   * Tests whether k variants convert at the same rate (Pearson's chi-square test of
   * independence on the k × 2 table of successes and failures).
   *
   * @throws IllegalArgumentException if fewer than two variants are given, the lists differ in
   *     length, a count is invalid, a variant has no trials, all or no trials succeeded (the test
   *     is undefined then), or alpha is not strictly between 0 and 1
   */
  public static ChiSquareResult chiSquare(List<Long> successes, List<Long> trials, double alpha) {
    ImmutableList<Long> s = ImmutableList.copyOf(requireNonNull(successes, "successes"));
    ImmutableList<Long> n = ImmutableList.copyOf(requireNonNull(trials, "trials"));
    checkArgument(s.size() >= 2, "chi-square needs at least two variants, got %s", s.size());
    checkArgument(
        s.size() == n.size(), "%s success counts for %s trial counts", s.size(), n.size());
    checkAlpha(alpha);
    long totalSuccesses = 0;
    long totalTrials = 0;
    for (int i = 0; i < s.size(); i++) {
      checkCounts("variant " + i, s.get(i), n.get(i));
      totalSuccesses += s.get(i);
      totalTrials += n.get(i);
    }
    checkArgument(
        totalSuccesses > 0 && totalSuccesses < totalTrials,
        "chi-square is undefined when every variant converts at 0%% or every one at 100%%:"
            + " %s of %s",
        totalSuccesses,
        totalTrials);
    double rate = (double) totalSuccesses / totalTrials;
    double statistic = 0;
    for (int i = 0; i < s.size(); i++) {
      double expectedSuccesses = n.get(i) * rate;
      double expectedFailures = n.get(i) * (1 - rate);
      statistic += square(s.get(i) - expectedSuccesses) / expectedSuccesses;
      statistic += square(n.get(i) - s.get(i) - expectedFailures) / expectedFailures;
    }
    int df = s.size() - 1;
    double pValue = 1 - new ChiSquaredDistribution(df).cumulativeProbability(statistic);
    return new ChiSquareResult(statistic, df, pValue, alpha);
  }

  /**
   * Compares two funnels over the same steps, step by step and overall.
   *
   * @throws IllegalArgumentException if the steps differ, the top step of either is empty, or
   *     alpha is not strictly between 0 and 1
   */
  public static FunnelComparison funnels(FunnelCounts a, FunnelCounts b, double alpha) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    checkArgument(
        a.hasSameStepsAs(b), "cannot compare funnels over different steps: %s and %s", a, b);
    checkAlpha(alpha);
    checkArgument(a.reached(0) > 0 && b.reached(0) > 0, "both variants need entrants: %s and %s", a, b);
    ImmutableList.Builder<FunnelComparison.StepVerdict> steps = ImmutableList.builder();
    for (int i = 1; i < a.size(); i++) {
      int base = a.baseOf(i);
      if (a.reached(base) > 0 && b.reached(base) > 0) {
        steps.add(
            new FunnelComparison.StepVerdict(
                a.steps().get(i),
                twoProportions(a.reached(i), a.reached(base), b.reached(i), b.reached(base), alpha)));
      }
    }
    int last = a.size() - 1;
    return new FunnelComparison(
        steps.build(), twoProportions(a.reached(last), a.reached(0), b.reached(last), b.reached(0), alpha));
  }

  private static void checkCounts(String variant, long successes, long trials) {
    checkCounts(variant, successes, trials, 1);
  }

  private static void checkCounts(String variant, long successes, long trials, long minTrials) {
    checkArgument(successes >= 0, "successes of %s must not be negative: %s", variant, successes);
    checkArgument(
        trials >= minTrials, "trials of %s must be at least %s: %s", variant, minTrials, trials);
    checkArgument(
        successes <= trials, "successes of %s (%s) exceed its trials (%s)", variant, successes, trials);
  }

  private static void checkAlpha(double alpha) {
    checkArgument(alpha > 0 && alpha < 1, "alpha must be strictly between 0 and 1: %s", alpha);
  }

  private static double square(double x) {
    return x * x;
  }
}
