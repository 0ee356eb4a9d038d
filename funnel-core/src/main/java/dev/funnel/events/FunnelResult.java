package dev.funnel.events;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The result of aggregating events into a window funnel.
 *
 * <p>Immutable and thread-safe.
 *
 * @param counts how many subjects reached each level
 * @param conversionTimes time to convert per step, when asked for with {@link
 *     Aggregation#conversionTimes}
 */
public record FunnelResult(LevelCounts counts, Optional<ConversionTimes> conversionTimes) {
  /** Validates that no component is null. */
  public FunnelResult {
    requireNonNull(counts, "counts");
    requireNonNull(conversionTimes, "conversionTimes");
  }
}
