package dev.funnel.testkit;

import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.TransitionRules;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The library's own rules keep the contract the kit states for every rule. */
class BuiltInRulesContractTest {
  private static final Funnel FUNNEL =
      Funnel.builder("sales")
          .stage(Stage.open("lead"))
          .stage(Stage.open("demo").optional())
          .stage(Stage.open("proposal"))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();

  @Nested
  class NoSkippingAndTerminalLock extends TransitionRuleContract {
    @Override
    protected TransitionRule rule() {
      return TransitionRules.allOf(
          TransitionRules.maxForwardSteps(1),
          TransitionRules.terminalLock(TransitionRules.reopenWithin(Duration.ofDays(30))));
    }

    @Override
    protected Funnel funnel() {
      return FUNNEL;
    }
  }

  @Nested
  class EntryRequirements extends TransitionRuleContract {
    @Override
    protected TransitionRule rule() {
      return TransitionRules.anyOf(
          TransitionRules.requiredAttributes("budget", "owner"),
          TransitionRules.minimumTimeInStage(Duration.ofDays(2)));
    }

    @Override
    protected Funnel funnel() {
      return FUNNEL;
    }
  }
}
