package dev.funnel;

import static dev.funnel.testing.SampleFunnels.T0;

import com.google.common.testing.NullPointerTester;
import dev.funnel.model.Attributes;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageVisit;
import dev.funnel.model.StaleLead;
import dev.funnel.model.StaleLeadPolicy;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.RuleDecision;
import dev.funnel.rules.Transition;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.TransitionRules;
import dev.funnel.rules.TransitionTable;
import dev.funnel.rules.Violation;
import dev.funnel.testing.SampleFunnels;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Every public factory, constructor, builder method and query rejects null with an NPE. */
class NullArgumentsTest {
  private final Funnel funnel = SampleFunnels.simple();
  private final Instant later = T0.plus(Duration.ofDays(1));
  private final Lead lead =
      Lead.builder("L").attribute("budget", 10.0).value(BigDecimal.TEN).startIn("new", T0).build();
  private final NullPointerTester tester =
      new NullPointerTester()
          .setDefault(Funnel.class, funnel)
          .setDefault(Lead.class, lead)
          .setDefault(Stage.class, funnel.stage("new"))
          .setDefault(Stage.Builder.class, Stage.open("extra"))
          .setDefault(String.class, "new")
          .setDefault(String[].class, new String[] {"contacted"})
          .setDefault(Instant.class, later)
          .setDefault(Duration.class, Duration.ofDays(1))
          .setDefault(BigDecimal.class, BigDecimal.ONE)
          .setDefault(Attributes.class, Attributes.empty())
          .setDefault(Clock.class, Clock.fixed(later, ZoneOffset.UTC))
          .setDefault(TransitionRule.class, TransitionRules.forwardOnly())
          .setDefault(Criterion.class, Criterion.present("has budget", "budget"))
          .setDefault(RuleDecision.class, RuleDecision.allow());

  @Test
  void modelTypes() {
    for (Class<?> type :
        new Class<?>[] {
          Funnel.class, Stage.class, Attributes.class, Lead.class, StageVisit.class,
          StaleLead.class, StaleLeadPolicy.class
        }) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
    tester.testAllPublicInstanceMethods(funnel);
    tester.testAllPublicInstanceMethods(Funnel.builder("f"));
    tester.testAllPublicInstanceMethods(Stage.open("s"));
    tester.testAllPublicInstanceMethods(Attributes.builder().put("a", 1.0).build());
    tester.testAllPublicInstanceMethods(Attributes.builder());
    tester.testAllPublicInstanceMethods(lead);
    tester.testAllPublicInstanceMethods(Lead.builder("L"));
    tester.testAllPublicInstanceMethods(lead.currentVisit());
    tester.testAllPublicInstanceMethods(StaleLeadPolicy.builder(funnel));
    tester.testAllPublicInstanceMethods(StaleLeadPolicy.builder(funnel).build());
  }

  @Test
  void ruleTypes() {
    for (Class<?> type :
        new Class<?>[] {
          TransitionRules.class, TransitionRule.class, Criterion.class, RuleDecision.class,
          Violation.class, Transition.class, TransitionTable.class, TransitionEngine.class
        }) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
    tester.testAllPublicInstanceMethods(TransitionEngine.builder(funnel));
    tester.testAllPublicInstanceMethods(TransitionEngine.builder(funnel).build());
    tester.testAllPublicInstanceMethods(TransitionTable.builder(funnel));
    tester.testAllPublicInstanceMethods(TransitionTable.builder(funnel).build());
    tester.testAllPublicInstanceMethods(RuleDecision.allow());
    tester.testAllPublicInstanceMethods(Criterion.present("has budget", "budget"));
  }
}
