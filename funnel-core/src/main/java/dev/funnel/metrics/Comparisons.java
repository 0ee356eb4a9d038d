package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;

/**
 * Statistical comparisons of conversion rates, to "validate different strategies and find the best
 * one": two variants (A/B) by a two-proportion z-test with an interval on the difference and the
 * Bayesian probability that B beats A; k variants by a chi-square test.
 *
 * <p>All methods are pure functions: thread-safe, no state.
 */
public final class Comparisons {
  /** Up to this parameter, P(B &gt; A) is the exact sum; above it on every side, a quadrature. */
  private static final long EXACT_SUM_LIMIT = 1 << 16;

  // Beyond, the quadrature's tail sums (9 standard deviations of binomial terms, about 5 × 10⁵ at
  // this size) would take seconds per call.
  private static final long MAX_BAYES_TRIALS = 10_000_000_000L;

  /**
   * Returns the most trials per variant for P(B &gt; A): 10¹⁰ today; a faster algorithm may raise
   * it, so it is a method, not a constant compiled into callers.
   */
  public static long maxBayesTrials() {
    return MAX_BAYES_TRIALS;
  }

  private Comparisons() {}

  /**
   * Compares B's rate {@code successesB / trialsB} with A's.
   *
   * <p>The p-value is that of the two-sided pooled two-proportion z-test. The interval of the
   * difference is Newcombe's hybrid score interval (his method 10, built from the Wilson intervals
   * of each rate), which behaves well near 0 and 1 where the Wald interval fails.
   *
   * @throws IllegalArgumentException if a count is negative, successes exceed trials, a variant has
   *     no trials or more than {@link #maxBayesTrials()} (for P(B &gt; A)), or alpha is not
   *     strictly between 0 and 1
   */
  public static Verdict twoProportions(
      long successesA, long trialsA, long successesB, long trialsB, double alpha) {
    return twoProportions(
        successesA, trialsA, successesB, trialsB, alpha, Alternative.TWO_SIDED, Pooling.POOLED);
  }

  /**
   * Compares B's rate with A's by a z-test in the direction {@code alternative}, with the standard
   * error {@code pooling} says. One-sided, the interval is one-sided too, as R's {@code prop.test}
   * gives it: {@code [lower, 1]} for {@link Alternative#GREATER} and {@code [−1, upper]} for {@link
   * Alternative#LESS}, its finite bound that of the two-sided Newcombe interval at 1 − 2α.
   *
   * @throws IllegalArgumentException if a count is negative, successes exceed trials, a variant has
   *     no trials or more than {@link #maxBayesTrials()} (for P(B &gt; A)), or alpha is not
   *     strictly between 0 and 1 (below 0.5 one-sided)
   */
  public static Verdict twoProportions(
      long successesA,
      long trialsA,
      long successesB,
      long trialsB,
      double alpha,
      Alternative alternative,
      Pooling pooling) {
    requireNonNull(alternative, "alternative");
    requireNonNull(pooling, "pooling");
    checkCounts("A", successesA, trialsA);
    checkCounts("B", successesB, trialsB);
    checkAlpha(alpha);
    checkArgument(
        alternative == Alternative.TWO_SIDED || alpha < 0.5,
        "a one-sided alpha must be below 0.5: %s",
        alpha);
    double pA = (double) successesA / trialsA;
    double pB = (double) successesB / trialsB;
    double standardError;
    if (pooling == Pooling.POOLED) {
      // In doubles: the sums of two counts near Long.MAX_VALUE overflow a long.
      double pooled = ((double) successesA + successesB) / ((double) trialsA + trialsB);
      standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
    } else {
      standardError = Math.sqrt(pA * (1 - pA) / trialsA + pB * (1 - pB) / trialsB);
    }
    double z = standardError == 0 ? 0 : (pB - pA) / standardError;
    double pValue =
        switch (alternative) {
          case TWO_SIDED ->
              standardError == 0 ? 1.0 : 2 * Proportion.standardNormalCdf(-Math.abs(z));
          case GREATER -> standardError == 0 ? 1.0 : Proportion.standardNormalCdf(-z);
          case LESS -> standardError == 0 ? 1.0 : Proportion.standardNormalCdf(z);
        };
    double confidence = alternative == Alternative.TWO_SIDED ? 1 - alpha : 1 - 2 * alpha;
    Proportion a = Proportion.of(successesA, trialsA, confidence, IntervalMethod.WILSON);
    Proportion b = Proportion.of(successesB, trialsB, confidence, IntervalMethod.WILSON);
    double difference = pB - pA;
    double lower = difference - Math.sqrt(square(pB - b.lower()) + square(a.upper() - pA));
    double upper = difference + Math.sqrt(square(b.upper() - pB) + square(pA - a.lower()));
    return new Verdict(
        pA,
        pB,
        difference,
        alternative == Alternative.LESS ? -1 : lower,
        alternative == Alternative.GREATER ? 1 : upper,
        Math.min(1.0, pValue),
        alpha,
        probabilityBBeatsA(successesA, trialsA, successesB, trialsB));
  }

