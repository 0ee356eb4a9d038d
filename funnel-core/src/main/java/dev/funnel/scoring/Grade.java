package dev.funnel.scoring;

import static java.util.Objects.requireNonNull;

/**
 * A cell of a {@link GradeMatrix}: a fit letter (A best, C worst) and an engagement number (1 best,
 * 3 worst), written "A1" … "C3", with the two scores it came from.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fit the fit tier: HIGH is A, MEDIUM is B, LOW is C
 * @param engagement the engagement tier: HIGH is 1, MEDIUM is 2, LOW is 3
 * @param fitScore the fit score
 * @param engagementScore the engagement score
 */
public record Grade(Tier fit, Tier engagement, Score fitScore, Score engagementScore) {

  /** Validates the components. */
  public Grade {
    requireNonNull(fit, "fit");
    requireNonNull(engagement, "engagement");
    requireNonNull(fitScore, "fitScore");
    requireNonNull(engagementScore, "engagementScore");
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
}
