package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableMap;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each segment against the rest, corrected across every step of every segment. Reference: each
 * cell's pooled two-proportion z-test (R's {@code prop.test(correct = FALSE)}) and Holm's
 * adjustment over all six cells (R's {@code p.adjust(method = "holm")}), evaluated independently
 * with Python's {@code statistics.NormalDist}, to 1e-9 relative.
 */
class SegmentsAgainstRestTest {
  private static final List<String> STEPS = List.of("lead", "qualified", "won");

  private static SegmentBreakdown threeSegments() {
    Map<String, FunnelCounts> counts = new LinkedHashMap<>();
    counts.put("A", FunnelCounts.of(STEPS, 100, 60, 20));
    counts.put("B", FunnelCounts.of(STEPS, 200, 90, 30));
    counts.put("C", FunnelCounts.of(STEPS, 50, 40, 20));
    return SegmentBreakdown.of(counts);
  }

  private static void assertRelative(double expected, double actual) {
    assertEquals(expected, actual, Math.abs(expected) * 1e-9);
  }

  @Test
  void everyCellIsCorrectedWithAllTheOthers() {
    ImmutableMap<String, FunnelComparison> byRest = threeSegments().againstRest(0.05);
    assertThat(byRest.keySet()).containsExactly("A", "B", "C");
    // A: 60/100 vs B+C's 130/250, then 20/60 vs 50/130; B: 90/200 vs 100/150, 30/90 vs 40/100;
    // C: 40/50 vs 150/300, 20/40 vs 50/150.
    double[][] raw = {
      {0.17470439786837733, 0.4957695499721708},
      {5.65636005580572e-05, 0.3415080702827691},
      {8.065981825655655e-05, 0.052184584775622156}
    };
    double[][] holm = {
      {0.524113193605132, 0.6830161405655382},
      {0.0003393816033483432, 0.6830161405655382},
      {0.00040329909128278274, 0.20873833910248862}
    };
    int i = 0;
    for (FunnelComparison comparison : byRest.values()) {
      assertThat(comparison.correction()).isEqualTo(Correction.HOLM);
      for (int step = 0; step < 2; step++) {
        FunnelComparison.StepVerdict verdict = comparison.steps().get(step);
        assertRelative(raw[i][step], verdict.verdict().pValue());
        assertRelative(holm[i][step], verdict.adjustedPValue());
      }
      i++;
    }
    assertThat(byRest.get("B").steps().get(0).isSignificant()).isTrue();
    // The segment is variant B: B's 90/200 = 45 % against the rest's 100/150.
    assertThat(byRest.get("B").steps().get(0).verdict().rateB()).isEqualTo(0.45);
    assertThat(byRest.get("B").steps().get(0).verdict().difference())
        .isCloseTo(0.45 - 100.0 / 150, org.assertj.core.data.Offset.offset(1e-12));
    // C's step into "won" (p = 0.052) corrected only with its own two steps would stay 0.052,
    // the larger of two under Holm; across all six cells it is 0.209.
    assertThat(byRest.get("C").steps().get(1).isSignificant()).isFalse();
  }

  @Test
  void withoutCorrectionTheAdjustedPValueIsTheRawOne() {
    FunnelComparison a = threeSegments().againstRest(0.05, Correction.NONE).get("A");
    assertThat(a.steps().get(0).adjustedPValue()).isEqualTo(a.steps().get(0).verdict().pValue());
  }

  /**
   * Six campaigns as units: leads, qualified, won. The rate into "won" over the campaigns and the
   * cost per customer by the delta method (Deng, Knoblich and Lu, KDD 2018), evaluated in Python
   * with {@code statistics.mean}, {@code variance} and {@code covariance} (n − 1).
   */
  @Test
  void campaignsAsUnitsOfARatioOfSums() {
    long[][] campaigns = {
      {100, 60, 30}, {70, 40, 18}, {120, 80, 41}, {90, 50, 20}, {40, 25, 9}, {150, 95, 52}
    };
    double[] spend = {1200, 800, 1500, 950, 400, 2200};
    Map<String, FunnelCounts> counts = new LinkedHashMap<>();
    Map<String, BigDecimal> cost = new LinkedHashMap<>();
    for (int i = 0; i < campaigns.length; i++) {
      counts.put("c" + i, FunnelCounts.of(STEPS, campaigns[i]));
      cost.put("c" + i, BigDecimal.valueOf(spend[i]));
    }
    SegmentBreakdown byCampaign = SegmentBreakdown.of(counts);

    RatioMetric won = byCampaign.stepRateAcrossSegments("won", 0.95);
    assertRelative(170.0 / 350, won.estimate());
    assertRelative(0.026170873483871114, won.standardError());
    assertRelative(0.43442031624194405, won.lower());
    assertRelative(0.5370082551866273, won.upper());

    // The same six campaigns as TestsAndCorrectionsTest's cost per customer: 7,050 for 170.
    RatioMetric perCustomer = byCampaign.costPerCustomer(cost, "won", 0.95);
    assertRelative(7050.0 / 170, perCustomer.estimate());
    assertRelative(1.6055549754316691, perCustomer.standardError());

    assertThatThrownBy(() -> byCampaign.stepRateAcrossSegments("lead", 0.95))
        .hasMessageContaining("the top step 'lead' has no rate into it");
  }

  @Test
  void needsTwoSegmentsWithEntrants() {
    Map<String, FunnelCounts> counts = new LinkedHashMap<>();
    counts.put("A", FunnelCounts.of(STEPS, 100, 60, 20));
    counts.put("empty", FunnelCounts.of(STEPS, 0, 0, 0));
    assertThatThrownBy(() -> SegmentBreakdown.of(counts).againstRest(0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs two segments with entrants")
        .hasMessageContaining("[A, empty]");
  }
}
