package dev.funnel.scoring;

import dev.funnel.model.Lead;
import java.time.Instant;

/**
 * Scores a lead at a moment in time and explains the score.
 *
 * <p>{@code now} is passed in rather than read from a clock, so that scores are reproducible and
 * time-dependent parts (decay, activation windows) are a function of it. Implementations are
 * immutable and thread-safe unless they say otherwise ({@link EngagementTracker} does).
 *
 * <p>Strategies: {@link FitScorer} (points for attributes), {@link EngagementTracker} (points for
 * activities), {@link WeightedScorer} (a weighted sum of scorers), {@link NaiveBayesModel} (a
 * learned win probability) and {@link LogisticModel} (rule points re-weighted from outcomes).
 */
@FunctionalInterface
public interface LeadScorer {

  /**
   * Scores one lead.
   *
   * @throws IllegalArgumentException if the scorer cannot score this lead (each implementation says
   *     when), naming the lead and the reason
   */
  Score score(Lead lead, Instant now);
}
