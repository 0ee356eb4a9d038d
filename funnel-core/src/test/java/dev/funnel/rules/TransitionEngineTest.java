package dev.funnel.rules;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.StageVisit;
import dev.funnel.testing.SampleFunnels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TransitionEngineTest {
  private final Funnel funnel = SampleFunnels.simple();
  private final Instant now = T0.plus(Duration.ofDays(5));
  private final TransitionEngine engine =
      TransitionEngine.builder(funnel)
          .rule(TransitionRules.terminalLock())
          .rule(TransitionRules.maxForwardSteps(1))
          .ruleInto("qualified", TransitionRules.requiredAttributes("budget", "decision_date"))
          .clock(Clock.fixed(now, ZoneOffset.UTC))
          .build();
  private final Lead lead = Lead.builder("L-7").startIn("new", T0).build();

  @Test
  void anAcceptedMoveExtendsTheHistoryAtTheClocksTime() {
    TransitionResult result = engine.move(lead, "contacted", "called back");

    assertThat(result.isAccepted()).isTrue();
    assertThat(result.violations()).isEmpty();
    Lead moved = result.leadOrThrow();
    assertThat(moved.currentStageId()).isEqualTo("contacted");
    assertThat(moved.currentVisit()).isEqualTo(StageVisit.ongoing("contacted", now, "called back"));
    assertThat(moved.history().get(0).exited()).contains(now);
    assertThat(lead.history()).hasSize(1);
  }

  @Test
  void aRejectedMoveListsEveryReasonAndChangesNothing() {
    TransitionResult result = engine.move(lead, "qualified", now, "skip ahead");

    assertThat(result.isAccepted()).isFalse();
    assertThat(result.lead()).isSameAs(lead);
    assertThat(result.violations())
        .extracting(Violation::toString)
        .containsExactly(
            "no skipping: 'new' → 'qualified' moves 2 stages forward, passing over 'contacted';"
                + " at most 1 allowed",
            "required attributes of 'qualified': missing attribute 'budget'",
            "required attributes of 'qualified': missing attribute 'decision_date'");
    assertThatThrownBy(result::leadOrThrow)
        .isInstanceOf(TransitionRejectedException.class)
        .hasMessageStartingWith("move of lead 'L-7' from 'new' to 'qualified' was refused: ")
        .hasMessageContaining("missing attribute 'decision_date'")
        .satisfies(
            e -> {
              TransitionRejectedException rejected = (TransitionRejectedException) e;
              assertThat(rejected.violations()).hasSize(3);
              assertThat(rejected.leadId()).isEqualTo("L-7");
              assertThat(rejected.fromStageId()).isEqualTo("new");
              assertThat(rejected.toStageId()).isEqualTo("qualified");
            });
  }

  /**
   * DOMAIN.md §2: "if the goal of a stage is not reached, the customer stays where it is — or goes
   * back". Staying is accepted, as a no-op that no rule is asked about, even with rules that would
   * refuse any move out of the stage now.
   */
  @Test
  void stayingIsALegalNoOp() {
    TransitionEngine strict =
        TransitionEngine.builder(funnel)
            .rule(TransitionRules.minimumTimeInStage(Duration.ofDays(365)))
            .rule(TransitionRules.reasonRequired())
            .build();

    TransitionResult result = strict.move(lead, "new", now, "");

    assertThat(result.isAccepted()).isTrue();
    assertThat(result.isStay()).isTrue();
    assertThat(result.lead()).isSameAs(lead);
    assertThat(result).hasToString("accepted: L-7 stays in 'new'");
    assertThat(strict.check(lead, "new", now).isAllowed()).isTrue();
    assertThat(engine.move(lead, "contacted", now, "called").isStay()).isFalse();
  }

  /** The reason reaches the rules: a lost reason from a list, a reason required. */
  @Test
  void rulesSeeTheReasonOfTheMove() {
    TransitionEngine withReasons =
        TransitionEngine.builder(funnel)
            .rule(TransitionRules.lostReasonOneOf("no budget", "chose a competitor"))
            .ruleInto("qualified", TransitionRules.reasonRequired())
            .build();

    assertThat(withReasons.move(lead, "lost", now, "no budget").lead().lostReason())
        .contains("no budget");
    assertThat(withReasons.move(lead, "lost", now, "bored").violations())
        .extracting(Violation::toString)
        .containsExactly(
            "lost reason: 'bored' is not a lost reason for 'new' → 'lost'; the reasons are"
                + " [no budget, chose a competitor]");
    assertThat(withReasons.move(lead, "lost", now, " ").violations())
        .extracting(Violation::message)
        .containsExactly(
            "no lost reason was given for 'new' → 'lost'; the reasons are [no budget, chose a"
                + " competitor]");
    assertThat(withReasons.check(lead, "qualified", now, "  ").violations())
        .extracting(Violation::toString)
        .containsExactly("reason required: 'new' → 'qualified' needs a reason; none was given");
    assertThat(withReasons.check(lead, "qualified", now, "budget confirmed").isAllowed()).isTrue();
  }

  @Test
  void aLostReasonOutsideALostStageIsRejected() {
    Lead inconsistent = Lead.builder("L-8").startIn("new", T0).lostReason("no budget").build();

    assertThatThrownBy(() -> engine.move(inconsistent, "contacted", now, "called"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "lead 'L-8' has the lost reason 'no budget' but is in 'new', which is OPEN, not lost");
  }

  @Test
  void aRuleThatReturnsNoDecisionIsNamed() {
    TransitionRule broken =
        new TransitionRule() {
          @Override
          public RuleDecision evaluate(Transition transition) {
            return null;
          }

          @Override
          public String toString() {
            return "broken rule";
          }
        };
    TransitionEngine withBroken =
        TransitionEngine.builder(funnel).rule(TransitionRules.allOf(broken)).build();

    assertThatThrownBy(() -> withBroken.move(lead, "contacted", now, "called"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "rule broken rule returned no decision (null) for 'new' → 'contacted' of lead 'L-7'");
  }

  @Test
  void aLeadCanBeLostFromAnyOpenStageAndTheReasonIsKept() {
    TransitionResult result = engine.move(lead, "lost", now, "went with a competitor");

    assertThat(result.isAccepted()).isTrue();
    assertThat(result.lead().lostReason()).contains("went with a competitor");
    assertThat(engine.move(result.lead(), "new", now, "retry").isAccepted()).isFalse();
  }

  @Test
  void allowedTargetsListsWhereTheLeadCanGoNow() {
    assertThat(engine.allowedTargets(lead, now))
        .extracting(s -> s.id())
        .containsExactly("contacted", "lost");
  }

  @Test
  void noRulesMeansFreeMovementIncludingRegression() {
    TransitionEngine free = TransitionEngine.builder(funnel).build();
    Lead qualified = lead.withStageChange("qualified", now, "");

    assertThat(free.move(qualified, "new", now, "back to nurture").isAccepted()).isTrue();
  }

  @Test
  void programmingErrorsThrowAndChangeNothing() {
    assertThatThrownBy(() -> engine.move(lead, "closed", now, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown stage 'closed' in funnel 'simple'; known stages: [new, contacted, qualified,"
                + " won, lost]");
    assertThatThrownBy(() -> engine.move(lead, "contacted", T0.minusSeconds(1), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("move of lead 'L-7' at " + T0.minusSeconds(1))
        .hasMessageContaining("before it entered stage 'new' at " + T0);
    Lead foreign = Lead.builder("F").startIn("elsewhere", T0).build();
    assertThatThrownBy(() -> engine.move(foreign, "new", now, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown stage 'elsewhere'");
    assertThatThrownBy(
            () -> TransitionEngine.builder(funnel).ruleInto("nope", TransitionRules.forwardOnly()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown stage 'nope'");
    assertThat(lead.history()).hasSize(1);
  }

  @Test
  void aRuleThatThrowsFailsTheMoveWithoutChangingTheLead() {
    TransitionEngine broken =
        TransitionEngine.builder(funnel)
            .rule(
                t -> {
                  throw new IllegalStateException("rule store unavailable");
                })
            .build();

    assertThatThrownBy(() -> broken.move(lead, "contacted", now, ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rule store unavailable");
    assertThat(lead.currentStageId()).isEqualTo("new");
  }
}
