package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values were computed outside this code base with Python's standard library: Wilson
 * bounds from the closed form with {@code statistics.NormalDist().inv_cdf}, Clopper–Pearson bounds
 * by bisection on exact binomial tail sums ({@code math.comb}), 200 halvings each. The
 * Clopper–Pearson bounds for 3/10 and 0/20 also match published tables.
 */
class ProportionTest {
  private static final double EPS = 1e-8;

  @ParameterizedTest(name = "Wilson {0}/{1}")
  @CsvSource({
    "70, 100, 0.6041514537, 0.7810511471",
    "40, 70, 0.4547783656, 0.6806469112",
    "20, 40, 0.3519952693, 0.6480047307",
    "10, 20, 0.2992980082, 0.7007019918",
    "10, 100, 0.0552291371, 0.1743656615",
    "1000, 50000, 0.0188092368, 0.0212645135",
    "0, 20, 0.0, 0.1611251581",
    "20, 20, 0.8388748419, 1.0"
  })
  void wilsonMatchesReference(long k, long n, double lower, double upper) {
    Proportion p = Proportion.of(k, n);

    assertThat(p.lower()).isCloseTo(lower, within(EPS));
    assertThat(p.upper()).isCloseTo(upper, within(EPS));
    assertThat(p.value().getAsDouble()).isEqualTo((double) k / n);
  }

  @ParameterizedTest(name = "Clopper–Pearson {0}/{1}")
  @CsvSource({
    "10, 100, 0.0490046892, 0.1762225977",
    "0, 20, 0.0, 0.1684334710",
    "20, 20, 0.8315665290, 1.0",
    "3, 10, 0.0667395112, 0.6524528501"
  })
  void clopperPearsonMatchesReference(long k, long n, double lower, double upper) {
    Proportion p = Proportion.of(k, n, 0.95, IntervalMethod.CLOPPER_PEARSON);

    assertThat(p.lower()).isCloseTo(lower, within(1e-7));
    assertThat(p.upper()).isCloseTo(upper, within(1e-7));
  }

  /**
   * Reference bounds from mpmath at 40 digits: bisection (200 halvings) on the exact binomial tail,
   * summed over the shorter side with {@code mpmath.binomial}. SciPy's {@code beta.isf(0.025, 2,
   * 999999999)} is itself 9e-9 off the upper bound of 1 of 1e9, so mpmath is the reference. The
   * audit's cases: 1 of 1e9 (lower 2.53e-11, which Hipparchus's default accuracy gave as 0) and 0
   * of 1e9 (upper 3.69e-9, given as 3.63e-9: narrower than exact).
   */
  @ParameterizedTest(name = "Clopper–Pearson {0}/{1} at {2}, relative 1e-12")
  @CsvSource({
    "1, 1000000000, 0.95, 2.5317807983969402e-11, 5.5716433782031142e-9",
    "0, 1000000000, 0.95, 0, 3.6888794473100196e-9",
    "1000000000, 1000000000, 0.95, 0.99999999631112055, 1",
    "1, 3, 0.95, 0.0084037586596126441, 0.90570067594975388",
    "2, 7, 0.95, 0.03669256617608556, 0.70957913626265723",
    "10, 100, 0.95, 0.049004689221485966, 0.17622259774002267",
    "3, 10, 0.99, 0.037007221096232099, 0.73511398528713073",
    "50, 1000000000, 0.95, 3.7110963958068666e-8, 6.5918766139664078e-8",
    "999999990, 1000000000, 0.95, 0.99999998160964404, 0.99999999520461129",
    "1, 2, 0.5, 0.13397459621556135, 0.86602540378443865",
    "7, 1000000, 0.999, 1.3483671236779339e-6, 2.0653895853485435e-5"
  })
  void clopperPearsonIsExactAtAnySize(
      long k, long n, double confidence, double lower, double upper) {
    Proportion p = Proportion.of(k, n, confidence, IntervalMethod.CLOPPER_PEARSON);

    assertThat(p.lower()).isCloseTo(lower, within(1e-12 * lower));
    assertThat(p.upper()).isCloseTo(upper, within(1e-12 * upper));
  }

  @Test
  void confidenceLevelIsHonoured() {
    Proportion p = Proportion.of(20, 40, 0.90, IntervalMethod.WILSON);

    assertThat(p.lower()).isCloseTo(0.3741494451, within(EPS));
    assertThat(p.upper()).isCloseTo(0.6258505549, within(EPS));
    assertThat(p.confidence()).isEqualTo(0.90);
  }

  @Test
  void zeroTrialsIsNoData() {
    Proportion p = Proportion.of(0, 0);

    assertThat(p.hasData()).isFalse();
    assertThat(p.value()).isEmpty();
    assertThat(p.lower()).isZero();
    assertThat(p.upper()).isEqualTo(1.0);
    assertThat(p).hasToString("no data");
  }

  @Test
  void printsPercentagesWhateverTheDefaultLocale() {
    // Surefire runs under a Turkish locale, whose decimal separator is a comma.
    assertThat(Proportion.of(40, 70)).hasToString("57.1% [45.5%, 68.1%]");
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> Proportion.of(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("successes must not be negative: -1");
    assertThatThrownBy(() -> Proportion.of(11, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("successes (11) must not exceed trials (10)");
    assertThatThrownBy(() -> Proportion.of(1, 10, 1.0, IntervalMethod.WILSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confidence level must be strictly between 0 and 1: 1.0");
    assertThatThrownBy(() -> Proportion.of(1, 10, Double.NaN, IntervalMethod.WILSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }
}
