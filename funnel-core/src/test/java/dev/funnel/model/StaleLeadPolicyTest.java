package dev.funnel.model;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleLeadPolicyTest {
  private final Funnel funnel = SampleFunnels.simple();
  private final StaleLeadPolicy policy =
      StaleLeadPolicy.builder(funnel)
          .maxTimeIn("new", Duration.ofDays(2))
          .maxTimeIn("contacted", Duration.ofDays(7))
          .build();

  private static Lead leadIn(String id, String stage, Instant since) {
    return Lead.builder(id).startIn(stage, since).build();
  }

  @Test
  void findsLeadsPastTheirStageLimitMostOverdueFirst() {
    Instant now = T0.plus(Duration.ofDays(10));
    Lead freshNew = leadIn("fresh", "new", now.minus(Duration.ofDays(1)));
    Lead exactlyAtLimit = leadIn("at-limit", "new", now.minus(Duration.ofDays(2)));
    Lead rottingNew = leadIn("rotting-new", "new", now.minus(Duration.ofDays(3)));
    Lead rottingContacted = leadIn("rotting-contacted", "contacted", T0);
    Lead unlimited = leadIn("unlimited", "qualified", T0);

    List<StaleLead> stale =
        policy.staleLeads(
            List.of(freshNew, exactlyAtLimit, rottingNew, rottingContacted, unlimited), now);

    assertThat(stale)
        .extracting(s -> s.lead().id())
        .containsExactly("rotting-contacted", "rotting-new");
    assertThat(stale.get(0).overdueBy()).isEqualTo(Duration.ofDays(3));
    assertThat(stale.get(0).limit()).isEqualTo(Duration.ofDays(7));
    assertThat(stale.get(0).stage().id()).isEqualTo("contacted");
    assertThat(stale.get(1).dwell()).isEqualTo(Duration.ofDays(3));
    assertThat(policy.check(exactlyAtLimit, now)).isEmpty();
  }

  @Test
  void badLimitsAndLeadsOutsideTheFunnelAreRejected() {
    assertThatThrownBy(() -> StaleLeadPolicy.builder(funnel).maxTimeIn("nope", Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown stage 'nope'")
        .hasMessageContaining("[new, contacted, qualified, won, lost]");
    assertThatThrownBy(() -> StaleLeadPolicy.builder(funnel).maxTimeIn("new", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time limit for stage 'new' must be positive: PT0S");
    assertThatThrownBy(() -> policy.check(leadIn("x", "elsewhere", T0), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown stage 'elsewhere'");
  }
}
