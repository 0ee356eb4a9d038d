package dev.funnel.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The planning inputs at their limits: zero is taken, one step outside refused. */
class PlanningBoundariesTest {

  @Test
  void aZeroRevenueTargetNeedsNoDealsAndANegativeOneIsRefused() {
    assertThat(BackwardPlan.dealsForRevenue(BigDecimal.ZERO, BigDecimal.TEN)).isZero();
    // 101 at 10 a deal: 11 deals, rounded up so that the target is met.
    assertThat(BackwardPlan.dealsForRevenue(new BigDecimal("101"), BigDecimal.TEN)).isEqualTo(11);
    assertThatThrownBy(() -> BackwardPlan.dealsForRevenue(new BigDecimal("-0.01"), BigDecimal.TEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("revenue target must not be negative: -0.01");
    assertThatThrownBy(() -> BackwardPlan.dealsForRevenue(BigDecimal.TEN, BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("average deal size must be positive: 0");
    // Exactly Long.MAX_VALUE deals are taken; one more is refused.
    BigDecimal most = BigDecimal.valueOf(Long.MAX_VALUE);
    assertThat(BackwardPlan.dealsForRevenue(most, BigDecimal.ONE)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> BackwardPlan.dealsForRevenue(most.add(BigDecimal.ONE), BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs more than " + Long.MAX_VALUE + " deals");
  }

  @Test
  void projectionRatiosFromZeroToOneAndAFreePriceAreTaken() {
    ForwardProjection projection =
        ForwardProjection.builder(100)
            .point("all pass", 1)
            .point("none pass", 0)
            .price(BigDecimal.ZERO)
            .build();
    assertThat(projection.remaining()).isZero();
    assertThat(projection.start()).isEqualTo(100);
    assertThatThrownBy(() -> ForwardProjection.builder(100).point("p", 1.0000001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ratio of 'p' must be in [0, 1]: 1.0000001");
    assertThatThrownBy(() -> ForwardProjection.builder(100).point("p", -0.0001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ratio of 'p' must be in [0, 1]: -1.0E-4");
    assertThatThrownBy(() -> ForwardProjection.builder(100).price(new BigDecimal("-0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price must not be negative: -0.01");
  }
}
