package dev.funnel.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import dev.funnel.rules.RuleDecision;
import dev.funnel.rules.TransitionRule;
import dev.funnel.scoring.Contribution;
import dev.funnel.scoring.LeadScorer;
import dev.funnel.scoring.Score;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each clause of the contracts fails for an implementation that breaks it. */
class ContractsCatchBrokenImplementationsTest {
  private static final Funnel FUNNEL =
      Funnel.builder("sales")
          .stage(Stage.open("lead"))
          .stage(Stage.open("proposal"))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();

  private static TransitionRuleContract ruleContract(TransitionRule rule) {
    return new TransitionRuleContract() {
      @Override
      protected TransitionRule rule() {
        return rule;
      }

      @Override
      protected Funnel funnel() {
        return FUNNEL;
      }
    };
  }

  private static LeadScorerContract scorerContract(LeadScorer scorer, double maximum) {
    return new LeadScorerContract() {
      @Override
      protected LeadScorer scorer() {
        return scorer;
      }

      @Override
      protected Funnel funnel() {
        return FUNNEL;
      }

      @Override
      protected double maximum() {
        return maximum;
      }
    };
  }

  @Test
  void aRuleThatThrowsOnAValidMove() {
    TransitionRule throwsIntoLost =
        t -> {
          if (t.to().kind() == StageKind.LOST) {
            throw new IllegalStateException("no lost stage expected");
          }
          return RuleDecision.allow();
        };
    assertThatThrownBy(() -> ruleContract(throwsIntoLost).aValidMoveNeverThrows())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aRuleThatChangesItsMind() {
    AtomicInteger calls = new AtomicInteger();
    TransitionRule alternates =
        t ->
            calls.incrementAndGet() % 2 == 0
                ? RuleDecision.allow()
                : RuleDecision.deny("moody", "not today");
    assertThatThrownBy(() -> ruleContract(alternates).theSameMoveGetsTheSameDecision())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aRuleThatRefusesWithoutSayingWhy() {
    TransitionRule silent = t -> RuleDecision.deny("silent", " ");
    assertThatThrownBy(() -> ruleContract(silent).everyRefusalNamesItsRuleAndWhatIsWrong())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aScorerBeyondItsCapOrRefusingWithoutNamingTheLead() {
    LeadScorer valueInThousands =
        (lead, now) ->
            Score.points(List.of(new Contribution("value", lead.value().doubleValue() / 1000)));
    assertThatThrownBy(() -> scorerContract(valueInThousands, 50).scoresAreFiniteAndWithinTheCaps())
        .isInstanceOf(AssertionError.class);

    LeadScorer refusesAnonymously =
        (lead, now) -> {
          throw new IllegalArgumentException("cannot score this one");
        };
    assertThatThrownBy(
            () -> scorerContract(refusesAnonymously, 50).theSameLeadAtTheSameTimeScoresTheSame())
        .isInstanceOf(AssertionError.class);
  }
}
