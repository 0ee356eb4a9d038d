package dev.funnel.scoring;

/** A lead's priority class, from {@link Tiers}. Fixed: no value will be added. */
public enum Tier {
  /** Work these first. */
  HIGH,
  /** Work these when the high tier is covered. */
  MEDIUM,
  /** Nurture rather than call. */
  LOW
}
