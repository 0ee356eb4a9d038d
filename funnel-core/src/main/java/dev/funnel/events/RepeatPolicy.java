package dev.funnel.events;

/**
 * What an event does when it matches a step the subject has already reached (a repeat). Repeats of
 * step 1 are not affected: they follow the {@link WindowAnchor}.
 *
 * <p>Worked example, steps A → B → C → D, no window limit: events A, B, C, B, D. {@link #IGNORE}
 * reaches level 4 (A, B, C, D); {@link #STOP} reaches level 3 (the second B ends the search);
 * {@link #RESTART} reaches level 3 (the second B clears the chain, and B, D alone reach nothing
 * new).
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum RepeatPolicy {
  /** Repeats are ordinary events. The default, as in ClickHouse's {@code windowFunnel}. */
  IGNORE,
  /**
   * A repeat of a reached step (other than step 1) ends the search: later events are not looked at.
   * The idea of ClickHouse's {@code strict_deduplication}, which computes its level differently in
   * places; for ClickHouse's own numbers use {@link Dialect#clickHouse(String...)} with {@code
   * "strict_deduplication"}.
   */
  STOP,
  /**
   * A repeat of a reached step (other than step 1) clears every chain in progress and the search
   * goes on from that event, keeping the level reached so far. This is not Doris's {@code
   * deduplication}, where a repeat of step 1 counts too and ends the chain (login, visit, login,
   * order gives 2 there and 3 here): for Doris's numbers use {@link Dialect#doris(String)}.
   */
  RESTART
}
