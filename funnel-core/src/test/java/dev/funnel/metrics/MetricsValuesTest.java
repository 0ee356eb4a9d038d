package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics' values: equal when every field is, hash codes that tell different values apart (in
 * these samples; not a contract), a {@code toString} a person can read, and builders and factories
 * that refuse what would break a value, naming it.
 */
class MetricsValuesTest {
  private static final List<String> STEPS = List.of("visit", "cart", "buy");

  @Test
  void countsAndProportionsAreValues() {
    FunnelCounts counts = FunnelCounts.of(STEPS, 10, 4, 2);
    new EqualsTester()
        .addEqualityGroup(counts, FunnelCounts.of(STEPS, 10, 4, 2))
        .addEqualityGroup(FunnelCounts.of(STEPS, 10, 4, 1))
        .addEqualityGroup(FunnelCounts.of(List.of("visit", "cart", "pay"), 10, 4, 2))
        .addEqualityGroup(
            FunnelCounts.builder().step("visit", 10).optionalStep("cart", 4).step("buy", 2).build())
        .testEquals();
    assertThat(counts.hashCode()).isNotEqualTo(FunnelCounts.of(STEPS, 10, 4, 1).hashCode());

    Proportion p = Proportion.of(3, 10);
    new EqualsTester()
        .addEqualityGroup(p, Proportion.of(3, 10))
        .addEqualityGroup(Proportion.of(4, 10))
        .addEqualityGroup(Proportion.of(3, 10, 0.99, IntervalMethod.WILSON))
        .addEqualityGroup(Proportion.of(0, 0))
        .testEquals();
    assertThat(p.hashCode())
        .isNotEqualTo(Proportion.of(4, 10).hashCode())
        .isNotEqualTo(Proportion.of(3, 10, 0.99, IntervalMethod.WILSON).hashCode());
    assertThat(Proportion.of(0, 0)).hasToString("no data");
  }

  @Test
  void comparisonResultsHashTheirFields() {
    assertThat(Comparisons.twoProportions(48, 80, 56, 70, 0.05).hashCode())
        .isNotEqualTo(Comparisons.twoProportions(48, 80, 56, 70, 0.01).hashCode());
    assertThat(Comparisons.chiSquare(List.of(10L, 20L), List.of(100L, 100L), 0.05).hashCode())
        .isNotEqualTo(
            Comparisons.chiSquare(List.of(10L, 21L), List.of(100L, 100L), 0.05).hashCode());
    ConversionReport report = ConversionReport.of(FunnelCounts.of(STEPS, 10, 4, 2));
    assertThat(report.step("cart").count()).isEqualTo(4);
    assertThat(report.step("cart").hashCode()).isNotEqualTo(report.step("buy").hashCode());
  }

  @Test
  void reportsAndDurationsDescribeThemselves() {
    ConversionReport report = ConversionReport.of(FunnelCounts.of(STEPS, 10, 4, 2));
    assertThat(report.toString())
        .startsWith("ConversionReport[visit 10 (")
        .contains(" → cart 4 (40.0% [", " → buy 2 (50.0% [", "; overall 20.0% [")
        .endsWith("]");

    // Given out of order: the statistics sort them.
    DurationStats stats = DurationStats.ofMillis(3000, 1000, 2000, 10_000);
    assertThat(stats.min()).contains(Duration.ofSeconds(1));
    assertThat(stats.median()).contains(Duration.ofMillis(2500));
    assertThat(stats.max()).contains(Duration.ofSeconds(10));
    assertThat(stats.toString()).startsWith("DurationStats[n=4, mean=PT4S, median=PT2.5S, p90=");
    assertThat(DurationStats.ofMillis()).hasToString("DurationStats[no data]");
  }

  @Test
  void buildersAndFactoriesRefuseWhatBreaksAValue() {
    assertThatThrownBy(() -> FunnelCounts.builder().step(" ", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step name must not be blank: ' '");
    assertThatThrownBy(() -> FunnelCounts.builder().step("a", 2).step("a", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'a' is already counted");
    assertThatThrownBy(() -> FunnelCounts.builder().step("a", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count of step 'a' must not be negative: -1");
    assertThatThrownBy(() -> FunnelCounts.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a funnel needs at least one step");
    assertThatThrownBy(() -> FunnelCounts.builder().optionalStep("a", 2).step("b", 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the first step cannot be optional: 'a'");
    assertThatThrownBy(() -> FunnelCounts.builder().step("a", 2).optionalStep("b", 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the last step cannot be optional: 'b'");

    assertThatThrownBy(() -> Proportion.of(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("successes must not be negative: -1");
    assertThatThrownBy(() -> Proportion.of(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trials must not be negative: -1");
    assertThatThrownBy(() -> DurationStats.ofMillis(5, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration must not be negative: -1 ms");

    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(
            () -> Retention.lostToNew(List.of(), CohortPeriod.MONTH, ZoneOffset.UTC, t, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period end 2026-01-01T00:00:00Z must be after its start 2026-01-01T00:00:00Z");
  }
}
