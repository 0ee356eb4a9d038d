package dev.funnel.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.rules.RuleDecision;
import dev.funnel.rules.Transition;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.Violation;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The contract every {@link TransitionRule} keeps, as JUnit 5 tests: extend this class, say which
 * rule and funnel, and the tests check it over generated leads, targets and times.
 *
 * <pre>{@code
 * class BigDealsNeedApprovalTest extends TransitionRuleContract {
 *   protected TransitionRule rule() { return MyRules.bigDealsNeedApproval(); }
 *   protected Funnel funnel() { return MyFunnels.sales(); }
 * }
 * }</pre>
 *
 * <p>The contract: the rule is pure (one move, one decision, however often it is asked); it never
 * throws on a valid move (a lead of the funnel, a stage of the funnel, a time not before the lead
 * entered its stage); every refusal names its rule and says what is wrong; and a move it refuses
 * changes nothing. Override {@link #leads()} when the rule reads attributes the generated leads do
 * not have, and {@link #examples()} for more or fewer cases.
 */
public abstract class TransitionRuleContract {

  /** Returns the rule under test. */
  protected abstract TransitionRule rule();

  /** Returns the funnel the rule governs. */
  protected abstract Funnel funnel();

  /** Returns the leads to try moves with: {@link Leads#leads(Funnel)} of {@link #funnel()}. */
  protected Gen<Lead> leads() {
    return Leads.leads(funnel());
  }

  /** Returns how many moves each property tries: 300. */
  protected int examples() {
    return 300;
  }

  /** Returns the seed of the generated moves, so that a failure repeats: fixed. */
  protected long seed() {
    return 20_261_203L;
  }

  private Gen<Transition> transitions() {
    Funnel funnel = funnel();
    return leads()
        .zip(
            Generate.range(0, funnel.stages().size() - 1),
            Generate.range(0, 24 * 60),
            (lead, target, hours) ->
                new Transition(
                    funnel,
                    lead,
                    funnel.stage(lead.currentStageId()),
                    funnel.stages().get(target),
                    lead.currentVisit().entered().plus(Duration.ofHours(hours)),
                    "contract"));
  }

  @Test
  void aValidMoveNeverThrows() {
    TransitionRule rule = rule();
    forEveryMove(t -> assertDoesNotThrow(() -> rule.evaluate(t), () -> "evaluating " + t));
  }

  @Test
  void theSameMoveGetsTheSameDecision() {
    TransitionRule rule = rule();
    forEveryMove(t -> assertEquals(rule.evaluate(t), rule.evaluate(t), () -> "deciding " + t));
  }

  @Test
  void everyRefusalNamesItsRuleAndWhatIsWrong() {
    TransitionRule rule = rule();
    forEveryMove(
        t -> {
          RuleDecision decision = rule.evaluate(t);
          for (Violation violation : decision.violations()) {
            assertFalse(violation.rule().isBlank(), () -> "a violation without a rule: " + t);
            assertFalse(violation.message().isBlank(), () -> "a violation without a message: " + t);
          }
        });
  }

  @Test
  void aRefusedMoveChangesNothing() {
    TransitionEngine engine = TransitionEngine.builder(funnel()).rule(rule()).build();
    forEveryMove(
        t -> {
          Lead before = t.lead();
          TransitionResult result = engine.move(before, t.to().id(), t.at(), t.reason());
          if (!result.isAccepted()) {
            assertSame(before, result.lead(), () -> "a refused move changed the lead: " + t);
            assertFalse(result.violations().isEmpty(), () -> "refused without reason: " + t);
          } else {
            Stage now = funnel().stage(result.lead().currentStageId());
            assertEquals(t.to(), now, () -> "an accepted move went elsewhere: " + t);
            assertTrue(
                result.isStay() || result.lead().history().size() == before.history().size() + 1,
                () -> "an accepted move did not add one visit: " + t);
          }
        });
  }

  private void forEveryMove(Consumer<Transition> property) {
    qt().withExamples(examples()).withFixedSeed(seed()).forAll(transitions()).checkAssert(property);
  }
}
