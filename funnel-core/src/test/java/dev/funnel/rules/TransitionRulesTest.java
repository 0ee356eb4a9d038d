package dev.funnel.rules;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransitionRulesTest {
  private final Funnel funnel = SampleFunnels.simple(); // new, contacted, qualified, won, lost

  private Transition move(String from, String to) {
    return move(Lead.builder("L").startIn(from, T0).build(), to, T0.plus(Duration.ofDays(1)));
  }

  private Transition move(Lead lead, String to, Instant at) {
    return new Transition(funnel, lead, funnel.stage(lead.currentStageId()), funnel.stage(to), at);
  }

  @Test
  void forwardOnlyRefusesBackwardMoves() {
    TransitionRule rule = TransitionRules.forwardOnly();

    assertThat(rule.evaluate(move("new", "contacted")).isAllowed()).isTrue();
    assertThat(rule.evaluate(move("new", "lost")).isAllowed()).isTrue();
    assertThat(rule.evaluate(move("qualified", "contacted")).violations())
        .containsExactly(new Violation("forward only", "'contacted' is not after 'qualified'"));
  }

  @Test
  void maxForwardStepsForbidsSkippingButNotLosing() {
    TransitionRule noSkipping = TransitionRules.maxForwardSteps(1);

    assertThat(noSkipping.evaluate(move("new", "contacted")).isAllowed()).isTrue();
    assertThat(noSkipping.evaluate(move("new", "qualified")).violations())
        .containsExactly(
            new Violation(
                "no skipping",
                "'new' → 'qualified' moves 2 stages forward, passing over 'contacted'; at most 1"
                    + " allowed"));
    assertThat(noSkipping.evaluate(move("new", "won")).isAllowed()).isFalse();
    assertThat(noSkipping.evaluate(move("new", "lost")).isAllowed()).isTrue();
    assertThat(noSkipping.evaluate(move("qualified", "new")).isAllowed()).isTrue();
    assertThat(TransitionRules.maxForwardSteps(2).evaluate(move("new", "qualified")).isAllowed())
        .isTrue();
    assertThatThrownBy(() -> TransitionRules.maxForwardSteps(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSteps must be at least 1: 0");
  }

  @Test
  void backwardMovesCanBeAllowedLimitedOrDenied() {
    TransitionRule denied = TransitionRules.maxBackwardSteps(0);
    TransitionRule oneBack = TransitionRules.maxBackwardSteps(1);

    assertThat(denied.evaluate(move("contacted", "new")).violations())
        .extracting(Violation::message)
        .containsExactly("'contacted' → 'new' goes backward; backward moves are not allowed");
    assertThat(oneBack.evaluate(move("contacted", "new")).isAllowed()).isTrue();
    assertThat(oneBack.evaluate(move("qualified", "new")).violations())
        .extracting(Violation::message)
        .containsExactly("'qualified' → 'new' goes 2 stages backward; at most 1 allowed");
    assertThat(denied.evaluate(move("new", "qualified")).isAllowed()).isTrue();
    assertThatThrownBy(() -> TransitionRules.maxBackwardSteps(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSteps must not be negative: -1");
  }

  @Test
  void terminalLockKeepsWonAndLostClosed() {
    TransitionRule lock = TransitionRules.terminalLock();

    assertThat(lock.evaluate(move("won", "new")).violations())
        .containsExactly(new Violation("terminal lock", "'won' is WON and final"));
    assertThat(lock.evaluate(move("lost", "qualified")).isAllowed()).isFalse();
    assertThat(lock.evaluate(move("won", "lost")).isAllowed()).isFalse();
    assertThat(lock.evaluate(move("new", "won")).isAllowed()).isTrue();
  }

  @Test
  void terminalLockWithAReopenPolicyAllowsOnlyWhatThePolicyAllows() {
    TransitionRule lock =
        TransitionRules.terminalLock(TransitionRules.reopenWithin(Duration.ofDays(30)));
    Lead lost = Lead.builder("L").startIn("lost", T0).build();

    assertThat(lock.evaluate(move(lost, "new", T0.plus(Duration.ofDays(30)))).isAllowed()).isTrue();
    RuleDecision late = lock.evaluate(move(lost, "new", T0.plus(Duration.ofDays(31))));
    assertThat(late.violations())
        .containsExactly(
            new Violation("terminal lock", "'lost' is LOST; the reopen policy refuses this move"),
            new Violation(
                "reopen window", "'lost' was entered 31d ago; it can be left only within 30d"));
    assertThat(lock.evaluate(move("new", "contacted")).isAllowed()).isTrue();

    TransitionRule onlyLostToNew =
        TransitionRules.terminalLock(TransitionTable.builder(funnel).allow("lost", "new").build());
    assertThat(onlyLostToNew.evaluate(move("lost", "new")).isAllowed()).isTrue();
    assertThat(onlyLostToNew.evaluate(move("lost", "qualified")).isAllowed()).isFalse();
    assertThat(onlyLostToNew.evaluate(move("won", "new")).isAllowed()).isFalse();
  }

  @Test
  void requiredAttributesNameEveryMissingOne() {
    TransitionRule rule = TransitionRules.requiredAttributes("budget", "decision_date", "phone");
    Lead lead = Lead.builder("L").attribute("phone", "+86 10 1234").startIn("new", T0).build();

    assertThat(rule.evaluate(move(lead, "qualified", T0)).violations())
        .extracting(Violation::message)
        .containsExactly("missing attribute 'budget'", "missing attribute 'decision_date'");
    assertThat(rule.evaluate(move(lead, "qualified", T0)).violations().get(0).rule())
        .isEqualTo("required attributes of 'qualified'");
  }

  @Test
  void minimumTimeInStageCountsFromEntry() {
    TransitionRule rule = TransitionRules.minimumTimeInStage(Duration.ofDays(2));
    Lead lead = Lead.builder("L").startIn("new", T0).build();

    assertThat(rule.evaluate(move(lead, "contacted", T0.plus(Duration.ofHours(47)))).violations())
        .extracting(Violation::message)
        .containsExactly("in 'new' for 1d 23h; needs at least 2d");
    assertThat(rule.evaluate(move(lead, "contacted", T0.plus(Duration.ofDays(2)))).isAllowed())
        .isTrue();
  }

  @Test
  void allOfKeepsEveryViolation() {
    TransitionRule rule =
        TransitionRules.allOf(
            TransitionRules.forwardOnly(),
            TransitionRules.maxBackwardSteps(0),
            TransitionRules.requiredAttributes("budget"));

    assertThat(rule.evaluate(move("qualified", "new")).violations())
        .extracting(Violation::rule)
        .containsExactly("forward only", "limited regression", "required attributes of 'new'");
    assertThat(TransitionRules.allOf().evaluate(move("new", "won")).isAllowed()).isTrue();
  }

  @Test
  void anyOfAllowsWhenOneAllowsAndOtherwiseReportsAll() {
    TransitionRule rule =
        TransitionRules.anyOf(
            TransitionRules.forwardOnly(), TransitionRules.requiredAttributes("manager_ok"));
    Lead approved =
        Lead.builder("L").attribute("manager_ok", true).startIn("qualified", T0).build();

    assertThat(rule.evaluate(move("new", "contacted")).isAllowed()).isTrue();
    assertThat(rule.evaluate(move(approved, "new", T0)).isAllowed()).isTrue();
    assertThat(rule.evaluate(move("qualified", "new")).violations())
        .extracting(Violation::rule)
        .containsExactly("forward only", "required attributes of 'new'");
    assertThatThrownBy(TransitionRules::anyOf)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("anyOf needs at least one rule");
  }

  @Test
  void notInvertsARule() {
    TransitionRule frozen =
        TransitionRules.not(
            TransitionRules.maxBackwardSteps(0), "freeze", "forward moves are frozen");

    assertThat(frozen.evaluate(move("contacted", "new")).isAllowed()).isTrue();
    assertThat(frozen.evaluate(move("new", "contacted")).violations())
        .containsExactly(new Violation("freeze", "forward moves are frozen"));
  }

  @Test
  void customRulesAreNamed() {
    TransitionRule rule =
        TransitionRule.of(
            "weekday moves", t -> false, t -> "moves at " + t.at() + " are not on a weekday");

    assertThat(rule.evaluate(move("new", "contacted")).violations().get(0).toString())
        .startsWith("weekday moves: moves at ");
    assertThatThrownBy(() -> TransitionRule.of(" ", t -> true, t -> ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rule name must not be blank");
  }

  @Test
  void badRuleArgumentsAreRejected() {
    assertThatThrownBy(() -> TransitionRules.minimumTimeInStage(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimum must not be negative: PT-24H");
    assertThatThrownBy(() -> TransitionRules.reopenWithin(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must not be negative: PT-24H");
    assertThatThrownBy(TransitionRules::entryCriteria)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entryCriteria needs at least one criterion");
    assertThatThrownBy(TransitionRules::requiredAttributes)
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransitionRules.requiredAttributes("ok", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute name must not be blank: ''");
  }

  private static Transition move(Funnel funnel, String from, String to) {
    Lead lead = Lead.builder("L").startIn(from, T0).build();
    return new Transition(funnel, lead, funnel.stage(from), funnel.stage(to), T0);
  }

  /**
   * The audit's cases, by DOMAIN.md §2 (a lead may be disqualified from any open stage; optional
   * stages may be passed over): new → demo (optional) → proposal allows new → proposal; in a, b,
   * lost, won, b → won is one step, not two; a lost stage declared first is reachable under
   * forward-only.
   */
  @Test
  void optionalAndTerminalStagesAreNeverCountedAsSkipped() {
    TransitionRule noSkipping = TransitionRules.maxForwardSteps(1);
    Funnel withDemo = SampleFunnels.withOptionalDemo();
    assertThat(noSkipping.evaluate(move(withDemo, "new", "proposal")).isAllowed()).isTrue();
    assertThat(noSkipping.evaluate(move(withDemo, "new", "demo")).isAllowed()).isTrue();
    assertThat(noSkipping.evaluate(move(withDemo, "proposal", "won")).isAllowed()).isTrue();
    assertThat(noSkipping.evaluate(move(withDemo, "new", "won")).violations())
        .extracting(Violation::message)
        .containsExactly(
            "'new' → 'won' moves 2 stages forward, passing over 'proposal'; at most 1 allowed");

    Funnel lostInTheMiddle =
        Funnel.builder("abw")
            .stage(Stage.open("a"))
            .stage(Stage.open("b"))
            .stage(Stage.lost("lost"))
            .stage(Stage.won("won"))
            .build();
    assertThat(noSkipping.evaluate(move(lostInTheMiddle, "b", "won")).isAllowed()).isTrue();
    assertThat(noSkipping.evaluate(move(lostInTheMiddle, "a", "lost")).isAllowed()).isTrue();

    Funnel lostFirst =
        Funnel.builder("lost first")
            .stage(Stage.lost("lost"))
            .stage(Stage.open("a"))
            .stage(Stage.open("b"))
            .stage(Stage.won("won"))
            .build();
    TransitionRule forward = TransitionRules.forwardOnly();
    assertThat(forward.evaluate(move(lostFirst, "b", "lost")).isAllowed()).isTrue();
    assertThat(forward.evaluate(move(lostFirst, "a", "b")).isAllowed()).isTrue();
    assertThat(forward.evaluate(move(lostFirst, "b", "a")).isAllowed()).isFalse();
    assertThat(noSkipping.evaluate(move(lostFirst, "b", "lost")).isAllowed()).isTrue();
    assertThat(
            TransitionRules.maxBackwardSteps(0).evaluate(move(lostFirst, "b", "lost")).isAllowed())
        .isTrue();
  }

  @Test
  void aCriterionThatCannotReadItsAttributeIsReportedAsUnmet() {
    TransitionRule criteria =
        TransitionRules.entryCriteria(Criterion.atLeast("has a budget", "budget", 1));
    Lead typo = Lead.builder("L").startIn("new", T0).attribute("budget", "lots").build();

    assertThat(criteria.evaluate(move(typo, "contacted", T0)).violations())
        .extracting(Violation::message)
        .singleElement()
        .asString()
        .startsWith("not met: has a budget (")
        .contains("budget");
  }
}
