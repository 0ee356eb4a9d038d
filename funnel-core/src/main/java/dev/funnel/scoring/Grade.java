package dev.funnel.scoring;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cell of a {@link GradeMatrix}: a fit letter (A best, C worst) and an engagement number (1 best,
 * 3 worst), written "A1" … "C3", with the two scores it came from.
 *
 * <p>Immutable and thread-safe.
 */
public final class Grade {
  private final Tier fit;
  private final Tier engagement;
  private final Score fitScore;
  private final Score engagementScore;

  Grade(Tier fit, Tier engagement, Score fitScore, Score engagementScore) {
    requireNonNull(fit, "fit");
    requireNonNull(engagement, "engagement");
    requireNonNull(fitScore, "fitScore");
    requireNonNull(engagementScore, "engagementScore");
    this.fit = fit;
    this.engagement = engagement;
    this.fitScore = fitScore;
    this.engagementScore = engagementScore;
  }

  /** Returns the fit tier: HIGH is A, MEDIUM is B, LOW is C. */
  public Tier fit() {
    return fit;
  }

  /** Returns the engagement tier: HIGH is 1, MEDIUM is 2, LOW is 3. */
  public Tier engagement() {
    return engagement;
  }

  /** Returns the fit score. */
  public Score fitScore() {
    return fitScore;
  }

  /** Returns the engagement score. */
  public Score engagementScore() {
    return engagementScore;
  }

  /** Returns the grade as sellers write it: "A1" … "C3". */
  public String label() {
    return letter(fit) + number(engagement);
  }

  private static String letter(Tier tier) {
    return switch (tier) {
      case HIGH -> "A";
      case MEDIUM -> "B";
      case LOW -> "C";
    };
  }

  private static String number(Tier tier) {
    return switch (tier) {
      case HIGH -> "1";
      case MEDIUM -> "2";
      case LOW -> "3";
    };
  }

  @Override
  public String toString() {
    return label();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Grade other)) {
      return false;
    }
    return fit.equals(other.fit)
        && engagement.equals(other.engagement)
        && fitScore.equals(other.fitScore)
        && engagementScore.equals(other.engagementScore);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fit, engagement, fitScore, engagementScore);
  }
}
