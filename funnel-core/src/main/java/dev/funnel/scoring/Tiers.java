package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Classifies scores into {@link Tier}s by two thresholds: at least {@code high} is HIGH, at least
 * {@code medium} is MEDIUM, anything below is LOW. Re-evaluate as scores change: a tier is a
 * function of the score, never stored.
 *
 * <p>Immutable and thread-safe.
 *
 * @param high the lowest HIGH score
 * @param medium the lowest MEDIUM score
 */
public record Tiers(double high, double medium) {

  /**
   * Validates the thresholds.
   *
   * @throws IllegalArgumentException if a threshold is not finite or {@code medium > high}
   */
  public Tiers {
    checkArgument(Double.isFinite(high), "high threshold must be finite: %s", high);
    checkArgument(Double.isFinite(medium), "medium threshold must be finite: %s", medium);
    checkArgument(
        medium <= high,
        "medium threshold %s must not be above the high threshold %s",
        medium,
        high);
  }

  /** Returns tiers with these thresholds. */
  public static Tiers of(double high, double medium) {
    return new Tiers(high, medium);
  }

  /**
   * Returns the tier of a score value.
   *
   * @throws IllegalArgumentException if the value is NaN
   */
  public Tier tierOf(double value) {
    checkArgument(!Double.isNaN(value), "cannot classify a NaN score");
    return value >= high ? Tier.HIGH : value >= medium ? Tier.MEDIUM : Tier.LOW;
  }

  /** Returns the tier of a score. */
  public Tier tierOf(Score score) {
    return tierOf(score.value());
  }
}
