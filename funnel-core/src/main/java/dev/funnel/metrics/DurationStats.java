package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Summary statistics of a set of durations, such as the times leads took to convert from one step
 * to the next: count, mean, median, 90th percentile, extremes and an equal-width histogram.
 *
 * <p>Durations are kept at millisecond precision. Quantiles interpolate linearly between the two
 * nearest ranks (the "type 7" definition of R and NumPy's default), to the nanosecond. With no
 * durations there is no data: every statistic is empty.
 *
 * <p>Costs O(n log n) to build and O(n) memory (the sorted values are kept for the histogram). Two
 * are equal when they summarise the same durations. Statistics of disjoint parts combine with
 * {@link #plus}, in time linear in both, and {@link #empty} is the identity: an engine that
 * measures each partition apart (Spark's) gives what one measurement of the whole gives.
 * Serializable as its durations, which are checked again when read. Immutable and thread-safe.
 */
public final class DurationStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final DurationStats EMPTY = new DurationStats(new long[0]);

  // More bins would not be a summary, and could exhaust memory.
  private static final int MAX_BINS = 100_000;

  /** Returns the most bins a histogram may have: 100,000 today (a method, as it may change). */
  public static int maxBins() {
    return MAX_BINS;
  }

  private static final Duration LONGEST = Duration.ofMillis(Long.MAX_VALUE);

  private final long[] sortedMillis;

  private DurationStats(long[] sortedMillis) {
    this.sortedMillis = sortedMillis;
  }

  /**
   * Returns the statistics of the given durations.
   *
   * @throws IllegalArgumentException if a duration is negative, or longer than {@code
   *     Long.MAX_VALUE} milliseconds (about 292 million years)
   */
  public static DurationStats of(Collection<Duration> durations) {
    requireNonNull(durations, "durations");
    long[] millis = new long[durations.size()];
    int i = 0;
    for (Duration duration : durations) {
      requireNonNull(duration, "duration");
      checkArgument(!duration.isNegative(), "duration must not be negative: %s", duration);
      checkArgument(
          duration.compareTo(LONGEST) <= 0,
          "duration is longer than %s milliseconds, the most it keeps: %s",
          Long.MAX_VALUE,
          duration);
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

  /** Returns the statistics of these durations and {@code other}'s together. */
  public DurationStats plus(DurationStats other) {
    requireNonNull(other, "other");
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    long[] a = sortedMillis;
    long[] b = other.sortedMillis;
    long[] merged = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    for (int k = 0; k < merged.length; k++) {
      merged[k] = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    }
    return new DurationStats(merged);
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
   * Returns the {@code q}-quantile, interpolating linearly between the nearest ranks, or empty with
   * no data.
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
    // To the nanosecond, so that the median of 1 and 2 ms is 1.5 ms, as Kaplan–Meier's is.
    double between = (rank - below) * (sortedMillis[above] - sortedMillis[below]);
    return Optional.of(
        Duration.ofMillis(sortedMillis[below]).plusNanos(Math.round(between * 1_000_000)));
  }

  /**
   * Returns {@code bins} equal-width bins from the shortest to the longest duration; each bin
   * includes its lower bound, and the last also its upper bound, which is the longest duration.
   * Bounds fall on whole nanoseconds, so a range shorter than {@code bins} milliseconds still gets
   * {@code bins} bins inside it; when every duration is the same there is one bin, from it to it.
   * Empty with no data.
   *
   * @throws IllegalArgumentException if {@code bins} is less than 1 or more than {@link #maxBins()}
   */
  public ImmutableList<HistogramBin> histogram(int bins) {
    checkArgument(
        bins >= 1 && bins <= MAX_BINS, "bins must be between 1 and %s: %s", MAX_BINS, bins);
    if (isEmpty()) {
      return ImmutableList.of();
    }
    long min = sortedMillis[0];
    long max = sortedMillis[sortedMillis.length - 1];
    if (min == max) {
      return ImmutableList.of(
          new HistogramBin(Duration.ofMillis(min), Duration.ofMillis(max), sortedMillis.length));
    }
    BigInteger range = BigInteger.valueOf(max).subtract(BigInteger.valueOf(min));
    BigInteger binCount = BigInteger.valueOf(bins);
    long[] counts = new long[bins];
    for (long millis : sortedMillis) {
      // floor((millis − min) × bins / range), exactly; the longest duration goes in the last bin.
      int bin =
          BigInteger.valueOf(millis)
              .subtract(BigInteger.valueOf(min))
              .multiply(binCount)
              .divide(range)
              .intValue();
      counts[Math.min(bins - 1, bin)]++;
    }
    ImmutableList.Builder<HistogramBin> result = ImmutableList.builder();
    Duration start = Duration.ofMillis(min);
    Duration width = Duration.ofMillis(max - min);
    for (int i = 0; i < bins; i++) {
      Duration to = i == bins - 1 ? Duration.ofMillis(max) : start.plus(part(width, i + 1, bins));
      result.add(new HistogramBin(start.plus(part(width, i, bins)), to, counts[i]));
    }
    return result.build();
  }

  /**
   * Returns {@code bins} bins whose bounds grow geometrically from the shortest positive duration
   * to the longest, so that each bin is the same factor wider than the one before: the shape of
   * durations that run from minutes to days, which equal-width bins crush into the first. Bounds
   * fall on whole milliseconds (bins that round to the same bounds are merged, so there may be
   * fewer); a duration of zero goes in the first bin, which then starts at zero; each bin includes
   * its lower bound, the last also its upper. With one distinct positive value (or none) there is
   * one bin. Empty with no data.
   *
   * @throws IllegalArgumentException if {@code bins} is less than 1 or more than {@link #maxBins()}
   */
  public ImmutableList<HistogramBin> logHistogram(int bins) {
    checkArgument(
        bins >= 1 && bins <= MAX_BINS, "bins must be between 1 and %s: %s", MAX_BINS, bins);
    if (isEmpty()) {
      return ImmutableList.of();
    }
    long max = sortedMillis[sortedMillis.length - 1];
    int firstPositive = 0;
    while (firstPositive < sortedMillis.length && sortedMillis[firstPositive] == 0) {
      firstPositive++;
    }
    long low = firstPositive < sortedMillis.length ? sortedMillis[firstPositive] : 0;
    if (low == max) {
      return ImmutableList.of(
          new HistogramBin(
              Duration.ofMillis(sortedMillis[0]), Duration.ofMillis(max), sortedMillis.length));
    }
    // Edges low·(max/low)^(i/bins), rounded to the millisecond; the outer two are exact.
    List<Long> edges = new ArrayList<>();
    edges.add(low);
    double ratio = Math.log((double) max / low);
    for (int i = 1; i < bins; i++) {
      long edge = Math.round(low * Math.exp(ratio * i / bins));
      if (edge > edges.get(edges.size() - 1) && edge < max) {
        edges.add(edge);
      }
    }
    edges.add(max);
    long[] counts = new long[edges.size() - 1];
    int bin = 0;
    for (long millis : sortedMillis) {
      while (bin < counts.length - 1 && millis >= edges.get(bin + 1)) {
        bin++;
      }
      counts[bin]++;
    }
    ImmutableList.Builder<HistogramBin> result = ImmutableList.builder();
    for (int i = 0; i < counts.length; i++) {
      long from = i == 0 ? sortedMillis[0] : edges.get(i);
      result.add(
          new HistogramBin(
              Duration.ofMillis(from), Duration.ofMillis(edges.get(i + 1)), counts[i]));
    }
    return result.build();
  }

  /** Returns {@code whole × i / n}, rounded down to the nanosecond. */
  private static Duration part(Duration whole, int i, int n) {
    BigInteger nanos =
        BigInteger.valueOf(whole.getSeconds())
            .multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(whole.getNano()))
            .multiply(BigInteger.valueOf(i))
            .divide(BigInteger.valueOf(n));
    BigInteger[] secondsAndNanos = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
  }

  /**
   * Returns whether {@code o} summarises the same durations, to the millisecond, in any order: then
   * every statistic of the two is equal.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DurationStats other && Arrays.equals(sortedMillis, other.sortedMillis);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sortedMillis);
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

  // Serialized as the durations alone, read back through ofMillis, so that what is read is checked.
  private Object writeReplace() {
    return new Durations(sortedMillis);
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("DurationStats are read through their durations");
  }

  private static final class Durations implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] millis;

    Durations(long[] millis) {
      this.millis = millis;
    }

    private Object readResolve() throws InvalidObjectException {
      try {
        return ofMillis(millis);
      } catch (RuntimeException e) {
        throw (InvalidObjectException)
            new InvalidObjectException(String.valueOf(e.getMessage())).initCause(e);
      }
    }
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
