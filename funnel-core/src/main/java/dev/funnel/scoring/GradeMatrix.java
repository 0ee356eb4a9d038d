package dev.funnel.scoring;

import static java.util.Objects.requireNonNull;

import dev.funnel.model.Lead;
import java.time.Instant;

/**
 * The fit × engagement grade matrix: a lead's fit score gives a letter (A, B, C by {@code
 * fitBands}), its engagement score a number (1, 2, 3 by {@code engagementBands}). An A1 fits well
 * and is engaged now; a C1 is busy but a poor fit; an A3 fits well but needs nurturing.
 *
 * <p>Immutable and thread-safe if its scorers are.
 *
 * @param fit the fit scorer
 * @param fitBands the lowest A and B fit scores
 * @param engagement the engagement scorer
 * @param engagementBands the lowest 1 and 2 engagement scores
 */
public record GradeMatrix(
    LeadScorer fit, Tiers fitBands, LeadScorer engagement, Tiers engagementBands) {

  /** Validates the components. */
  public GradeMatrix {
    requireNonNull(fit, "fit");
    requireNonNull(fitBands, "fitBands");
    requireNonNull(engagement, "engagement");
    requireNonNull(engagementBands, "engagementBands");
  }

  /** Grades one lead; throws what the scorers throw. */
  public Grade grade(Lead lead, Instant now) {
    Score fitScore = fit.score(lead, now);
    Score engagementScore = engagement.score(lead, now);
    return new Grade(
        fitBands.tierOf(fitScore),
        engagementBands.tierOf(engagementScore),
        fitScore,
        engagementScore);
  }
}
