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
 * Bayesian probability by midpoint integration (200,000–400,000 points) of the B posterior
 * density times the A posterior distribution function, with densities from {@code math.lgamma};
 * the chi-square p-value for 2 degrees of freedom from its closed form {@code exp(−x/2)}.
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
    assertThat(Comparisons.probabilityBBeatsA(20, 100, 30, 100)).isCloseTo(0.94760310, within(1e-6));
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
    ChiSquareResult result = Comparisons.chiSquare(List.of(30L, 45L, 60L), List.of(200L, 220L, 250L), 0.05);

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

    assertThat(comparison.steps()).extracting(FunnelComparison.StepVerdict::step).containsExactly("meeting", "deal");
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
}
