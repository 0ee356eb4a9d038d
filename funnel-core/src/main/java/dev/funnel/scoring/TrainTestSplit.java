package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Closed leads split into a training part and a held-out test part, stratified by outcome (won and
 * lost leads are split separately, so both parts keep the overall win rate) and reproducible: the
 * same leads in the same order with the same seed give the same split.
 *
 * <p>Immutable and thread-safe.
 *
 * @param train the leads to learn from
 * @param test the held-out leads to evaluate on
 */
public record TrainTestSplit(ImmutableList<Lead> train, ImmutableList<Lead> test) {

  /** Validates the components. */
  public TrainTestSplit {
    requireNonNull(train, "train");
    requireNonNull(test, "test");
  }

  /**
   * Splits closed leads: of each outcome, {@code round(testFraction × count)} leads, drawn with the
   * seed, go to the test part.
   *
   * @throws IllegalArgumentException if the fraction is not strictly between 0 and 1, or a lead is
   *     still open
   */
  public static TrainTestSplit fromLeads(
      Funnel funnel, Collection<Lead> closedLeads, double testFraction, long seed) {
    requireNonNull(funnel, "funnel");
    requireNonNull(closedLeads, "closedLeads");
    checkArgument(
        testFraction > 0 && testFraction < 1,
        "test fraction must be strictly between 0 and 1: %s",
        testFraction);
    List<Lead> won = new ArrayList<>();
    List<Lead> lost = new ArrayList<>();
    for (Lead lead : closedLeads) {
      (ClosedLead.of(funnel, lead).won() ? won : lost).add(lead);
    }
    SplittableRandom random = new SplittableRandom(seed);
    ImmutableList.Builder<Lead> train = ImmutableList.builder();
    ImmutableList.Builder<Lead> test = ImmutableList.builder();
    for (List<Lead> outcome : List.of(won, lost)) {
      // A partial Fisher–Yates shuffle draws the test leads.
      int testCount = (int) Math.round(testFraction * outcome.size());
      for (int i = 0; i < testCount; i++) {
        int j = i + random.nextInt(outcome.size() - i);
        Lead picked = outcome.get(j);
        outcome.set(j, outcome.get(i));
        outcome.set(i, picked);
      }
      test.addAll(outcome.subList(0, testCount));
      train.addAll(outcome.subList(testCount, outcome.size()));
    }
    return new TrainTestSplit(train.build(), test.build());
  }
}
