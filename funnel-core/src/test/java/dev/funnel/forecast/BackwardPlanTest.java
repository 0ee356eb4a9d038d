package dev.funnel.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.FunnelCounts;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackwardPlanTest {

  @Test
  void fromARevenueTargetToTheLeadsEachStageNeeds() {
    long deals = BackwardPlan.dealsForRevenue(new BigDecimal("1000000"), new BigDecimal("50000"));
    BackwardPlan plan =
        BackwardPlan.forDeals(deals, List.of("lead", "opportunity", "deal"), 0.25, 0.2);

    assertThat(deals).isEqualTo(20);
    assertThat(plan.rows()).extracting(BackwardPlan.Row::needed).containsExactly(400L, 100L, 20L);
    // Explicit rates have no interval: the range is the plan itself.
    assertThat(plan.rows())
        .allMatch(r -> r.neededOptimistic() == r.needed() && r.neededPessimistic() == r.needed());
  }

  @Test
  void eachCountIsRoundedUpFromTheOneBelow() {
    assertThat(BackwardPlan.dealsForRevenue(new BigDecimal("1000001"), new BigDecimal("50000")))
        .isEqualTo(21);
    BackwardPlan plan = BackwardPlan.forDeals(7, List.of("lead", "opportunity", "deal"), 0.5, 0.3);

    // 7 / 0.3 = 23.3 → 24 opportunities; 24 / 0.5 = 48 leads.
    assertThat(plan.rows()).extracting(BackwardPlan.Row::needed).containsExactly(48L, 24L, 7L);
  }

  @Test
  void observedRatesGiveAJointRange() {
    // The consumer-sales funnel of DOMAIN.md §3. The range at each step is 15 over the 95 %
    // Wilson bounds of 10 purchases of those who reached it (Wilson's formula evaluated
    // independently with Python's statistics.NormalDist: 10/100 → [0.055229, 0.174366], 10/70 →
    // [0.079489, 0.243384], 10/40 → [0.141871, 0.401940], 10/20 → [0.299298, 0.700702]), rounded
    // up. Every step at its own bound at once would have given 65 to 529 targets.
    ConversionReport observed =
        ConversionReport.of(
            FunnelCounts.of(
                List.of("target", "interested", "enquiry", "price comparison", "purchase"),
                100,
                70,
                40,
                20,
                10));

    BackwardPlan plan = BackwardPlan.forDeals(15, observed);

    assertThat(plan.rows())
        .extracting(BackwardPlan.Row::needed)
        .containsExactly(150L, 105L, 60L, 30L, 15L);
    assertThat(plan.rows())
        .extracting(BackwardPlan.Row::neededOptimistic)
        .containsExactly(87L, 62L, 38L, 22L, 15L);
    assertThat(plan.rows())
        .extracting(BackwardPlan.Row::neededPessimistic)
        .containsExactly(272L, 189L, 106L, 51L, 15L);
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> BackwardPlan.forDeals(5, List.of("lead", "deal"), 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "rate into 'deal' must be in (0, 1]: 0.0; at 0 no number of leads reaches the target");
    assertThatThrownBy(() -> BackwardPlan.forDeals(5, List.of("lead", "deal"), 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 steps need 1 rates, got 2");
    assertThatThrownBy(() -> BackwardPlan.forDeals(-1, List.of("lead", "deal"), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deals must not be negative: -1");
    assertThatThrownBy(() -> BackwardPlan.dealsForRevenue(BigDecimal.TEN, BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("average deal size must be positive: 0");
    assertThatThrownBy(
            () ->
                BackwardPlan.forDeals(
                    1, ConversionReport.of(FunnelCounts.of(List.of("a", "b"), 10, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate into 'b' must be in (0, 1]: 0.0");
  }

  /**
   * The audit's cases, checked by hand in exact arithmetic: 500 deals at 0.2 %, then 1 %, then 2 %
   * need 500 / 0.002 = 250,000, / 0.01 = 25,000,000, / 0.02 = 1,250,000,000 (binary division gave
   * 1,249,999,999); at rate 1 a step needs exactly what it keeps.
   */
  @Test
  void largePlansNeverFallShort() {
    BackwardPlan plan =
        BackwardPlan.forDeals(
            500, List.of("lead", "qualified", "proposal", "deal"), 0.02, 0.01, 0.002);
    assertThat(plan.rows())
        .extracting(BackwardPlan.Row::needed)
        .containsExactly(1_250_000_000L, 25_000_000L, 250_000L, 500L);

    BackwardPlan one = BackwardPlan.forDeals(1_000_000_001L, List.of("lead", "deal"), 1.0);
    assertThat(one.rows().get(0).needed()).isEqualTo(1_000_000_001L);

    // 30 / 0.3 is 100 exactly: the rate 0.3 is three tenths, though its binary value is below.
    assertThat(BackwardPlan.forDeals(30, List.of("lead", "deal"), 0.3).rows().get(0).needed())
        .isEqualTo(100L);
  }

  @Test
  void plansBeyondALongAreRejectedNamingTheValues() {
    assertThatThrownBy(
            () -> BackwardPlan.forDeals(Long.MAX_VALUE / 2, List.of("lead", "deal"), 0.25))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 9223372036854775807")
        .hasMessageContaining("0.25");
    assertThatThrownBy(
            () -> BackwardPlan.dealsForRevenue(new BigDecimal("1e30"), new BigDecimal("0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1E+30")
        .hasMessageContaining("0.01");
  }
}
