package dev.funnel.scoring;

/**
 * What a {@link Score}'s value means, and how its contributions add up to it. *
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum ScoreScale {
  /** A number of points; the contributions, in points, sum to the value. */
  POINTS,
  /**
   * A probability strictly between 0 and 1; the contributions, in log-odds (natural logarithm), sum
   * to {@code log(p / (1 - p))}.
   */
  PROBABILITY
}
