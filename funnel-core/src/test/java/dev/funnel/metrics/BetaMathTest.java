package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BetaMath} against mpmath at 60 digits, each argument taken as the exact double Java reads
 * ({@code mpf(float(x))}): the Beta density as {@code x^(a−1) (1−x)^(b−1) / beta(a, b)}, binomial
 * upper tails as {@code fsum} of every term {@code binomial(n, j) p^j q^(n−j)} (or {@code −expm1(n
 * log1p(−p))} for P(X ≥ 1)), and quantiles by 120 bisections of that exact sum. The cases take
 * every branch: small and large binomial sizes (Stirling's error by log-gamma up to 15 and by its
 * series above, 15.5 included), close and distant deviance arguments, k = 0 and k = n on both sides
 * of ½, tails above and below the mode, tails near 1e-216, and quantiles near 0 and 1.
 */
class BetaMathTest {

  @ParameterizedTest(name = "Beta({0}, {1}) density at {2}")
  @CsvSource({
    "3, 5, 0.2, 1.7203200000000000955",
    "8.25, 9.25, 0.45, 3.2647781176479779792",
    "16.5, 2.5, 0.9, 5.7318720652857501675",
    "200, 300, 0.4, 18.199532673567942519",
    "2, 2, 1e-300, 6.0000000000000001504e-300",
    "1, 1, 0.3, 1.0",
    "1, 5, 0.25, 1.58203125",
    "1, 5, 0.75, 0.01953125",
    "5, 1, 0.3, 0.040499999999999994005",
    "5, 1, 0.8, 2.0480000000000004547",
    "2.5, 3.5, 0.5, 1.6976527263135502482"
  })
  void densityMatchesMpmath(double a, double b, double x, double expected) {
    // y = 1 − x rounds by up to half an ulp, which moves the density by (b − 1) of that; and the
    // density is the exponential of terms as large as its logarithm, each good to an ulp.
    double tolerance = 1e-15 * (8 + a + b + Math.abs(Math.log(expected)));
    assertThat(BetaMath.density(a, b, x, 1 - x)).isCloseTo(expected, within(tolerance * expected));
  }

  @ParameterizedTest(name = "P(X ≥ {0}) for X ~ Bin({1}, {2})")
  @CsvSource({
    "8, 10, 0.3, 0.0015903863999999995717",
    "2, 10, 0.3, 0.85069165409999998272",
    "5200, 10000, 0.5, 0.000032967577993362210294",
    "950, 1000, 0.5, 9.3184635332697814672e-217",
    "1, 1000000, 1e-9, 0.00099950016712450864441",
    "30, 40, 0.9, 0.99853027750277574101"
  })
  void binomialUpperTailMatchesMpmath(long k, long n, double p, double expected) {
    double tolerance = 1e-15 * (8 + Math.sqrt((double) n) + Math.abs(Math.log(expected)));
    assertThat(BetaMath.binomialUpperTail(k, n, p, 1 - p))
        .isCloseTo(expected, within(tolerance * expected));
  }

  @org.junit.jupiter.api.Test
  void binomialUpperTailAtItsEdges() {
    assertThat(BetaMath.binomialUpperTail(0, 10, 0.3, 0.7)).isEqualTo(1.0);
    assertThat(BetaMath.binomialUpperTail(-2, 10, 0.3, 0.7)).isEqualTo(1.0);
    assertThat(BetaMath.binomialUpperTail(11, 10, 0.3, 0.7)).isEqualTo(0.0);
    assertThat(BetaMath.binomialUpperTail(10, 10, 0.3, 0.7))
        .isCloseTo(Math.pow(0.3, 10), within(1e-15 * Math.pow(0.3, 10)));
    assertThat(BetaMath.binomialUpperTail(3, 10, 0, 1)).isEqualTo(0.0);
    assertThat(BetaMath.binomialUpperTail(3, 10, 1, 0)).isEqualTo(1.0);
    assertThat(BetaMath.density(2, 2, 0, 1)).isEqualTo(0.0);
    assertThat(BetaMath.density(2, 2, 1, 0)).isEqualTo(0.0);
    // I_x(a, b) and its complement, by the same exact sums: Bin(4, 0.2) ≥ 2 is 0.1808.
    assertThat(BetaMath.regularized(2, 3, 0.2, 0.8)).isCloseTo(0.1808, within(1e-15));
    assertThat(BetaMath.complement(2, 3, 0.2, 0.8)).isCloseTo(0.8192, within(1e-15));
  }

  @ParameterizedTest(name = "the {2}-quantile of Beta({0}, {1})")
  @CsvSource({
    "3, 8, 0.025, 0.06673951117773446851820986",
    "1, 1000, 0.975, 0.003682083896865671201143156",
    "500, 20, 0.5, 0.96212904280055855371526",
    "2, 3, 1e-10, 0.000004082494015808332919636842"
  })
  void quantilesAreTheDoublesBesideTheExactRoot(long a, long b, double q, double root) {
    // Within the accuracy of I itself (a few 1e-16 relative): a few ulps of the root.
    assertThat(BetaMath.quantileFromBelow(a, b, q)).isCloseTo(root, within(8 * Math.ulp(root)));
    // If X is Beta(a, b), 1 − X is Beta(b, a): its upper q-quantile is 1 − root.
    double mirrored = 1 - root;
    assertThat(BetaMath.upperQuantileFromAbove(b, a, q))
        .isCloseTo(mirrored, within(8 * Math.ulp(mirrored)));
  }
}
