package dev.funnel.events;

/**
 * What an event does when it matches a step the subject has already reached (a repeat). Repeats
 * of step 1 are not affected: they follow the {@link WindowAnchor}.
 *
 * <p>Worked example, steps A → B → C → D, no window limit: events A, B, C, B, D. {@link #IGNORE}
 * reaches level 4 (A, B, C, D); {@link #STOP} reaches level 3 (the second B ends the search);
 * {@link #RESTART} reaches level 3 (the second B clears the chain, and B, D alone reach nothing
 * new).
 */
public enum RepeatPolicy {
  /** Repeats are ordinary events. The default, as in ClickHouse's {@code windowFunnel}. */
  IGNORE,
  /**
   * A repeat of a reached step (other than step 1) ends the search: later events are not looked
   * at. ClickHouse's {@code strict_deduplication}.
   */
  STOP,
  /**
   * A repeat of a reached step (other than step 1) clears every chain in progress and the search
   * goes on from that event, keeping the level reached so far. The deduplication mode of Doris
   * and StarRocks.
   */
  RESTART
}
