/**
 * Scoring and prioritising leads: fit rules over attributes, engagement rules over activities (with
 * windows, decay and caps), weighted composition, grade matrices, tiers and work lists; a naive
 * Bayes win probability learned from closed leads, logistic re-weighting of rule points, and
 * evaluation on held-out leads (ROC AUC, deciles, calibration).
 *
 * <p>Every score explains itself: a {@link dev.funnel.scoring.Score} lists the contribution of each
 * rule or factor, and the contributions add up to the score (in points, or in log-odds for
 * probabilities). Configurations and models are immutable and thread-safe; the only mutable type is
 * {@link dev.funnel.scoring.EngagementTracker}, which is not thread-safe.
 */
@NullMarked
package dev.funnel.scoring;

import org.jspecify.annotations.NullMarked;
