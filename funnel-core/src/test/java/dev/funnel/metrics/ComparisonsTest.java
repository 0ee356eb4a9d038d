package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values computed outside this code base with Python's standard library: the pooled
 * z-test p-value with {@code statistics.NormalDist}; Newcombe's hybrid score interval from the
 * Wilson bounds (for 56/70 vs 48/80 it matches Newcombe 1998, Table II: 0.0524 to 0.3339); the
 * Bayesian probability by midpoint integration (200,000–400,000 points) of the B posterior density
 * times the A posterior distribution function, with densities from {@code math.lgamma}; the
 * chi-square p-value for 2 degrees of freedom from its closed form {@code exp(−x/2)}.
 */
class ComparisonsTest {

  @Test
  void twoProportionsSignificantDifference() {
    Verdict verdict = Comparisons.twoProportions(48, 80, 56, 70, 0.05);

    assertThat(verdict.rateA()).isEqualTo(0.6);
    assertThat(verdict.rateB()).isEqualTo(0.8);
    assertThat(verdict.difference()).isCloseTo(0.2, within(1e-12));
    assertThat(verdict.lower()).isCloseTo(0.0524314724, within(1e-8));
    assertThat(verdict.upper()).isCloseTo(0.3338726540, within(1e-8));
    assertThat(verdict.pValue()).isCloseTo(0.0080450814, within(1e-8));
    assertThat(verdict.isSignificant()).isTrue();
    assertThat(verdict.probabilityBBeatsA()).isCloseTo(0.99592954, within(1e-6));
    assertThat(verdict.toString())
        .isEqualTo(
            "B − A = +20.0 pts [+5.2, +33.4], p = 0.0080, significant at α = 0.05; P(B > A) = 99.6%");
  }

  @Test
  void twoProportionsDifferenceThatIsNotSignificant() {
    Verdict verdict = Comparisons.twoProportions(200, 1000, 230, 1000, 0.05);

    assertThat(verdict.lower()).isCloseTo(-0.0060251087, within(1e-8));
    assertThat(verdict.upper()).isCloseTo(0.0659407039, within(1e-8));
    assertThat(verdict.pValue()).isCloseTo(0.1024958754, within(1e-8));
    assertThat(verdict.isSignificant()).isFalse();
  }

  @Test
  void probabilityBBeatsAExactAndApproximated() {
    assertThat(Comparisons.probabilityBBeatsA(20, 100, 30, 100))
        .isCloseTo(0.94760310, within(1e-6));
    assertThat(Comparisons.probabilityBBeatsA(2000, 10_000, 2100, 10_000))
        .isCloseTo(0.96006356, within(1e-6));
    // Beyond 100,000 successes the normal approximation takes over.
    assertThat(Comparisons.probabilityBBeatsA(150_000, 1_000_000, 151_000, 1_000_000))
        .isCloseTo(0.97601210, within(1e-4));
    assertThat(Comparisons.probabilityBBeatsA(0, 0, 0, 0)).isCloseTo(0.5, within(1e-12));
    assertThat(Comparisons.probabilityBBeatsA(30, 100, 20, 100))
        .isCloseTo(1 - 0.94760310, within(1e-6));
  }

  @Test
  void chiSquareAcrossThreeVariants() {
    ChiSquareResult result =
        Comparisons.chiSquare(List.of(30L, 45L, 60L), List.of(200L, 220L, 250L), 0.05);

    assertThat(result.statistic()).isCloseTo(5.6127442651, within(1e-8));
    assertThat(result.degreesOfFreedom()).isEqualTo(2);
    assertThat(result.pValue()).isCloseTo(0.0604238048, within(1e-8));
    assertThat(result.isSignificant()).isFalse();
  }

  @Test
  void funnelsAreComparedStepByStepAndOverall() {
    List<String> steps = List.of("lead", "meeting", "deal");
    FunnelCounts a = FunnelCounts.of(steps, 80, 48, 10);
    FunnelCounts b = FunnelCounts.of(steps, 70, 56, 12);

    FunnelComparison comparison = Comparisons.funnels(a, b, 0.05);

    assertThat(comparison.steps())
        .extracting(FunnelComparison.StepVerdict::step)
        .containsExactly("meeting", "deal");
    assertThat(comparison.steps().get(0).verdict().pValue()).isCloseTo(0.0080450814, within(1e-8));
    assertThat(comparison.overall().rateA()).isEqualTo(10.0 / 80);
    assertThat(comparison.overall().rateB()).isEqualTo(12.0 / 70);
  }

