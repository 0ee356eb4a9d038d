package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.funnel.model.Lead;

/**
 * One line of a {@link WorkList}: a lead, its score and the priority the list was ordered by.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rank 1 for the lead to work first
 * @param lead the lead
 * @param score its score, with the explanation
 * @param priority what the list is ordered by: the score, or the expected value (win probability ×
 *     deal value)
 */
public record WorkItem(int rank, Lead lead, Score score, double priority) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if the rank is below 1 or the priority NaN
   */
  public WorkItem {
    requireNonNull(lead, "lead");
    requireNonNull(score, "score");
    checkArgument(rank >= 1, "rank must be at least 1: %s", rank);
    checkArgument(!Double.isNaN(priority), "priority of lead '%s' is NaN", lead.id());
  }
}
