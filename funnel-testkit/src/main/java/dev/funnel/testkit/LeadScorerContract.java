package dev.funnel.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.scoring.Contribution;
import dev.funnel.scoring.LeadScorer;
import dev.funnel.scoring.Score;
import dev.funnel.scoring.ScoreScale;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The contract every {@link LeadScorer} keeps, as JUnit 5 tests: extend this class, say which
 * scorer and funnel, and the tests check it over generated leads and times.
 *
 * <p>The contract: a score is a function of the lead and the time (the same lead at the same time
 * scores the same); its contributions add up to it (a point score is their sum, a probability the
 * logistic of their sum of log-odds); it is finite, a probability strictly between 0 and 1; and it
 * stays within the scorer's caps ({@link #minimum()}, {@link #maximum()}). A scorer may refuse a
 * lead it cannot score with an {@link IllegalArgumentException} that names the lead; it then
 * refuses it every time.
 */
public abstract class LeadScorerContract {

  /** Returns the scorer under test. */
  protected abstract LeadScorer scorer();

  /** Returns the funnel of the leads the scorer scores. */
  protected abstract Funnel funnel();

  /** Returns the leads to score: {@link Leads#leads(Funnel)} of {@link #funnel()}. */
  protected Gen<Lead> leads() {
    return Leads.leads(funnel());
  }

  /** Returns the lowest score the scorer may give: no bound unless overridden. */
  protected double minimum() {
    return Double.NEGATIVE_INFINITY;
  }

  /** Returns the highest score the scorer may give: no bound unless overridden. */
  protected double maximum() {
    return Double.POSITIVE_INFINITY;
  }

  /** Returns how many leads each property scores: 300. */
  protected int examples() {
    return 300;
  }

  /** Returns the seed of the generated leads, so that a failure repeats: fixed. */
  protected long seed() {
    return 20_261_203L;
  }

  /** A lead and a time at or after its last move, up to 60 days later. */
  private record Case(Lead lead, Instant now) {}

  private Gen<Case> cases() {
    return leads()
        .zip(
            Generate.range(0, 24 * 60),
            (lead, hours) ->
                new Case(lead, lead.currentVisit().entered().plus(Duration.ofHours(hours))));
  }

  @Test
  void theSameLeadAtTheSameTimeScoresTheSame() {
    LeadScorer scorer = scorer();
    forEveryCase(
        c -> assertEquals(scoreOrNull(scorer, c), scoreOrNull(scorer, c), () -> "scoring " + c));
  }

  @Test
  void contributionsAddUpToTheScore() {
    forEveryScore(
        (c, score) -> {
          double sum = 0;
          double magnitude = 1;
          for (Contribution contribution : score.contributions()) {
            sum += contribution.amount();
            magnitude += Math.abs(contribution.amount());
          }
          double expected =
              score.scale() == ScoreScale.PROBABILITY ? 1 / (1 + Math.exp(-sum)) : sum;
          assertEquals(expected, score.value(), 1e-9 * magnitude, () -> "contributions of " + c);
        });
  }

  @Test
  void scoresAreFiniteAndWithinTheCaps() {
    forEveryScore(
        (c, score) -> {
          double value = score.value();
          assertTrue(Double.isFinite(value), () -> "score of " + c + " is " + value);
          if (score.scale() == ScoreScale.PROBABILITY) {
            assertTrue(value > 0 && value < 1, () -> "probability of " + c + " is " + value);
          }
          assertTrue(
              value >= minimum() && value <= maximum(),
              () -> "score of " + c + " is " + value + ", outside the caps");
        });
  }

  private void forEveryCase(Consumer<Case> property) {
    qt().withExamples(examples()).withFixedSeed(seed()).forAll(cases()).checkAssert(property);
  }

  /** Checks the property on every case the scorer scores (the ones it refuses are checked too). */
  private void forEveryScore(BiConsumer<Case, Score> property) {
    LeadScorer scorer = scorer();
    forEveryCase(
        c -> {
          Score score = scoreOrNull(scorer, c);
          if (score != null) {
            property.accept(c, score);
          }
        });
  }

  /** Returns the score, or null when the scorer refuses the lead, naming it as it must. */
  private static @Nullable Score scoreOrNull(LeadScorer scorer, Case c) {
    try {
      return scorer.score(c.lead(), c.now());
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      assertTrue(
          message.contains(c.lead().id()),
          () -> "refusing lead '" + c.lead().id() + "' without naming it: " + message);
      return null;
    }
  }
}