  /**
   * Returns the posterior probability that B's true rate exceeds A's, with uniform Beta(1, 1)
   * priors: P(p_B &gt; p_A) for p_A ~ Beta(1 + s_A, 1 + f_A) and p_B ~ Beta(1 + s_B, 1 + f_B).
   *
   * <p>Accurate to 1e-10 relative or better, as tested against mpmath up to a million trials, and
   * to 1e-9 at a billion and ten billion (against SciPy's quadrature of Boost's Beta functions).
   * When any of the four posterior parameters is at most {@value #EXACT_SUM_LIMIT}, the exact
   * closed-form sum (Evan Miller's, over that shortest side), summed from its largest term outward;
   * otherwise Gauss–Legendre quadrature of A's density times B's tail over A's ±40 standard
   * deviations, with both computed to full relative precision. The sum costs at most a few thousand
   * terms; the quadrature about 1,600 tail evaluations of up to 9 standard deviations of binomial
   * terms each (milliseconds at a million trials, about a second at a billion).
   *
   * @throws IllegalArgumentException if a count is negative, successes exceed trials, or a variant
   *     has more than {@link #maxBayesTrials()} trials
   */
  public static double probabilityBBeatsA(
      long successesA, long trialsA, long successesB, long trialsB) {
    // No trials is legal here: the posterior is then the prior.
    checkCounts("A", successesA, trialsA, 0);
    checkCounts("B", successesB, trialsB, 0);
    checkArgument(
        trialsA <= MAX_BAYES_TRIALS && trialsB <= MAX_BAYES_TRIALS,
        "P(B > A) is computed for at most %s trials per variant: A has %s, B has %s",
        MAX_BAYES_TRIALS,
        trialsA,
        trialsB);
    long alphaA = 1 + successesA;
    long betaA = 1 + trialsA - successesA;
    long alphaB = 1 + successesB;
    long betaB = 1 + trialsB - successesB;
    // P(p_B > p_A) = P(1 − p_A > 1 − p_B), and = 1 − P(p_A > p_B): four sums, each as long as
    // one parameter. The complements can lose a small answer, so they are only used when it is
    // not small.
    double direct = Math.min(alphaB, betaA);
    double viaComplement = Math.min(alphaA, betaB);
    if (viaComplement < direct && viaComplement <= EXACT_SUM_LIMIT) {
      double p =
          1
              - (alphaA <= betaB
                  ? bayesSum(alphaB, betaB, alphaA, betaA)
                  : bayesSum(betaA, alphaA, betaB, alphaB));
      if (p > 1e-3) {
        return p;
      }
    }
    if (direct <= EXACT_SUM_LIMIT) {
      return clamp(
          alphaB <= betaA
              ? bayesSum(alphaA, betaA, alphaB, betaB)
              : bayesSum(betaB, alphaB, betaA, alphaA));
    }
    return clamp(bayesIntegral(alphaA, betaA, alphaB, betaB));
  }

