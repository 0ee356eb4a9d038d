package dev.funnel.model;

/**
 * Whether a stage is still part of the journey or ends it.
 *
 * <p>Every B2B pipeline has the two terminal outcomes, whatever its open stages are called: a deal
 * is won or lost. A funnel may also have no terminal stage at all (a customer funnel that ends in
 * "loyal customer", for instance).
 *
 * <p>Fixed: no value will be added.
 */
public enum StageKind {
  /** A stage on the way: the lead is still in play. */
  OPEN,
  /** The sale closed: the lead became a customer. */
  WON,
  /** The lead was disqualified or the deal was lost. */
  LOST;

  /** Returns whether this kind ends the journey (won or lost). */
  public boolean isTerminal() {
    return this != OPEN;
  }
}
