package dev.funnel.metrics;

import static dev.funnel.testing.BadInput.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §3 for the comparisons: each refused count or level is named, and each limit's boundary
 * value is accepted, so that a limit cannot move by one without a test noticing.
 */
class ComparisonsBadInputTest {

  @Test
  void countsAreCheckedForEachVariant() {
    refused(
        () -> Comparisons.twoProportions(-1, 10, 1, 10, 0.05),
        "successes of A must not be negative: -1");
    refused(
        () -> Comparisons.twoProportions(1, 10, 1, 0, 0.05), "trials of B must be at least 1: 0");
    refused(
        () -> Comparisons.twoProportions(11, 10, 1, 10, 0.05),
        "successes of A (11) exceed its trials (10)");
    refused(
        () -> Comparisons.probabilityBBeatsA(1, 0, 0, 0),
        "successes of A (1) exceed its trials (0)");
    refused(
        () -> Comparisons.probabilityBBeatsA(0, 0, 3, 2),
        "successes of B (3) exceed its trials (2)");
    // All successes, and (for P(B > A) only) no trials at all, are legal.
    assertThat(Comparisons.twoProportions(10, 10, 10, 10, 0.05).pValue()).isEqualTo(1.0);
    assertThat(Comparisons.probabilityBBeatsA(0, 0, 1, 1)).isEqualTo(2.0 / 3);
  }

  @Test
  void alphaLiesStrictlyBetweenZeroAndOneAndLeavesAConfidenceBelowOne() {
    refused(
        () -> Comparisons.twoProportions(1, 10, 2, 10, 0),
        "alpha must be strictly between 0 and 1: 0.0");
    refused(
        () -> Comparisons.twoProportions(1, 10, 2, 10, 1),
        "alpha must be strictly between 0 and 1: 1.0");
    // 1 − 2⁻⁵⁴ rounds to 1; 1 − 2⁻⁵³ is the double just below it.
    refused(
        () -> Comparisons.twoProportions(1, 10, 2, 10, 0x1p-54),
        "alpha is too small for a confidence level below 1 in double precision (at least"
            + " 1.1102230246251565E-16): 5.551115123125783E-17");
    assertThat(Comparisons.twoProportions(1, 10, 2, 10, 0x1p-53).alpha()).isEqualTo(0x1p-53);
    refused(
        () -> Comparisons.chiSquare(List.of(1L, 2L), List.of(10L, 10L), 1),
        "alpha must be strictly between 0 and 1: 1.0");
    refused(
        () ->
            Comparisons.funnels(
                FunnelCounts.of(List.of("a", "b"), 10, 5),
                FunnelCounts.of(List.of("a", "b"), 10, 6),
                0),
        "alpha must be strictly between 0 and 1: 0.0");
  }

  @Test
  void chiSquareChecksItsTableAndItsTotal() {
    refused(
        () -> Comparisons.chiSquare(List.of(1L, 2L), List.of(10L), 0.05),
        "2 success counts for 1 trial counts");
    refused(
        () -> Comparisons.chiSquare(List.of(1L, 12L), List.of(10L, 10L), 0.05),
        "successes of variant 1 (12) exceed its trials (10)");
    refused(
        () -> Comparisons.chiSquare(List.of(1L, 1L), List.of(Long.MAX_VALUE, 1L), 0.05),
        "the trials of all variants add up to more than 9223372036854775807: ["
            + Long.MAX_VALUE
            + ", 1]");
    refused(
        () -> Comparisons.chiSquare(List.of(10L, 10L), List.of(10L, 10L), 0.05),
        "chi-square is undefined when every variant converts at 0 % or every one at 100 %: 20 of"
            + " 20");
    // Trials that add up to exactly Long.MAX_VALUE are accepted.
    ChiSquareResult atTheLimit =
        Comparisons.chiSquare(List.of(1L, 1L), List.of(Long.MAX_VALUE - 1, 1L), 0.05);
    assertThat(atTheLimit.degreesOfFreedom()).isEqualTo(1);
    assertThat(atTheLimit.alpha()).isEqualTo(0.05);
  }

  @Test
  void funnelComparisonsNeedEntrantsAndSkipStepsWithAnEmptyBase() {
    List<String> steps = List.of("visit", "cart", "buy");
    refused(
        () ->
            Comparisons.funnels(
                FunnelCounts.of(steps, 0, 0, 0), FunnelCounts.of(steps, 5, 2, 1), 0.05),
        "both variants need entrants: "
            + FunnelCounts.of(steps, 0, 0, 0)
            + " and "
            + FunnelCounts.of(steps, 5, 2, 1));
    // B has no one at "cart", so "buy" (whose base is "cart") cannot be compared; one entrant
    // each is enough for the rest.
    FunnelComparison comparison =
        Comparisons.funnels(FunnelCounts.of(steps, 1, 1, 1), FunnelCounts.of(steps, 1, 0, 0), 0.05);
    assertThat(comparison.steps())
        .extracting(FunnelComparison.StepVerdict::step)
        .containsExactly("cart");
    assertThat(comparison.overall().rateA()).isEqualTo(1.0);
    assertThat(comparison.overall().rateB()).isEqualTo(0.0);
  }

  @Test
  void resultsDescribeThemselves() {
    ChiSquareResult result = Comparisons.chiSquare(List.of(10L, 20L), List.of(100L, 100L), 0.05);
    // (10 − 15)²/15 + (90 − 85)²/85, twice: 3.9215686…, p = 0.0477 (scipy.stats.chi2_contingency
    // with correction=False gives 3.9215686274509807, 0.04767038065616147).
    assertThat(result.statistic())
        .isEqualTo(3.9215686274509802, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(result).hasToString("χ² = 3.922, df = 1, p = 0.0477, significant at α = 0.05");
    assertThat(Comparisons.chiSquare(List.of(10L, 12L), List.of(100L, 100L), 0.05).toString())
        .endsWith("not significant at α = 0.05");
  }
}
