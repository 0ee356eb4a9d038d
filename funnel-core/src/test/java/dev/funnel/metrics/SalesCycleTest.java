package dev.funnel.metrics;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SalesCycleTest {
  private final Funnel funnel = SampleFunnels.simple();

  private static Instant day(int n) {
    return T0.plus(Duration.ofDays(n));
  }

  private static Lead closed(String id, String outcome, int days) {
    return Lead.builder(id)
        .startIn("new", T0)
        .build()
        .withStageChange("qualified", day(days / 2), "")
        .withStageChange(outcome, day(days), "");
  }

  @Test
  void openDealsAreCensoredSoAYoungPipelineDoesNotLookFast() {
    List<Lead> leads =
        List.of(
            closed("a", "won", 10),
            closed("b", "won", 20),
            closed("c", "lost", 30),
            Lead.builder("d").startIn("new", T0).build(),
            Lead.builder("e").startIn("new", T0).build());
    SalesCycle cycle = SalesCycle.fromLeads(funnel, leads, day(40));

    // Won deals alone: 10 and 20 days.
    assertThat(cycle.wonDeals().median()).contains(Duration.ofDays(15));
    // To close: events at 10, 20, 30 of 5 at risk, two open at 40 censored:
    // S = 4/5 × 3/4 × 2/3 = 0.4 after day 30, so the median is 30 days, not 15.
    assertThat(cycle.timeToClose().survivalAt(Duration.ofDays(30))).isCloseTo(0.4, within(1e-12));
    assertThat(cycle.timeToClose().median()).contains(Duration.ofDays(30));
    // To win: the loss at 30 is censored: S = 4/5 × 3/4 = 0.6, which never reaches one half.
    assertThat(cycle.timeToWin().survivalAt(Duration.ofDays(35))).isCloseTo(0.6, within(1e-12));
    assertThat(cycle.timeToWin().median()).isEmpty();
  }
}
