package dev.funnel.metrics;

import org.hipparchus.special.Gamma;

/**
 * The Beta density, the regularized incomplete Beta function and its inverse, with relative
 * accuracy at any size of parameter and at arguments very close to 0 or 1.
 *
 * <p>Why not Hipparchus's {@code Beta.regularizedBeta}: it takes only {@code x} and forms {@code 1
 * − x} itself when it swaps to the faster-converging side, which throws away the relative precision
 * of a small {@code 1 − x}; and its prefactor {@code x^a (1 − x)^b / B(a, b)} is the exponential of
 * a difference of numbers as large as the parameters, which loses about {@code a × 1e-16} of
 * relative accuracy. Here both {@code x} and {@code y = 1 − x} are passed, and the prefactor is
 * Catherine Loader's saddle-point form of the binomial density ("Fast and accurate computation of
 * binomial probabilities", 2000; the algorithm of R's {@code dbinom}), whose relative error stays
 * near 1e-16 times the magnitude of the density's logarithm, whatever the parameters (BetaMathTest
 * measures it against mpmath: 9e-14 at a tail of 1e-216).
 *
 * <p>Pure functions; thread-safe.
 */
final class BetaMath {
  private static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  private static final double EPSILON = 1e-16;
  private static final double NEGLIGIBLE = 1e-300;

  private BetaMath() {}

  /**
   * Returns the density of Beta(a, b) at {@code x}, given {@code y = 1 − x} exactly as well (the
   * smaller of the two carries the precision).
   */
  static double density(double a, double b, double x, double y) {
    if (x <= 0 || y <= 0) {
      return 0;
    }
    // Beta(a, b) at x is (a + b − 1) times the binomial density of a − 1 in a + b − 2 trials.
    return (a + b - 1) * binomialDensity(a - 1, a + b - 2, x, y);
  }

  /**
   * Returns I_x(a, b), the Beta(a, b) distribution function at x, for whole numbers a, b ≥ 1;
   * {@code y = 1 − x}. It equals P(X ≥ a) for X binomial in a + b − 1 trials of probability x.
   */
  static double regularized(long a, long b, double x, double y) {
    return binomialUpperTail(a, a + b - 1, x, y);
  }

  /** Returns 1 − I_x(a, b), the Beta(a, b) upper tail at x, to full relative accuracy. */
  static double complement(long a, long b, double x, double y) {
    return regularized(b, a, y, x);
  }

  /**
   * Returns P(X ≥ k) for X binomial in n trials of probability p ({@code q = 1 − p}). The terms are
   * summed from the one at k away from the mode, so each sum is of decreasing terms and stops where
   * they no longer change it: about 9 standard deviations of terms at most. Tails below about
   * 1e-284 come out as 0.
   */
  static double binomialUpperTail(long k, long n, double p, double q) {
    if (k <= 0) {
      return 1;
    }
    if (k > n || p <= 0) {
      return 0;
    }
    if (q <= 0) {
      return 1;
    }
    if (k > (n + 1) * p) {
      return sumTerms(k, n, p, q, 1);
    }
    // Below the mode the upper tail is at least about a half, so its complement loses nothing.
    return 1 - sumTerms(k - 1, n, p, q, -1);
  }

  private static double sumTerms(long from, long n, double p, double q, int direction) {
    // Counts below 2^53 convert to double exactly, and the limits keep them there.
    double term = binomialDensity((double) from, (double) n, p, q);
    double sum = term;
    double odds = p / q;
    long j = from;
    // Terms below NEGLIGIBLE change no sum above 1e-284 and, as subnormals, are slow to compute.
    while (term > sum * EPSILON && term > NEGLIGIBLE && (direction > 0 ? j < n : j > 0)) {
      term *= direction > 0 ? (double) (n - j) / (j + 1) * odds : j / ((n - j + 1) * odds);
      j += direction;
      sum += term;
    }
    return sum;
  }

