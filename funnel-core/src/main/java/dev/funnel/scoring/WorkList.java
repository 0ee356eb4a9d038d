package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Prioritised work lists: the leads a team should work first, best first. Equal priorities are
 * ordered by lead id, so that a list is reproducible.
 *
 * <p>Stateless and thread-safe. Every lead given appears in the list: nothing is filtered.
 */
public final class WorkList {
  private WorkList() {}

  /** Orders leads by score, highest first. Throws what the scorer throws. */
  public static ImmutableList<WorkItem> byScore(
      LeadScorer scorer, Collection<Lead> leads, Instant now) {
    requireNonNull(scorer, "scorer");
    requireNonNull(now, "now");
    List<Scored> scored = new ArrayList<>(leads.size());
    for (Lead lead : leads) {
      Score score = scorer.score(lead, now);
      scored.add(new Scored(lead, score, score.value()));
    }
    return ranked(scored);
  }

  /**
   * Orders leads by expected value, win probability × deal value, highest first.
   *
   * @throws IllegalArgumentException if the scorer does not give {@link ScoreScale#PROBABILITY
   *     probabilities} (naming the lead), or throws what the scorer throws
   */
  public static ImmutableList<WorkItem> byExpectedValue(
      LeadScorer winProbability, Collection<Lead> leads, Instant now) {
    requireNonNull(winProbability, "winProbability");
    requireNonNull(now, "now");
    List<Scored> scored = new ArrayList<>(leads.size());
    for (Lead lead : leads) {
      Score score = winProbability.score(lead, now);
      checkArgument(
          score.scale() == ScoreScale.PROBABILITY,
          "expected value needs a win probability, but lead '%s' got %s",
          lead.id(),
          score);
      scored.add(new Scored(lead, score, score.value() * lead.value().doubleValue()));
    }
    return ranked(scored);
  }

  private record Scored(Lead lead, Score score, double priority) {}

  private static ImmutableList<WorkItem> ranked(List<Scored> scored) {
    scored.sort(
        Comparator.comparingDouble(Scored::priority).reversed().thenComparing(s -> s.lead().id()));
    ImmutableList.Builder<WorkItem> items = ImmutableList.builderWithExpectedSize(scored.size());
    for (int i = 0; i < scored.size(); i++) {
      Scored s = scored.get(i);
      items.add(new WorkItem(i + 1, s.lead(), s.score(), s.priority()));
    }
    return items.build();
  }
}
