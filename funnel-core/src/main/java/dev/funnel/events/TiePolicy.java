package dev.funnel.events;

/**
 * How events with equal timestamps may chain.
 *
 * <p>A subject's events are ordered by timestamp, then by the lowest step each matches, then by
 * input position; chains follow that order. Worked example, steps A → B: events B@5, A@5. {@link
 * #ALLOW_EQUAL} reaches level 2 (equal times chain in step order, whatever the input order); {@link
 * #STRICT_INCREASE} reaches level 1.
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum TiePolicy {
  /** Consecutive steps may have equal timestamps. The default. */
  ALLOW_EQUAL,
  /**
   * Each step must happen strictly after the one before, as in ClickHouse's {@code strict_increase}
   * and Doris's {@code increase} (their dialects, {@link Dialect}, reproduce their other rules
   * too).
   */
  STRICT_INCREASE
}
