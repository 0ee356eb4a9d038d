package dev.funnel.metrics;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentBreakdownTest {
  private static final List<String> STEPS = List.of("reached", "lead", "customer");

  @Test
  void leadSourcesWithCostPerLeadAndPerCustomer() {
    // DOMAIN.md §7, paid social: 1,000 companies reached at 0.8 USD per click, 1 % convert.
    // Trade show: 500 high-intent leads (the booth cost is made up for the example).
    Map<String, FunnelCounts> bySource = new LinkedHashMap<>();
    bySource.put("paid social", FunnelCounts.of(STEPS, 1000, 1000, 10));
    bySource.put("trade show", FunnelCounts.of(STEPS, 500, 500, 40));
    bySource.put("referral", FunnelCounts.of(STEPS, 40, 40, 10));
    SegmentBreakdown breakdown = SegmentBreakdown.of(bySource);

    List<SegmentBreakdown.SegmentCost> costs =
        breakdown.costs(
            Map.of("paid social", new BigDecimal("800"), "trade show", new BigDecimal("20000")),
            "lead",
            "customer");

    assertThat(costs)
        .extracting(SegmentBreakdown.SegmentCost::segment)
        .containsExactly("paid social", "trade show");
    assertThat(costs.get(0).perLead()).contains(new BigDecimal("0.80"));
    assertThat(costs.get(0).perCustomer()).contains(new BigDecimal("80.00"));
    assertThat(costs.get(1).perLead()).contains(new BigDecimal("40.00"));
    assertThat(costs.get(1).perCustomer()).contains(new BigDecimal("500.00"));
    // DOMAIN.md §7: referrals sign at 25 %.
    assertThat(breakdown.report("referral").overall().value().getAsDouble()).isEqualTo(0.25);
    assertThat(breakdown.reports().keySet())
        .containsExactly("paid social", "trade show", "referral");
  }

  @Test
  void leadsAreGroupedBySourceSegmentOrAttribute() {
    Lead a =
        Lead.builder("a")
            .source("referral")
            .attribute("industry", "retail")
            .startIn("new", T0)
            .build();
    Lead b =
        Lead.builder("b")
            .source("referral")
            .startIn("new", T0)
            .build()
            .withStageChange("won", T0, "");
    Lead c =
        Lead.builder("c")
            .segment("SMB")
            .attribute("industry", "retail")
            .startIn("qualified", T0)
            .build();

    SegmentBreakdown bySource =
        SegmentBreakdown.fromLeads(
            SampleFunnels.simple(), List.of(a, b, c), SegmentBreakdown.bySource());
    SegmentBreakdown byIndustry =
        SegmentBreakdown.fromLeads(
            SampleFunnels.simple(), List.of(a, b, c), SegmentBreakdown.byAttribute("industry"));

    assertThat(bySource.counts().keySet()).containsExactly("(none)", "referral");
    assertThat(bySource.counts().get("referral").reached("won")).isEqualTo(1);
    assertThat(byIndustry.counts().get("retail").reached("qualified")).isEqualTo(1);
    assertThat(byIndustry.counts().get("(none)").reached("new")).isEqualTo(1);
    assertThat(
            SegmentBreakdown.fromLeads(
                    SampleFunnels.simple(), List.of(c), SegmentBreakdown.bySegment())
                .counts()
                .keySet())
        .containsExactly("SMB");
  }

  @Test
  void zeroCustomersHasNoCostPerCustomer() {
    SegmentBreakdown breakdown =
        SegmentBreakdown.of(Map.of("webinar", FunnelCounts.of(STEPS, 300, 30, 0)));

    SegmentBreakdown.SegmentCost cost =
        breakdown.costs(Map.of("webinar", new BigDecimal("900")), "lead", "customer").get(0);

    assertThat(cost.perOpportunity()).contains(new BigDecimal("30.00"));
    assertThat(cost.perCustomer()).isEmpty();
  }

  @Test
  void badInputIsRejected() {
    SegmentBreakdown breakdown = SegmentBreakdown.of(Map.of("a", FunnelCounts.of(STEPS, 3, 2, 1)));

    assertThatThrownBy(() -> breakdown.costs(Map.of("b", BigDecimal.ONE), "lead", "customer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown segment 'b'; known segments: [a]");
    assertThatThrownBy(() -> breakdown.costs(Map.of("a", new BigDecimal("-1")), "lead", "customer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cost of segment 'a' must not be negative: -1");
    assertThatThrownBy(() -> breakdown.costs(Map.of(), "deal", "customer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown step 'deal'");
    assertThatThrownBy(
            () ->
                SegmentBreakdown.of(
                    Map.of(
                        "a",
                        FunnelCounts.of(STEPS, 3, 2, 1),
                        "b",
                        FunnelCounts.of(List.of("x"), 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has steps");
    assertThatThrownBy(() -> SegmentBreakdown.of(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a breakdown needs at least one segment");
  }
}
