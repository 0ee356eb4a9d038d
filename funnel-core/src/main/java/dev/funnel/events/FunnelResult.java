package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import dev.funnel.metrics.DurationStats;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of aggregating events into a window funnel.
 *
 * <p>Results of disjoint sets of subjects (partitions of an engine, files read apart) combine with
 * {@link #plus} into the result of all of them. Serializable as its counts and conversion times,
 * which are checked again when read. Immutable and thread-safe.
 */
public final class FunnelResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LevelCounts counts;
  private final Optional<ConversionTimes> conversionTimes;

  FunnelResult(LevelCounts counts, Optional<ConversionTimes> conversionTimes) {
    requireNonNull(counts, "counts");
    requireNonNull(conversionTimes, "conversionTimes");
    this.counts = counts;
    this.conversionTimes = conversionTimes;
  }

  /** Returns how many subjects reached each level. */
  public LevelCounts counts() {
    return counts;
  }

  /** Returns time to convert per step, when asked for with {@link Aggregation#conversionTimes}. */
  public Optional<ConversionTimes> conversionTimes() {
    return conversionTimes;
  }

  /**
   * Returns the result of this result's subjects and {@code other}'s together, which must be
   * different subjects: counts added, conversion times pooled.
   *
   * @throws IllegalArgumentException if the funnels' numbers of steps differ, or one result has
   *     conversion times and the other not
   * @throws ArithmeticException if a count overflows
   */
  public FunnelResult plus(FunnelResult other) {
    requireNonNull(other, "other");
    LevelCounts sum = counts.plus(other.counts);
    checkArgument(
        conversionTimes.isPresent() == other.conversionTimes.isPresent(),
        "cannot add a result %s conversion times to one %s",
        other.conversionTimes.isPresent() ? "with" : "without",
        conversionTimes.isPresent() ? "with them" : "without them");
    return new FunnelResult(
        sum, conversionTimes.map(times -> times.plus(other.conversionTimes.orElseThrow())));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FunnelResult other)) {
      return false;
    }
    return counts.equals(other.counts) && conversionTimes.equals(other.conversionTimes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(counts, conversionTimes);
  }

  // Serialized as counts and durations, read back through the factories that check them.
  private Object writeReplace() {
    long[] exactly = new long[counts.steps() + 1];
    Arrays.setAll(exactly, counts::exactly);
    return new Parts(exactly, conversionTimes.orElse(null));
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("a FunnelResult is read through its parts");
  }

  private static final class Parts implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] exactly;
    private final @Nullable List<DurationStats> toStep;
    private final @Nullable DurationStats endToEnd;

    Parts(long[] exactly, @Nullable ConversionTimes times) {
      this.exactly = exactly;
      this.toStep = times == null ? null : new ArrayList<>(times.toSteps());
      this.endToEnd = times == null ? null : times.endToEnd();
    }

    private Object readResolve() throws InvalidObjectException {
      try {
        LevelCounts counts = LevelCounts.ofExactly(exactly);
        if (toStep == null || endToEnd == null) {
          return new FunnelResult(counts, Optional.empty());
        }
        checkArgument(
            toStep.size() == Math.max(0, counts.steps() - 1),
            "%s steps need %s times to a step, not %s",
            counts.steps(),
            Math.max(0, counts.steps() - 1),
            toStep.size());
        return new FunnelResult(
            counts, Optional.of(new ConversionTimes(ImmutableList.copyOf(toStep), endToEnd)));
      } catch (RuntimeException e) {
        throw (InvalidObjectException)
            new InvalidObjectException(String.valueOf(e.getMessage())).initCause(e);
      }
    }
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("counts", counts)
        .add("conversionTimes", conversionTimes)
        .toString();
  }
}
