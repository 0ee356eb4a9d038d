package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import dev.funnel.model.Lead;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a {@link WorkList}: a lead, its score and the priority the list was ordered by.
 *
 * <p>Immutable and thread-safe.
 */
public final class WorkItem {
  private final int rank;
  private final Lead lead;
  private final Score score;
  private final double priority;

  WorkItem(int rank, Lead lead, Score score, double priority) {
    requireNonNull(lead, "lead");
    requireNonNull(score, "score");
    checkArgument(rank >= 1, "rank must be at least 1: %s", rank);
    checkArgument(!Double.isNaN(priority), "priority of lead '%s' is NaN", lead.id());
    this.rank = rank;
    this.lead = lead;
    this.score = score;
    this.priority = priority;
  }

  /** Returns 1 for the lead to work first. */
  public int rank() {
    return rank;
  }

  /** Returns the lead. */
  public Lead lead() {
    return lead;
  }

  /** Returns its score, with the explanation. */
  public Score score() {
    return score;
  }

  /**
   * Returns what the list is ordered by: the score, or the expected value (win probability × deal
   * value) .
   */
  public double priority() {
    return priority;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WorkItem other)) {
      return false;
    }
    return rank == other.rank
        && lead.equals(other.lead)
        && score.equals(other.score)
        && Double.compare(priority, other.priority) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(rank, lead, score, priority);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("rank", rank)
        .add("lead", lead)
        .add("score", score)
        .add("priority", priority)
        .toString();
  }
}
