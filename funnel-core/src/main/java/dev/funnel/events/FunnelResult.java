package dev.funnel.events;

import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of aggregating events into a window funnel.
 *
 * <p>Immutable and thread-safe.
 */
public final class FunnelResult {
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

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("counts", counts)
        .add("conversionTimes", conversionTimes)
        .toString();
  }
}
