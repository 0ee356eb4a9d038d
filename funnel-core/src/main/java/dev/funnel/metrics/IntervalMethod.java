package dev.funnel.metrics;

/**
 * How the confidence interval of a {@link Proportion} is computed.
 *
 * <p>Both intervals stay inside [0, 1] and contain the observed rate, even at 0 % and 100 %, where
 * the textbook normal ("Wald") interval collapses to a point; that is why neither is the Wald
 * interval.
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum IntervalMethod {
  /**
   * The Wilson score interval: close to the nominal coverage on average and narrower than
   * Clopper–Pearson. The default, as in most analytics tools.
   */
  WILSON,
  /**
   * The Clopper–Pearson "exact" interval from beta quantiles: guarantees at least the nominal
   * coverage, at the price of being wider. Choose it when an interval must not be optimistic. The
   * bounds are exact to 1e-12 relative or better at any number of trials, as tested against mpmath
   * from 2 to 10⁹ trials (closed forms at 0 and at all successes, otherwise the beta quantile found
   * to the last bit of a double, rounded outward so that the interval is not narrower than the
   * computed quantile).
   */
  CLOPPER_PEARSON
}
