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
            "no skipping: 'new' → 'qualified' moves 2 stages forward; at most 1 allowed",
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

  @Test
  void stayingIsNotAMove() {
    assertThat(engine.check(lead, "new", now).violations())
        .containsExactly(
            new Violation("same stage", "lead is already in 'new'; staying is not a move"));
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
