package dev.funnel.scoring;

/** A lead's priority class, from {@link Tiers}. */
public enum Tier {
  /** Work these first. */
  HIGH,
  /** Work these when the high tier is covered. */
  MEDIUM,
  /** Nurture rather than call. */
  LOW
}
