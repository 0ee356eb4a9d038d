package dev.funnel.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.FunnelCounts;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardProjectionTest {

  @Test
  void pharmaceuticalTargetPatientFunnel() {
    // DOMAIN.md §5: seven points at 90 % keep 0.9^7 ≈ 47.8 %; revenue = remaining × price.
    ForwardProjection projection =
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

    assertThat(projection.share()).isCloseTo(0.4782969, within(1e-12));
    assertThat(projection.remaining()).isCloseTo(478_296.9, within(1e-6));
    assertThat(projection.revenue()).isEqualByComparingTo("47829690.00");
    ForwardProjection.Row first = projection.rows().get(0);
    assertThat(first.point()).isEqualTo("disease awareness");
    assertThat(first.count()).isEqualTo(1_000_000);
    assertThat(first.remaining()).isCloseTo(900_000, within(1e-6));
    assertThat(first.revenue()).isEqualByComparingTo("90000000.00");
    assertThat(projection.rows().get(1).count()).isCloseTo(900_000, within(1e-6));
    assertThat(projection.rows()).hasSize(7);
  }

  @Test
  void projectsThroughObservedRates() {
    ConversionReport observed =
        ConversionReport.of(FunnelCounts.of(List.of("lead", "meeting", "deal"), 200, 50, 10));

    ForwardProjection projection = ForwardProjection.fromReport(observed, 1000);

    assertThat(projection.rows())
        .extracting(ForwardProjection.Row::point)
        .containsExactly("meeting", "deal");
    assertThat(projection.remaining()).isCloseTo(50, within(1e-9));
    assertThat(projection.revenue()).isEqualByComparingTo("0");
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> ForwardProjection.builder(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("start count must be a finite number at least 0: -1.0");
    assertThatThrownBy(() -> ForwardProjection.builder(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> ForwardProjection.builder(10).point("diagnosis", 1.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ratio of 'diagnosis' must be in [0, 1]: 1.1");
    assertThatThrownBy(() -> ForwardProjection.builder(10).price(new BigDecimal("-5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price must not be negative: -5");
    assertThatThrownBy(() -> ForwardProjection.builder(10).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a projection needs at least one point");
    assertThatThrownBy(
            () ->
                ForwardProjection.fromReport(
                    ConversionReport.of(FunnelCounts.of(List.of("a", "b", "c"), 5, 0, 0)), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'c' has no data: nothing reached the step before it");
  }

  /**
   * 3 × 0.07 = 0.21 subjects at 0.50 bring 0.105, an exact half of a cent, which half-even rounding
   * takes to 0.10 (by hand, in decimal; binary arithmetic gave 0.21000000000000002 and 0.11).
   */
  @Test
  void revenueIsRoundedInDecimal() {
    ForwardProjection projection =
        ForwardProjection.builder(3).price(new BigDecimal("0.50")).point("reached", 0.07).build();

    assertThat(projection.revenue()).isEqualByComparingTo("0.10");
    assertThat(projection.remaining()).isEqualTo(0.21);
  }

  /**
   * The share of a projection from observed counts has one joint interval: 100 → 70 → 40 → 20 → 10
   * is 10 of 100 in all, whose 95 % Wilson interval (Wilson 1927, evaluated in Python 3.11) is
   * [0.05523, 0.17437]; every step at its own lower bound at once multiplies to about half that
   * lower limit (0.029), a share the data do not support.
   */
  @Test
  void theShareOfObservedCountsHasAJointInterval() {
    FunnelCounts counts =
        FunnelCounts.of(
            List.of("target", "interested", "enquiry", "comparison", "purchase"),
            100,
            70,
            40,
            20,
            10);
    ConversionReport report = ConversionReport.of(counts);
    ForwardProjection projection = ForwardProjection.fromReport(report, 1000);
    assertThat(projection.share()).isCloseTo(0.1, within(1e-12));
    assertThat(projection.shareInterval()).isPresent();
    assertThat(projection.shareInterval().get().lower())
        .isCloseTo(0.0552291370606751, within(1e-12));
    assertThat(projection.shareInterval().get().upper())
        .isCloseTo(0.17436566150491345, within(1e-12));
    double everyLowerBound = 1;
    for (dev.funnel.metrics.StepConversion step : report.steps().subList(1, 5)) {
      everyLowerBound *= step.fromPrevious().lower();
    }
    assertThat(everyLowerBound).isLessThan(projection.shareInterval().get().lower() * 0.6);
    assertThat(ForwardProjection.builder(10).point("a", 0.5).build().shareInterval()).isEmpty();
  }
}