  /** Term i of {@link #bayesSum}, from log-Beta functions. */
  private static double bayesTerm(long alphaA, long betaA, long betaB, long i) {
    return Math.exp(
        Beta.logBeta((double) (alphaA + i), (double) (betaA + betaB))
            - Math.log((double) (betaB + i))
            - Beta.logBeta((double) (1 + i), (double) betaB)
            - Beta.logBeta((double) alphaA, (double) betaA));
  }

  /**
   * Σ_{i<α_B} B(α_A + i, β_A + β_B) / ((β_B + i) B(1 + i, β_B) B(α_A, β_A)), started at its largest
   * term and extended both ways with the ratio of consecutive terms, (α_A + i)(β_B + i) / ((α_A +
   * β_A + β_B + i)(i + 1)), until the terms no longer change the sum.
   */
  private static double bayesSum(long alphaA, long betaA, long alphaB, long betaB) {
    // The ratio is at least 1 while i ≤ (α_A β_B − α_A − β_A − β_B) / (β_A + 1).
    double rising = ((double) alphaA * betaB - alphaA - betaA - betaB) / (betaA + 1);
    long mode = rising < 0 ? 0 : Math.min(alphaB - 1, (long) Math.floor(rising) + 1);
    double peak = bayesTerm(alphaA, betaA, betaB, mode);
    double sum = peak;
    double term = peak;
    for (long i = mode; i < alphaB - 1 && term > sum * 1e-17; i++) {
      term *=
          (double) (alphaA + i) * (betaB + i) / ((double) (alphaA + betaA + betaB + i) * (i + 1));
      sum += term;
    }
    term = peak;
    for (long i = mode - 1; i >= 0 && term > sum * 1e-17; i--) {
      term /=
          (double) (alphaA + i) * (betaB + i) / ((double) (alphaA + betaA + betaB + i) * (i + 1));
      sum += term;
    }
    return sum;
  }

  /** ∫ f_A(x) P(p_B &gt; x) dx over A's ±40 standard deviations, 80 panels of 20 points. */
  private static double bayesIntegral(long alphaA, long betaA, long alphaB, long betaB) {
    double n = (double) alphaA + betaA;
    double mean = alphaA / n;
    double sd = Math.sqrt(alphaA / n * (betaA / n) / (n + 1));
    double from = Math.max(0, mean - 40 * sd);
    double to = Math.min(1, mean + 40 * sd);
    int panels = 80;
    double width = (to - from) / panels;
    GaussIntegratorFactory factory = new GaussIntegratorFactory();
    double total = 0;
    for (int panel = 0; panel < panels; panel++) {
      double lower = from + panel * width;
      total +=
          factory
              .legendre(20, lower, panel == panels - 1 ? to : lower + width)
              .integrate(
                  x ->
                      BetaMath.density((double) alphaA, (double) betaA, x, 1 - x)
                          * BetaMath.complement(alphaB, betaB, x, 1 - x));
    }
    return total;
  }

  private static double clamp(double probability) {
    return Math.max(0, Math.min(1, probability));
  }

  /**
   * Returns B's risk ratio against A, {@code pB / pA} (the relative lift plus one), with Katz's log
   * interval: {@code se(ln RR) = √(1/sB − 1/nB + 1/sA − 1/nA)}.
   *
   * @throws IllegalArgumentException if a count is invalid, a variant has no successes, or the
   *     confidence is not strictly between 0 and 1
   */
  public static RatioEstimate riskRatio(
      long successesA, long trialsA, long successesB, long trialsB, double confidence) {
    checkCounts("A", successesA, trialsA);
    checkCounts("B", successesB, trialsB);
    checkArgument(
        successesA > 0 && successesB > 0,
        "a risk ratio needs successes in both variants: A %s of %s, B %s of %s",
        successesA,
        trialsA,
        successesB,
        trialsB);
    double ratio = ((double) successesB / trialsB) / ((double) successesA / trialsA);
    double se = Math.sqrt(1.0 / successesB - 1.0 / trialsB + 1.0 / successesA - 1.0 / trialsA);
    return new RatioEstimate(ratio, se, BandTransform.z(confidence), confidence);
  }

