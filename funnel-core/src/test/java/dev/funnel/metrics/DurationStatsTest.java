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
  void statisticsOfTwoPartsAddUpToThoseOfTheWhole() {
    // The whole is the ten hours above; the parts split them unevenly, with a tie across them.
    DurationStats odd = DurationStats.ofMillis(hours(7, 1, 9, 3, 5));
    DurationStats even = DurationStats.ofMillis(hours(10, 4, 2, 6, 8));
    assertThat(odd.plus(even)).isEqualTo(stats);
    assertThat(even.plus(odd)).isEqualTo(stats);
    assertThat(odd.plus(even).median()).contains(Duration.ofMinutes(330));
    assertThat(stats.plus(DurationStats.empty())).isEqualTo(stats);
    assertThat(DurationStats.empty().plus(stats)).isEqualTo(stats);
    assertThat(DurationStats.ofMillis(1, 1).plus(DurationStats.ofMillis(1)))
        .isEqualTo(DurationStats.ofMillis(1, 1, 1));
  }

  @Test
  void aSerializedCopyIsEqual() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(stats);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(stats);
    }
  }

  private static long[] hours(int... hours) {
    return IntStream.of(hours).mapToLong(h -> h * 3_600_000L).toArray();
  }

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
    // Every duration the same: one bin, from it to it.
    assertThat(DurationStats.of(List.of(Duration.ofHours(2), Duration.ofHours(2))).histogram(4))
        .containsExactly(
            new DurationStats.HistogramBin(Duration.ofHours(2), Duration.ofHours(2), 2));
  }

  /**
   * Geometric bins, by hand: 1, 10, 100 and 1,000 ms in three bins have edges 1, 10, 100 and 1,000
   * (each ten times the last); zeros go in the first bin, which then starts at 0; bins that round
   * to the same millisecond are merged.
   */
  @Test
  void logHistogram() {
    assertThat(DurationStats.ofMillis(1, 10, 100, 1000).logHistogram(3))
        .containsExactly(bin(1, 10, 1), bin(10, 100, 1), bin(100, 1000, 2));
    // 5 to 500 in two bins: the edge is 5·√100 = 50.
    assertThat(DurationStats.ofMillis(0, 0, 5, 50, 500).logHistogram(2))
        .containsExactly(bin(0, 50, 3), bin(50, 500, 2));
    // From 1 to 2 ms no edge falls strictly between on a whole millisecond: one bin.
    assertThat(DurationStats.ofMillis(1, 2).logHistogram(10)).containsExactly(bin(1, 2, 2));
    assertThat(DurationStats.ofMillis(0, 7, 7).logHistogram(4)).containsExactly(bin(0, 7, 3));
    assertThat(DurationStats.empty().logHistogram(4)).isEmpty();
    assertThatThrownBy(() -> DurationStats.ofMillis(1).logHistogram(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bins must be between 1 and");
  }

  private static DurationStats.HistogramBin bin(long from, long to, long count) {
    return new DurationStats.HistogramBin(Duration.ofMillis(from), Duration.ofMillis(to), count);
  }

  /**
   * A range shorter than the number of bins (3 ms in 4 bins): the bins used to be 1 ms wide and run
   * to 4 ms past the shortest, beyond the longest. By hand: bounds at 0, 0.75, 1.5, 2.25 and 3 ms;
   * 0 falls in the first bin, 1 in the second, 2 in the third, 3 (the longest) in the last.
   */
  @Test
  void histogramStaysInsideAShortRange() {
    assertThat(DurationStats.ofMillis(0, 1, 2, 3).histogram(4))
        .containsExactly(
            new DurationStats.HistogramBin(
                Duration.ZERO, Duration.ofMillis(0).plusNanos(750_000), 1),
            new DurationStats.HistogramBin(
                Duration.ofNanos(750_000), Duration.ofNanos(1_500_000), 1),
            new DurationStats.HistogramBin(
                Duration.ofNanos(1_500_000), Duration.ofNanos(2_250_000), 1),
            new DurationStats.HistogramBin(Duration.ofNanos(2_250_000), Duration.ofMillis(3), 1));
  }

  @Test
  void medianIsExactToTheNanosecond() {
    // The type-7 median of 1 and 2 ms is 1.5 ms (R: quantile(c(1, 2), 0.5)).
    assertThat(DurationStats.ofMillis(1, 2).median()).contains(Duration.ofNanos(1_500_000));
  }

  @Test
  void limitsAreInclusive() {
    assertThat(stats.histogram(DurationStats.maxBins())).hasSize(DurationStats.maxBins());
    assertThat(stats.histogram(1)).hasSize(1);
    assertThatThrownBy(() -> stats.histogram(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bins must be between 1 and 100000: 0");
    assertThatThrownBy(() -> stats.histogram(DurationStats.maxBins() + 1))
        .isInstanceOf(IllegalArgumentException.class);
    Duration longest = Duration.ofMillis(Long.MAX_VALUE);
    assertThat(DurationStats.of(List.of(longest)).max()).contains(longest);
    assertThatThrownBy(() -> DurationStats.of(List.of(longest.plusMillis(1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void extremesAreRejectedNamingTheValues() {
    assertThatThrownBy(() -> stats.histogram(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bins must be between 1 and 100000: 2147483647");
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    assertThatThrownBy(() -> DurationStats.of(List.of(forever)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 9223372036854775807 milliseconds")
        .hasMessageContaining(forever.toString());
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
        .hasMessage("bins must be between 1 and 100000: 0");
  }
}
