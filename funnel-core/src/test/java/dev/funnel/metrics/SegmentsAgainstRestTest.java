package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableMap;
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
    // C's step into "won" (p = 0.052) corrected only with its own two steps would stay 0.052,
    // the larger of two under Holm; across all six cells it is 0.209.
    assertThat(byRest.get("C").steps().get(1).isSignificant()).isFalse();
  }

  @Test
  void withoutCorrectionTheAdjustedPValueIsTheRawOne() {
    FunnelComparison a = threeSegments().againstRest(0.05, Correction.NONE).get("A");
    assertThat(a.steps().get(0).adjustedPValue()).isEqualTo(a.steps().get(0).verdict().pValue());
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
