package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Fisher's exact test, multiple-testing corrections and power, each against an outside reference.
 *
 * <p>Fisher: R's {@code fisher.test} documentation example (Agresti's tea tasting: p = 0.4857
 * two-sided, 0.2429 "greater"), and for every table here the hypergeometric sums in exact
 * rationals, computed in Python 3.11 with {@code fractions} (R's two-sided rule: tables with a
 * probability at most the observed one's). Corrections: R's {@code p.adjust} definitions evaluated
 * by hand (shown). Power: R's {@code power.prop.test} documentation examples (power = 0.740, n =
 * 76.7, n = 10451937) and its formula evaluated in Python's {@code statistics.NormalDist} to full
 * precision.
 */
class TestsAndCorrectionsTest {
  private static Offset<Double> relative(double expected) {
    return within(Math.abs(expected) * 1e-9);
  }

  @Test
  void fisherExactMatchesRAndExactArithmetic() {
    // Tea tasting: B (the first row) 3 of 4, A 1 of 4. Exactly 34/70, 17/70 and 69/70.
    assertThat(Comparisons.fisherExact(1, 4, 3, 4, Alternative.TWO_SIDED))
        .isCloseTo(34.0 / 70, relative(34.0 / 70));
    assertThat(Comparisons.fisherExact(1, 4, 3, 4, Alternative.GREATER))
        .isCloseTo(17.0 / 70, relative(17.0 / 70));
    assertThat(Comparisons.fisherExact(1, 4, 3, 4, Alternative.LESS))
        .isCloseTo(69.0 / 70, relative(69.0 / 70));
    assertThat(Comparisons.fisherExact(1, 4, 3, 4, Alternative.TWO_SIDED))
        .isCloseTo(0.4857, within(5e-5));
    // B 10 of 13, A 2 of 17.
    assertThat(Comparisons.fisherExact(2, 17, 10, 13, Alternative.TWO_SIDED))
        .isCloseTo(0.0005367241191434358, relative(0.0005367241191434358));
    assertThat(Comparisons.fisherExact(2, 17, 10, 13, Alternative.GREATER))
        .isCloseTo(0.00046518094336290503, relative(0.00046518094336290503));
    // B 1 of 10, A 11 of 14.
    assertThat(Comparisons.fisherExact(11, 14, 1, 10, Alternative.LESS))
        .isCloseTo(0.0013797280926100418, relative(0.0013797280926100418));
    // A test a funnel meets: 25 of 505 against 40 of 495.
    assertThat(Comparisons.fisherExact(40, 495, 25, 505, Alternative.TWO_SIDED))
        .isCloseTo(0.053841326776275726, relative(0.053841326776275726));
    assertThat(Comparisons.fisherExact(40, 495, 25, 505, Alternative.LESS))
        .isCloseTo(0.029800699715288592, relative(0.029800699715288592));
    assertThatThrownBy(() -> Comparisons.fisherExact(5, 4, 1, 4, Alternative.TWO_SIDED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chiSquareWarnsOfSmallExpectedCounts() {
    // Tea tasting: every expected count is 2.
    ChiSquareResult small = Comparisons.chiSquare(List.of(1L, 3L), List.of(4L, 4L), 0.05);
    assertEquals(2, small.smallestExpectedCount(), 1e-12);
    assertThat(small.hasSmallExpectedCounts()).isTrue();
    ChiSquareResult large = Comparisons.chiSquare(List.of(40L, 25L), List.of(495L, 505L), 0.05);
    // 65 successes of 1000: 495 × 0.065 = 32.175 is the smallest.
    assertEquals(32.175, large.smallestExpectedCount(), 1e-9);
    assertThat(large.hasSmallExpectedCounts()).isFalse();
  }

  @Test
  void correctionsAreRsPAdjust() {
    List<Double> p = List.of(0.01, 0.04, 0.03, 0.005, 0.2, 0.045);
    // Holm, ascending 0.005, 0.01, 0.03, 0.04, 0.045, 0.2 times 6, 5, 4, 3, 2, 1: 0.03, 0.05,
    // 0.12, 0.12, 0.09 → 0.12 (running maximum), 0.2.
    assertAll(Correction.HOLM.adjust(p), 0.05, 0.12, 0.12, 0.03, 0.2, 0.12);
    // BH, descending 0.2·6/6, 0.045·6/5 = 0.054, 0.04·6/4 = 0.06 → 0.054 (running minimum),
    // 0.03·6/3 = 0.06 → 0.054, 0.01·6/2 = 0.03, 0.005·6/1 = 0.03.
    assertAll(Correction.BENJAMINI_HOCHBERG.adjust(p), 0.03, 0.054, 0.054, 0.03, 0.2, 0.054);
    assertAll(Correction.BONFERRONI.adjust(p), 0.06, 0.24, 0.18, 0.03, 1, 0.27);
    assertAll(Correction.NONE.adjust(p), 0.01, 0.04, 0.03, 0.005, 0.2, 0.045);
    assertThat(Correction.HOLM.adjust(List.of())).isEmpty();
    assertThatThrownBy(() -> Correction.HOLM.adjust(List.of(0.1, Double.NaN)))
        .hasMessageContaining("p-value 1 must be in [0, 1]: NaN");
    assertThatThrownBy(() -> Correction.BENJAMINI_HOCHBERG.adjust(List.of(1.5)))
        .hasMessageContaining("p-value 0 must be in [0, 1]: 1.5");
  }

  private static void assertAll(List<Double> actual, double... expected) {
    assertEquals(expected.length, actual.size());
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual.get(i)).as("position %s", i).isCloseTo(expected[i], within(1e-12));
    }
  }

  @Test
  void powerAndSampleSizeAreRsPowerPropTest() {
    // R: power.prop.test(n = 50, p1 = .50, p2 = .75) => power = 0.740.
    assertThat(PowerAnalysis.power(50, 0.5, 0.75, 0.05))
        .isCloseTo(0.740165901331388, relative(0.740165901331388));
    // R: power.prop.test(p1 = .50, p2 = .75, power = .90) => n = 76.7.
    assertThat(PowerAnalysis.sampleSize(0.5, 0.75, 0.05, 0.9))
        .isCloseTo(76.70692845177743, relative(76.70692845177743));
    // R: power.prop.test(p1 = .5, p2 = 0.501, sig.level = .001, power = 0.90) => n = 10451937.
    assertThat(PowerAnalysis.sampleSize(0.5, 0.501, 0.001, 0.9))
        .isCloseTo(10451936.59548864, relative(10451936.59548864));
    // A funnel's step: 2 % against 2.5 %.
    assertThat(PowerAnalysis.power(10_000, 0.02, 0.025, 0.05))
        .isCloseTo(0.6642504250423672, relative(0.6642504250423672));
    assertThat(PowerAnalysis.sampleSize(0.02, 0.025, 0.05, 0.8))
        .isCloseTo(13808.92489718095, relative(13808.92489718095));
    assertThatThrownBy(() -> PowerAnalysis.sampleSize(0.2, 0.2, 0.05, 0.8))
        .hasMessageContaining("the rates are equal (0.2)");
  }

  @Test
  void aFunnelComparisonCorrectsItsStepsByHolmByDefault() {
    FunnelCounts a =
        FunnelCounts.of(List.of("visit", "cart", "checkout", "buy"), 1000, 300, 120, 60);
    FunnelCounts b =
        FunnelCounts.of(List.of("visit", "cart", "checkout", "buy"), 1000, 340, 150, 80);
    FunnelComparison holm = Comparisons.funnels(a, b, 0.05);
    FunnelComparison none = Comparisons.funnels(a, b, 0.05, Correction.NONE);
    assertEquals(Correction.HOLM, holm.correction());
    List<Double> raw = none.steps().stream().map(s -> s.verdict().pValue()).toList();
    for (int i = 0; i < raw.size(); i++) {
      assertEquals(raw.get(i), none.steps().get(i).adjustedPValue());
    }
    // Holm by its definition: the smallest of three p-values is multiplied by 3, the next by 2
    // (unless below the first), the largest by 1 (unless below the second).
    List<Double> sorted = raw.stream().sorted().toList();
    double first = Math.min(1, 3 * sorted.get(0));
    double second = Math.max(first, Math.min(1, 2 * sorted.get(1)));
    double third = Math.max(second, sorted.get(2));
    List<Double> expected = List.of(first, second, third);
    for (FunnelComparison.StepVerdict step : holm.steps()) {
      double adjusted = step.adjustedPValue();
      assertEquals(expected.get(sorted.indexOf(step.verdict().pValue())), adjusted, 1e-15);
      assertThat(step.isSignificant()).isEqualTo(adjusted <= 0.05);
    }
  }

  /**
   * GrowthBook's own test of its sequential engine ({@code gbstats} {@code
   * test_sequential_test_runs_prop}): A 1396 of 3000, B 2422 of 3461, α = 0.05, tuning 5000 give a
   * relative lift of 0.50386 with the interval [0.40098, 0.60675], standard deviation 0.03386 and
   * p-value 0.0 (to its five digits). Full precision: GrowthBook's documented formulas evaluated in
   * Python 3.11.
   */
  @Test
  void confidenceSequencesAreGrowthBooks() {
    ConfidenceSequence lift = ConfidenceSequence.relativeLift(1396, 3000, 2422, 3461, 0.05);
    assertThat(lift.estimate()).isCloseTo(0.50386, within(5e-6));
    assertThat(lift.lower()).isCloseTo(0.40098, within(5e-6));
    assertThat(lift.upper()).isCloseTo(0.60675, within(5e-6));
    assertThat(lift.estimate()).isCloseTo(0.5038633516821496, relative(0.5038633516821496));
    assertThat(lift.lower()).isCloseTo(0.4009784966859415, relative(0.4009784966859415));
    assertThat(lift.upper()).isCloseTo(0.6067482066783577, relative(0.6067482066783577));
    assertThat(lift.pValue().getAsDouble())
        .isCloseTo(5.174716682839705e-44, relative(5.174716682839705e-44));
    assertThat(lift.isSignificant()).isTrue();

    ConfidenceSequence difference = ConfidenceSequence.difference(1396, 3000, 2422, 3461, 0.05);
    assertThat(difference.lower()).isCloseTo(0.19804879693925878, relative(0.19804879693925878));
    assertThat(difference.upper()).isCloseTo(0.2708800290262618, relative(0.2708800290262618));

    // 200 of 1000 against 230 of 1000: a fixed-sample z-test would give p ≈ 0.10; the sequence is
    // wider and does not exclude 0.
    ConfidenceSequence close = ConfidenceSequence.difference(200, 1000, 230, 1000, 0.05);
    assertThat(close.lower()).isCloseTo(-0.02735346884678584, relative(0.02735346884678584));
    assertThat(close.upper()).isCloseTo(0.08735346884678584, relative(0.08735346884678584));
    assertThat(close.pValue().getAsDouble())
        .isCloseTo(0.7403432997505798, relative(0.7403432997505798));
    assertThat(close.isSignificant()).isFalse();
    ConfidenceSequence closeLift = ConfidenceSequence.relativeLift(200, 1000, 230, 1000, 0.05);
    assertThat(closeLift.lower()).isCloseTo(-0.15793396096972567, relative(0.15793396096972567));
    assertThat(closeLift.pValue().getAsDouble())
        .isCloseTo(0.8471461521186073, relative(0.8471461521186073));

    ConfidenceSequence rate = ConfidenceSequence.rate(230, 1000, 0.05);
    assertThat(rate.lower()).isCloseTo(0.18523374411602955, relative(0.18523374411602955));
    assertThat(rate.upper()).isCloseTo(0.27476625588397047, relative(0.27476625588397047));
    assertThat(rate.pValue()).isEmpty();

    // Tuned far below the trials, the interval is wider than tuned near them (GrowthBook's
    // test_sequential_test_tuning_as_expected, on these counts).
    ConfidenceSequence near = ConfidenceSequence.relativeLift(1396, 3000, 2422, 3461, 0.05, 6461);
    ConfidenceSequence below = ConfidenceSequence.relativeLift(1396, 3000, 2422, 3461, 0.05, 10);
    assertThat(below.lower()).isLessThan(near.lower());
    assertThat(below.upper()).isGreaterThan(near.upper());
    assertThatThrownBy(() -> ConfidenceSequence.rate(1, 10, 0.05, 0))
        .hasMessageContaining("tuning must be positive: 0.0");
    assertThatThrownBy(() -> ConfidenceSequence.relativeLift(0, 10, 1, 10, 0.05))
        .hasMessageContaining("needs successes in A");
  }

  /**
   * One-sided and unpooled z-tests on the README's A/B test (A 48 of 80, B 56 of 70). Pooled, the
   * one-sided p-value is R's {@code prop.test(c(56, 48), c(70, 80), alternative = "greater",
   * correct = FALSE)}: Φ(−z); unpooled, the Wald z of the textbooks; both evaluated in Python's
   * {@code statistics.NormalDist}.
   */
  @Test
  void oneSidedAndUnpooledTwoProportionTests() {
    Verdict greater =
        Comparisons.twoProportions(48, 80, 56, 70, 0.05, Alternative.GREATER, Pooling.POOLED);
    assertThat(greater.pValue()).isCloseTo(0.004022540684098297, relative(0.004022540684098297));
    assertEquals(1, greater.upper());
    Verdict less =
        Comparisons.twoProportions(48, 80, 56, 70, 0.05, Alternative.LESS, Pooling.POOLED);
    assertThat(less.pValue()).isCloseTo(0.9959774593159016, relative(0.9959774593159016));
    assertEquals(-1, less.lower());
    // The one-sided bound is the two-sided bound at 1 − 2α.
    Verdict twoSidedAt90 =
        Comparisons.twoProportions(48, 80, 56, 70, 0.10, Alternative.TWO_SIDED, Pooling.POOLED);
    assertEquals(twoSidedAt90.lower(), greater.lower(), 1e-15);
    Verdict unpooled =
        Comparisons.twoProportions(48, 80, 56, 70, 0.05, Alternative.TWO_SIDED, Pooling.UNPOOLED);
    assertThat(unpooled.pValue()).isCloseTo(0.005942793304202776, relative(0.005942793304202776));
    assertThat(Comparisons.twoProportions(48, 80, 56, 70, 0.05).pValue())
        .isCloseTo(0.008045081368196594, relative(0.008045081368196594));
    assertThatThrownBy(
            () -> Comparisons.twoProportions(1, 2, 1, 2, 0.6, Alternative.GREATER, Pooling.POOLED))
        .hasMessageContaining("a one-sided alpha must be below 0.5: 0.6");
  }

  /**
   * Risk and odds ratios with their log intervals (Katz et al. 1978; Woolf 1955), evaluated in
   * Python 3.11 from those formulas: the README's A/B test, and Bland and Altman's hay fever and
   * eczema table (BMJ 2000;320:1468: 141 of 561 children with eczema had hay fever, 928 of 14,453
   * without; odds ratio 141·13525 / (420·928) = 4.89).
   */
  @Test
  void riskAndOddsRatiosWithTheirIntervals() {
    RatioEstimate risk = Comparisons.riskRatio(48, 80, 56, 70, 0.95);
    assertThat(risk.estimate()).isCloseTo(4.0 / 3, relative(4.0 / 3));
    assertThat(risk.lower()).isCloseTo(1.076626422763193, relative(1.076626422763193));
    assertThat(risk.upper()).isCloseTo(1.6512485112663868, relative(1.6512485112663868));
    assertThat(risk.excludesOne()).isTrue();
    RatioEstimate odds = Comparisons.oddsRatio(48, 80, 56, 70, 0.95);
    assertThat(odds.estimate()).isCloseTo(8.0 / 3, relative(8.0 / 3));
    assertThat(odds.lower()).isCloseTo(1.276217870536434, relative(1.276217870536434));
    assertThat(odds.upper()).isCloseTo(5.572019696074378, relative(5.572019696074378));
    RatioEstimate hayFever = Comparisons.oddsRatio(928, 14_453, 141, 561, 0.95);
    assertThat(hayFever.estimate()).isCloseTo(4.89, within(0.005));
    assertThat(hayFever.lower()).isCloseTo(3.9977958952890544, relative(3.9977958952890544));
    assertThat(hayFever.upper()).isCloseTo(5.988218269150737, relative(5.988218269150737));
    assertThat(Comparisons.riskRatio(928, 14_453, 141, 561, 0.95).estimate())
        .isCloseTo(3.914409690208372, relative(3.914409690208372));
    assertThatThrownBy(() -> Comparisons.oddsRatio(0, 10, 3, 10, 0.95))
        .hasMessageContaining("needs successes and failures in both variants: A 0 of 10");
  }

  /**
   * Cost per customer over six campaigns, by the delta method of Deng, Knoblich and Lu (KDD 2018),
   * evaluated in Python 3.11 with {@code statistics.mean}, {@code variance} and {@code covariance}
   * (n − 1): 7,050 spent for 170 customers.
   */
  @Test
  void aRatioOfSumsHasItsDeltaMethodInterval() {
    double[] cost = {1200, 800, 1500, 950, 400, 2200};
    double[] customers = {30, 18, 41, 20, 9, 52};
    RatioMetric perCustomer = RatioMetric.of(cost, customers, 0.95);
    assertThat(perCustomer.estimate()).isCloseTo(7050.0 / 170, relative(7050.0 / 170));
    assertThat(perCustomer.standardError())
        .isCloseTo(1.6055549754316691, relative(1.6055549754316691));
    assertThat(perCustomer.lower()).isCloseTo(38.323758308248955, relative(38.323758308248955));
    assertThat(perCustomer.upper()).isCloseTo(44.61741816233928, relative(44.61741816233928));
    assertEquals(6, perCustomer.units());
    assertThatThrownBy(() -> RatioMetric.of(new double[] {1}, new double[] {1}, 0.95))
        .hasMessageContaining("at least two units: 1");
    assertThatThrownBy(() -> RatioMetric.of(new double[] {1, 2}, new double[] {0, 0}, 0.95))
        .hasMessageContaining("the denominators sum to 0");
  }
}
