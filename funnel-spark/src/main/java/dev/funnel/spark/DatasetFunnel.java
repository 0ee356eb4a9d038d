package dev.funnel.spark;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableSortedMap;
import dev.funnel.events.FunnelResult;
import dev.funnel.events.LevelCounts;

/**
 * A window funnel aggregated from a whole Spark dataset ({@link DatasetAggregation#run}): the
 * funnel's counts per level and, when asked for, its conversion times and each segment's counts.
 *
 * <p>Immutable and thread-safe.
 */
public final class DatasetFunnel {
  private final FunnelResult result;
  private final ImmutableSortedMap<String, LevelCounts> segments;

  DatasetFunnel(FunnelResult result, ImmutableSortedMap<String, LevelCounts> segments) {
    this.result = result;
    this.segments = segments;
  }

  /**
   * Returns the counts per level of every subject, and the conversion times if {@link
   * DatasetAggregation#conversionTimes} asked for them.
   */
  public FunnelResult result() {
    return result;
  }

  /**
   * Returns the counts of each segment that has subjects, by segment in ascending order, subjects
   * without one under {@code "(none)"}; empty unless {@link DatasetAggregation#segment} named a
   * column. The segments' counts add up to {@link #result()}'s.
   */
  public ImmutableSortedMap<String, LevelCounts> segments() {
    return segments;
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("result", result)
        .add("segments", segments)
        .toString();
  }
}
