package dev.funnel.events;

/**
 * Which step-1 event opens the window in which the later steps must happen.
 *
 * <p>Worked example, steps A → B → C, window 60: events A@0, A@30, B@45, C@75. {@link
 * #LATEST_ENTRY} reaches level 3 (the chain A@30, B@45, C@75 spans 45); {@link #FIRST_ENTRY}
 * reaches level 2 (from A@0, C@75 is outside the window).
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum WindowAnchor {
  /**
   * Every step-1 event may open a window; a later one restarts it. The semantics of ClickHouse's
   * {@code windowFunnel} and PostHog. The default.
   */
  LATEST_ENTRY,
  /** Only the subject's first step-1 event opens the window (Mixpanel's default). */
  FIRST_ENTRY
}
