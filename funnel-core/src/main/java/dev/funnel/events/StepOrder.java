package dev.funnel.events;

/**
 * Whether other events may happen between the steps of a chain.
 *
 * <p>Worked example, steps A → B → C → D: events A, B, D, C. {@link #SEQUENTIAL} reaches level 3
 * (A, B, C, with D in between ignored; D itself comes too early for level 4); {@link #STRICT}
 * reaches level 2, because D interrupts between B and C.
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum StepOrder {
  /** Other events may come between consecutive steps. The default. */
  SEQUENTIAL,
  /**
   * Consecutive steps must be consecutive among the subject's tracked events (events that match
   * some step): any tracked event in between breaks the chain. Events that match no step are
   * ignored, as if filtered out before the funnel. This differs from ClickHouse's {@code
   * strict_order} both ways (there a row that matches nothing breaks the chain, and a repeat of a
   * reached step passes): for ClickHouse's numbers use {@link Dialect#clickHouse(String...)}.
   */
  STRICT
}