  @Test
  void badInputIsRejectedWithTheValue() {
    assertThatThrownBy(() -> Comparisons.twoProportions(1, 0, 1, 10, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trials of A must be at least 1: 0");
    assertThatThrownBy(() -> Comparisons.twoProportions(11, 10, 1, 10, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("successes of A (11) exceed its trials (10)");
    assertThatThrownBy(() -> Comparisons.twoProportions(1, 10, 1, 10, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha must be strictly between 0 and 1: 1.5");
    assertThatThrownBy(() -> Comparisons.chiSquare(List.of(1L), List.of(2L), 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chi-square needs at least two variants, got 1");
    assertThatThrownBy(() -> Comparisons.chiSquare(List.of(0L, 0L), List.of(5L, 5L), 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("undefined");
    assertThatThrownBy(
            () ->
                Comparisons.funnels(
                    FunnelCounts.of(List.of("a"), 1), FunnelCounts.of(List.of("b"), 1), 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different steps");
  }

  /**
   * P(B &gt; A) against mpmath at 40 digits: Evan Miller's closed-form sum over the shortest side
   * (complements where that side is A's successes or B's failures), evaluated term by term; on
   * 48/80 vs 56/70, 3/10 vs 0/0 and 600/1000 vs 400/1000 it equals {@code mpmath.quad} of the A
   * posterior density times the B posterior tail to 20 digits. The audit's case (200,000 of 200,000
   * against 200,001 of 200,002, where a normal approximation gave 0.2819) and cases near 99.9 %
   * with every posterior parameter above 65,536 (the quadrature's range). Near-equal variants (the
   * last six) put the sum's largest term inside its range, so that it is extended both ways; there
   * the sum over every term (no starting point, no stopping rule) equals {@code mpmath.quad} to 20
   * digits too.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "P(B > A) for {0}/{1} vs {2}/{3}")
  @org.junit.jupiter.params.provider.CsvSource({
    "200000, 200000, 200001, 200002, 0.25000187498593760547",
    "48, 80, 56, 70, 0.99592953897685741935",
    "0, 0, 0, 0, 0.5",
    "3, 10, 0, 0, 0.66666666666666666667",
    "600, 1000, 400, 1000, 1.4879624626904952505e-19",
    "150000, 1000000, 151300, 1000000, 0.99491222240197692105",
    "5, 1000000000, 7, 1000000000, 0.70947265687841797079",
    "120000, 400000, 121000, 400000, 0.99259225083645970258",
    "50, 100, 50, 100, 0.5",
    "50, 100, 52, 100, 0.61079161380030856852",
    "500, 1000, 510, 1000, 0.67256156704192773566",
    "30, 200, 33, 200, 0.65859744214551610378",
    "700, 1000, 690, 1000, 0.31372633355389699588",
    "12, 40, 15, 41, 0.7314973436091845622"
  })
  void probabilityBBeatsAIsAccurateAtAnySize(
      long successesA, long trialsA, long successesB, long trialsB, double expected) {
    assertThat(Comparisons.probabilityBBeatsA(successesA, trialsA, successesB, trialsB))
        .isCloseTo(expected, within(1e-10 * expected));
  }

  /**
   * SciPy 1.17 {@code chi2_contingency(table, correction=False)}: 100/1000 against 250/1000 gives
   * χ² = 77.922077922077 and p = 1.071866131126281e-18, which {@code 1 − cdf} returned as 0.
   */
  @Test
  void chiSquarePValueKeepsItsPrecisionInTheFarTail() {
    ChiSquareResult result =
        Comparisons.chiSquare(List.of(100L, 250L), List.of(1000L, 1000L), 0.05);

    assertThat(result.statistic()).isCloseTo(77.92207792207793, within(1e-9));
    assertThat(result.pValue()).isCloseTo(1.071866131126281e-18, within(1e-27));

    ChiSquareResult three =
        Comparisons.chiSquare(List.of(30L, 45L, 60L), List.of(300L, 300L, 300L), 0.05);
    assertThat(three.pValue()).isCloseTo(0.002788217040049421, within(1e-15));
  }

  @Test
  void extremeCountsAndLevelsAreRejectedNamingTheValues() {
    assertThatThrownBy(() -> Comparisons.chiSquare(List.of(1L, 1L), List.of(1L, 1L), 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every one at 100 %: 2 of 2");
    assertThatThrownBy(
            () ->
                Comparisons.chiSquare(
                    List.of(1L, 1L), List.of(Long.MAX_VALUE, Long.MAX_VALUE), 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add up to more than");
    assertThatThrownBy(() -> Comparisons.twoProportions(1, 10, 2, 10, 1e-17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha is too small")
        .hasMessageContaining("1.0E-17");
    long huge = Long.MAX_VALUE - 1;
    assertThatThrownBy(() -> Comparisons.twoProportions(huge / 2, huge, huge / 3, huge, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 10000000000 trials")
        .hasMessageContaining(Long.toString(huge));
  }

  /**
   * At a billion and at ten billion trials (the most P(B &gt; A) takes), beyond mpmath's reach:
   * references from SciPy 1.17, {@code integrate.quad} (relative 1e-13) of {@code stats.beta.pdf}
   * times {@code stats.beta.sf} (Boost's incomplete Beta) over A's ±40 standard deviations, which
   * agrees with mpmath to 1e-14 on 150,000/10^6 vs 151,300/10^6; the pooled z-test's p-value from
   * {@code 2 * stats.norm.sf(z)}.
   */
  @Test
  void twoProportionsAtBillionsOfTrials() {
    assertThat(
            Comparisons.probabilityBBeatsA(
                200_000_000L, 1_000_000_000L, 200_010_000L, 1_000_000_000L))
        .isCloseTo(0.7119231504713736, within(1e-9 * 0.712));

    long n = 10_000_000_000L;
    Verdict verdict = Comparisons.twoProportions(2_000_000_000L, n, 2_000_100_000L, n, 0.05);

    assertThat(verdict.pValue()).isCloseTo(0.07710264345397139, within(1e-9 * 0.0771));
    assertThat(verdict.probabilityBBeatsA()).isCloseTo(0.9614486782632442, within(1e-9 * 0.961));
    assertThat(verdict.isSignificant()).isFalse();
  }
}