  /**
   * Returns the largest double p in [0, 1] with I_p(a, b) &lt; q: the q-quantile of Beta(a, b) from
   * below, exact for the computed I, so within a few ulps of the true quantile. Bisects on the bit
   * patterns of doubles (ordered like the values for non-negative doubles), so a root of 1e-12 is
   * found as precisely as one of 0.5, in at most 64 evaluations.
   */
  static double quantileFromBelow(long a, long b, double q) {
    long low = 0; // bits of 0.0: I = 0 < q
    long high = Double.doubleToRawLongBits(1.0); // I = 1 ≥ q
    while (high - low > 1) {
      long middle = low + (high - low) / 2;
      double p = Double.longBitsToDouble(middle);
      if (regularized(a, b, p, 1 - p) < q) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return Double.longBitsToDouble(low);
  }

  /**
   * Returns the smallest double p in [0, 1] with 1 − I_p(a, b) ≤ q: the upper q-quantile of Beta(a,
   * b), from above, with the tail computed directly (not as 1 − I).
   */
  static double upperQuantileFromAbove(long a, long b, double q) {
    long low = 0; // tail 1 > q
    long high = Double.doubleToRawLongBits(1.0); // tail 0 ≤ q
    while (high - low > 1) {
      long middle = low + (high - low) / 2;
      double p = Double.longBitsToDouble(middle);
      if (complement(a, b, p, 1 - p) > q) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return Double.longBitsToDouble(high);
  }

  /**
   * The binomial density of {@code k} successes in {@code n} trials of probability {@code p}
   * ({@code q = 1 − p}), real k and n allowed: Loader's saddle-point form, {@code exp(−(stirlerr(n)
   * − stirlerr(k) − stirlerr(n − k)) − bd0(k, np) − bd0(n − k, nq)) × sqrt(n / (2π k (n − k)))}.
   */
  private static double binomialDensity(double k, double n, double p, double q) {
    if (k == 0) {
      return n == 0 ? 1 : Math.exp(n * (q < 0.5 ? Math.log(q) : Math.log1p(-p)));
    }
    if (k == n) {
      return Math.exp(n * (p < 0.5 ? Math.log(p) : Math.log1p(-q)));
    }
    double logDensity =
        stirlingError(n)
            - stirlingError(k)
            - stirlingError(n - k)
            - deviance(k, n * p)
            - deviance(n - k, n * q);
    return Math.exp(logDensity) * Math.sqrt(n / (2 * Math.PI * k * (n - k)));
  }

  /**
   * Returns {@code log Γ(n + 1) − ((n + ½) log n − n + log √(2π))}, the error of Stirling's
   * formula, without forming the large terms when n is large.
   */
  private static double stirlingError(double n) {
    if (n <= 15) {
      return Gamma.logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LOG_SQRT_TWO_PI;
    }
    double inverseSquare = 1 / (n * n);
    // The asymptotic series 1/12n − 1/360n³ + 1/1260n⁵ − 1/1680n⁷ + 1/1188n⁹; past n = 15 its
    // error is below 1e-17.
    return (1.0 / 12
            - inverseSquare
                * (1.0 / 360
                    - inverseSquare
                        * (1.0 / 1260 - inverseSquare * (1.0 / 1680 - inverseSquare / 1188))))
        / n;
  }

  /** Returns {@code x log(x / m) + m − x}, accurately when x and m are close. */
  private static double deviance(double x, double m) {
    if (Math.abs(x - m) < 0.1 * (x + m)) {
      double v = (x - m) / (x + m);
      double s = (x - m) * v;
      double ej = 2 * x * v;
      double v2 = v * v;
      for (int j = 1; j < 1000; j++) {
        ej *= v2;
        double next = s + ej / (2 * j + 1);
        if (next == s) {
          return next;
        }
        s = next;
      }
      return s;
    }
    return x * Math.log(x / m) + m - x;
  }
}
