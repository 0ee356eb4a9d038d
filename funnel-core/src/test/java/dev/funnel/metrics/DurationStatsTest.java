package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DurationStatsTest {
  // 1 h .. 10 h, given out of order.
  private final DurationStats stats =
      DurationStats.of(
          IntStream.of(7, 1, 10, 4, 2, 9, 3, 6, 5, 8).mapToObj(Duration::ofHours).toList());

  @Test
  void meanMedianAndPercentilesByLinearInterpolation() {
    assertThat(stats.count()).isEqualTo(10);
    assertThat(stats.mean()).contains(Duration.ofMinutes(330));
    assertThat(stats.median()).contains(Duration.ofMinutes(330)); // halfway between 5 h and 6 h
    // rank 0.9 × 9 = 8.1: 9 h + 0.1 × (10 h − 9 h) = 9 h 6 min
    assertThat(stats.p90()).contains(Duration.ofMinutes(546));
    assertThat(stats.min()).contains(Duration.ofHours(1));
    assertThat(stats.max()).contains(Duration.ofHours(10));
    assertThat(stats.quantile(0)).contains(Duration.ofHours(1));
    assertThat(stats.quantile(1)).contains(Duration.ofHours(10));
  }

  @Test
  void equalWidthHistogram() {
    assertThat(stats.histogram(3))
        .containsExactly(
            new DurationStats.HistogramBin(Duration.ofHours(1), Duration.ofHours(4), 3),
            new DurationStats.HistogramBin(Duration.ofHours(4), Duration.ofHours(7), 3),
            new DurationStats.HistogramBin(Duration.ofHours(7), Duration.ofHours(10), 4));
    assertThat(DurationStats.of(List.of(Duration.ofHours(2), Duration.ofHours(2))).histogram(4))
        .extracting(DurationStats.HistogramBin::count)
        .containsExactly(2L, 0L, 0L, 0L);
  }

  @Test
  void noDurationsIsNoData() {
    DurationStats empty = DurationStats.of(List.of());

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.mean()).isEmpty();
    assertThat(empty.p90()).isEmpty();
    assertThat(empty.histogram(5)).isEmpty();
    assertThat(empty).hasToString("DurationStats[no data]");
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> DurationStats.of(List.of(Duration.ofHours(-1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration must not be negative: PT-1H");
    assertThatThrownBy(() -> stats.quantile(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quantile must be in [0, 1]: 1.5");
    assertThatThrownBy(() -> stats.histogram(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bins must be at least 1: 0");
  }
}