  /**
   * Returns B's odds ratio against A, {@code (sB/fB) / (sA/fA)}, with Woolf's log interval: {@code
   * se(ln OR) = √(1/sA + 1/fA + 1/sB + 1/fB)}.
   *
   * @throws IllegalArgumentException if a count is invalid, a cell of the 2 × 2 table is empty (all
   *     or none of a variant converted), or the confidence is not strictly between 0 and 1
   */
  public static RatioEstimate oddsRatio(
      long successesA, long trialsA, long successesB, long trialsB, double confidence) {
    checkCounts("A", successesA, trialsA);
    checkCounts("B", successesB, trialsB);
    long failuresA = trialsA - successesA;
    long failuresB = trialsB - successesB;
    checkArgument(
        successesA > 0 && failuresA > 0 && successesB > 0 && failuresB > 0,
        "an odds ratio needs successes and failures in both variants: A %s of %s, B %s of %s",
        successesA,
        trialsA,
        successesB,
        trialsB);
    return RatioEstimate.woolf(
        (double) successesB,
        (double) failuresB,
        (double) successesA,
        (double) failuresA,
        BandTransform.z(confidence),
        confidence);
  }

  /**
   * Fisher's exact test of whether B converts at A's rate: the p-value of B's successes under the
   * hypergeometric distribution given all four margins, as R's {@code fisher.test} on the table
   * with B's successes and failures in its first row. Two-sided, it sums the probabilities of every
   * table no more likely than the one observed (with R's relative tolerance 1e-7). Exact where the
   * z-test and χ² are not: use it when an expected count is small ({@link
   * ChiSquareResult#hasSmallExpectedCounts()}).
   *
   * @throws IllegalArgumentException if a count is negative, successes exceed trials, or a variant
   *     has no trials
   */
  public static double fisherExact(
      long successesA, long trialsA, long successesB, long trialsB, Alternative alternative) {
    requireNonNull(alternative, "alternative");
    checkCounts("A", successesA, trialsA);
    checkCounts("B", successesB, trialsB);
    long successes = successesA + successesB;
    long lowest = Math.max(0, successes - trialsA);
    long highest = Math.min(trialsB, successes);
    int size = Math.toIntExact(highest - lowest + 1);
    double[] logDensity = new double[size];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      long k = lowest + i;
      logDensity[i] = logBinomial(trialsB, k) + logBinomial(trialsA, successes - k);
      max = Math.max(max, logDensity[i]);
    }
    double total = 0;
    double[] density = new double[size];
    for (int i = 0; i < size; i++) {
      density[i] = Math.exp(logDensity[i] - max);
      total += density[i];
    }
    int observed = Math.toIntExact(successesB - lowest);
    double p = 0;
    for (int i = 0; i < size; i++) {
      boolean counts =
          switch (alternative) {
            case LESS -> i <= observed;
            case GREATER -> i >= observed;
            case TWO_SIDED -> density[i] <= density[observed] * (1 + 1e-7);
          };
      if (counts) {
        p += density[i];
      }
    }
    return Math.min(1, p / total);
  }

  private static double logBinomial(long n, long k) {
    return Gamma.logGamma(n + 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(n - k + 1.0);
  }

  /**
   * Tests whether k variants convert at the same rate (Pearson's chi-square test of independence on
   * the k × 2 table of successes and failures).
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
      checkArgument(
          totalTrials <= Long.MAX_VALUE - n.get(i),
          "the trials of all variants add up to more than %s: %s",
          Long.MAX_VALUE,
          n);
      totalSuccesses += s.get(i);
      totalTrials += n.get(i);
    }
    checkArgument(
        totalSuccesses > 0 && totalSuccesses < totalTrials,
        "chi-square is undefined when every variant converts at 0 % or every one at 100 %:"
            + " %s of %s",
        totalSuccesses,
        totalTrials);
    double rate = (double) totalSuccesses / totalTrials;
    double statistic = 0;
    double smallest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < s.size(); i++) {
      double expectedSuccesses = n.get(i) * rate;
      double expectedFailures = n.get(i) * (1 - rate);
      smallest = Math.min(smallest, Math.min(expectedSuccesses, expectedFailures));
      statistic += square(s.get(i) - expectedSuccesses) / expectedSuccesses;
      statistic += square(n.get(i) - s.get(i) - expectedFailures) / expectedFailures;
    }
    int df = s.size() - 1;
    // The upper tail directly: 1 − cdf loses every p-value below about 1e-16.
    double pValue = Gamma.regularizedGammaQ(df / 2.0, statistic / 2);
    return new ChiSquareResult(statistic, df, pValue, alpha, smallest);
  }

  /**
   * Compares two funnels over the same steps, step by step and overall, with the steps' p-values
   * corrected by Holm's method.
   *
   * @throws IllegalArgumentException if the steps differ, the top step of either is empty, or alpha
   *     is not strictly between 0 and 1
   */
  public static FunnelComparison funnels(FunnelCounts a, FunnelCounts b, double alpha) {
    return funnels(a, b, alpha, Correction.HOLM);
  }

  /**
   * Compares two funnels over the same steps, step by step and overall, correcting the steps'
   * p-values with {@code correction} ({@link Correction#NONE} for none).
   *
   * @throws IllegalArgumentException if the steps differ, the top step of either is empty, or alpha
   *     is not strictly between 0 and 1
   */
  public static FunnelComparison funnels(
      FunnelCounts a, FunnelCounts b, double alpha, Correction correction) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    requireNonNull(correction, "correction");
    checkArgument(
        a.hasSameStepsAs(b), "cannot compare funnels over different steps: %s and %s", a, b);
    checkAlpha(alpha);
    checkArgument(
        a.reached(1) > 0 && b.reached(1) > 0, "both variants need entrants: %s and %s", a, b);
    List<String> names = new ArrayList<>();
    List<Verdict> verdicts = new ArrayList<>();
    for (int step = 2; step <= a.size(); step++) {
      int base = a.baseOf(step);
      if (a.reached(base) > 0 && b.reached(base) > 0) {
        names.add(a.steps().get(step - 1));
        verdicts.add(
            twoProportions(
                a.reached(step), a.reached(base), b.reached(step), b.reached(base), alpha));
      }
    }
    List<Double> adjusted = correction.adjust(verdicts.stream().map(Verdict::pValue).toList());
    ImmutableList.Builder<FunnelComparison.StepVerdict> steps = ImmutableList.builder();
    for (int i = 0; i < verdicts.size(); i++) {
      steps.add(new FunnelComparison.StepVerdict(names.get(i), verdicts.get(i), adjusted.get(i)));
    }
    int last = a.size();
    return new FunnelComparison(
        steps.build(),
        twoProportions(a.reached(last), a.reached(1), b.reached(last), b.reached(1), alpha),
        correction);
  }

  static void checkCounts(String variant, long successes, long trials) {
    checkCounts(variant, successes, trials, 1);
  }

  private static void checkCounts(String variant, long successes, long trials, long minTrials) {
    checkArgument(successes >= 0, "successes of %s must not be negative: %s", variant, successes);
    checkArgument(
        trials >= minTrials, "trials of %s must be at least %s: %s", variant, minTrials, trials);
    checkArgument(
        successes <= trials,
        "successes of %s (%s) exceed its trials (%s)",
        variant,
        successes,
        trials);
  }

  private static void checkAlpha(double alpha) {
    checkArgument(alpha > 0 && alpha < 1, "alpha must be strictly between 0 and 1: %s", alpha);
    checkArgument(
        1 - alpha < 1,
        "alpha is too small for a confidence level below 1 in double precision (at least %s): %s",
        Math.ulp(1.0) / 2,
        alpha);
  }

  private static double square(double x) {
    return x * x;
  }
}
