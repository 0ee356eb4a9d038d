package dev.funnel.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.forecast.BackwardPlan;
import dev.funnel.forecast.ForwardProjection;
import dev.funnel.metrics.BottleneckCriterion;
import dev.funnel.metrics.Comparisons;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.metrics.Verdict;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Measure" and "Plan" snippets, with the values their comments claim. */
class ReadmeMeasureAndPlanTest {

  @Test
  void measure() {
    FunnelCounts counts =
        FunnelCounts.of(
            List.of("target", "interested", "enquiry", "price comparison", "purchase"),
            100,
            70,
            40,
            20,
            10);
    ConversionReport report = ConversionReport.of(counts);

    assertThat(report.step("enquiry").fromPrevious()).hasToString("57.1% [45.5%, 68.1%]");
    assertThat(report.overall()).hasToString("10.0% [5.5%, 17.4%]");
    assertThat(report.bottleneck(BottleneckCriterion.LOWEST_STEP_RATE).orElseThrow().step())
        .isEqualTo("price comparison");

    Verdict verdict = Comparisons.twoProportions(48, 80, 56, 70, 0.05);
    assertThat(verdict)
        .hasToString(
            "B − A = +20.0 pts [+5.2, +33.4], p = 0.0080, significant at α = 0.05; P(B > A) = 99.6%");
  }

  @Test
  void plan() {
    ForwardProjection patients =
        ForwardProjection.builder(1_000_000)
            .price(new BigDecimal("100"))
            .point("disease awareness", 0.9)
            .point("visit or purchase", 0.9)
            .point("diagnosis", 0.9)
            .point("treatment plan", 0.9)
            .point("product value", 0.9)
            .point("differentiation", 0.9)
            .point("compliance", 0.9)
            .build();
    assertThat(patients.share()).isCloseTo(0.4782969, within(1e-12));
    assertThat(patients.revenue()).isEqualByComparingTo("47829690.00");

    long deals = BackwardPlan.dealsForRevenue(new BigDecimal("1000000"), new BigDecimal("50000"));
    ConversionReport report =
        ConversionReport.of(
            FunnelCounts.of(
                List.of("target", "interested", "enquiry", "price comparison", "purchase"),
                100,
                70,
                40,
                20,
                10));
    BackwardPlan plan = BackwardPlan.forDeals(deals, report);
    // 20 deals at 10 % overall: 200 targets, rounded up step by step.
    assertThat(plan.rows().get(0).needed()).isEqualTo(200);
    assertThat(plan.rows().get(0).neededOptimistic()).isLessThan(200);
    assertThat(plan.rows().get(0).neededPessimistic()).isGreaterThan(200);
  }
}
