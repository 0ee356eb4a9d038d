package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Summary statistics of a set of durations, such as the times leads took to convert from one
 * step to the next: count, mean, median, 90th percentile, extremes and an equal-width histogram.
 *
 * <p>Durations are kept at millisecond precision. Quantiles interpolate linearly between the two
 * nearest ranks (the "type 7" definition of R and NumPy's default). With no durations there is no
 * data: every statistic is empty.
 *
 * <p>Costs O(n log n) to build and O(n) memory (the sorted values are kept for the histogram).
 * Immutable and thread-safe.
 */
public final class DurationStats {
  private static final DurationStats EMPTY = new DurationStats(new long[0]);

  private final long[] sortedMillis;

  private DurationStats(long[] sortedMillis) {
    this.sortedMillis = sortedMillis;
  }

  /**
   * Returns the statistics of the given durations.
   *
   * @throws IllegalArgumentException if a duration is negative
   */
  public static DurationStats of(Collection<Duration> durations) {
    requireNonNull(durations, "durations");
    long[] millis = new long[durations.size()];
    int i = 0;
    for (Duration duration : durations) {
      requireNonNull(duration, "duration");
      checkArgument(!duration.isNegative(), "duration must not be negative: %s", duration);
      millis[i++] = duration.toMillis();
    }
    if (millis.length == 0) {
      return EMPTY;
    }
    NonNegativeSort.sort(millis);
    return new DurationStats(millis);
  }

  /**
   * Returns the statistics of durations given in milliseconds; the array is not kept.
   *
   * @throws IllegalArgumentException if a duration is negative
   */
  public static DurationStats ofMillis(long... millis) {
    requireNonNull(millis, "millis");
    long[] sorted = millis.clone();
    for (long value : sorted) {
      checkArgument(value >= 0, "duration must not be negative: %s ms", value);
    }
    if (sorted.length == 0) {
      return EMPTY;
    }
    NonNegativeSort.sort(sorted);
    return new DurationStats(sorted);
  }

  /** Returns the statistics of no durations. */
  public static DurationStats empty() {
    return EMPTY;
  }

  /** Returns the number of durations. */
  public int count() {
    return sortedMillis.length;
  }

  /** Returns whether there are no durations. */
  public boolean isEmpty() {
    return sortedMillis.length == 0;
  }

  /** Returns the arithmetic mean, or empty with no data. */
  public Optional<Duration> mean() {
    if (isEmpty()) {
      return Optional.empty();
    }
    double sum = 0;
    for (long millis : sortedMillis) {
      sum += millis;
    }
    return Optional.of(Duration.ofMillis(Math.round(sum / sortedMillis.length)));
  }

  /** Returns the median, or empty with no data. */
  public Optional<Duration> median() {
    return quantile(0.5);
  }

  /** Returns the 90th percentile, or empty with no data. */
  public Optional<Duration> p90() {
    return quantile(0.9);
  }

  /** Returns the shortest duration, or empty with no data. */
  public Optional<Duration> min() {
    return isEmpty() ? Optional.empty() : Optional.of(Duration.ofMillis(sortedMillis[0]));
  }

  /** Returns the longest duration, or empty with no data. */
  public Optional<Duration> max() {
    return isEmpty()
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(sortedMillis[sortedMillis.length - 1]));
  }

  /**
   * Returns the {@code q}-quantile, interpolating linearly between the nearest ranks, or empty
   * with no data.
   *
   * @throws IllegalArgumentException if {@code q} is outside [0, 1]
   */
  public Optional<Duration> quantile(double q) {
    checkArgument(q >= 0 && q <= 1, "quantile must be in [0, 1]: %s", q);
    if (isEmpty()) {
      return Optional.empty();
    }
    double rank = q * (sortedMillis.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, sortedMillis.length - 1);
    double value = sortedMillis[below] + (rank - below) * (sortedMillis[above] - sortedMillis[below]);
    return Optional.of(Duration.ofMillis(Math.round(value)));
  }

  /**
   * Returns {@code bins} equal-width bins from the shortest to the longest duration; each bin
   * includes its lower bound, and the last also its upper bound. Empty with no data.
   *
   * @throws IllegalArgumentException if {@code bins} is less than 1
   */
  public ImmutableList<HistogramBin> histogram(int bins) {
    checkArgument(bins >= 1, "bins must be at least 1: %s", bins);
    if (isEmpty()) {
      return ImmutableList.of();
    }
    long min = sortedMillis[0];
    long max = sortedMillis[sortedMillis.length - 1];
    double width = Math.max(1.0, (double) (max - min) / bins);
    long[] counts = new long[bins];
    for (long millis : sortedMillis) {
      counts[(int) Math.min(bins - 1, (long) ((millis - min) / width))]++;
    }
    ImmutableList.Builder<HistogramBin> result = ImmutableList.builder();
    for (int i = 0; i < bins; i++) {
      long from = min + Math.round(i * width);
      long to = i == bins - 1 ? Math.max(max, from) : min + Math.round((i + 1) * width);
      result.add(new HistogramBin(Duration.ofMillis(from), Duration.ofMillis(to), counts[i]));
    }
    return result.build();
  }

  @Override
  public String toString() {
    if (isEmpty()) {
      return "DurationStats[no data]";
    }
    return "DurationStats[n="
        + count()
        + ", mean="
        + mean().orElseThrow()
        + ", median="
        + median().orElseThrow()
        + ", p90="
        + p90().orElseThrow()
        + "]";
  }

  /**
   * One bin of a histogram.
   *
   * @param from the lower bound, included
   * @param to the upper bound, excluded except in the last bin
   * @param count how many durations fall in the bin
   */
  public record HistogramBin(Duration from, Duration to, long count) {
    /** Validates that no component is null. */
    public HistogramBin {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
    }
  }
}
