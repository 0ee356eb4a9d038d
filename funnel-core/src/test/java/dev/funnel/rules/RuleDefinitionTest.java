package dev.funnel.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Built-in rules and criteria carry the factory and arguments that made them, and are equal when
 * made alike; rules and criteria from predicates are equal only to themselves.
 */
class RuleDefinitionTest {
  private static final Funnel FUNNEL =
      Funnel.builder("sales")
          .stage(Stage.open("new"))
          .stage(Stage.open("qualified"))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();

  @Test
  void everyBuiltInRuleNamesItsFactoryAndArguments() {
    Criterion budget = Criterion.atLeast("budget", "budget", 1000);
    assertDefinition(TransitionRules::forwardOnly, "forwardOnly", ImmutableMap.of());
    assertDefinition(
        () -> TransitionRules.maxForwardSteps(2),
        "maxForwardSteps",
        ImmutableMap.of("maxSteps", 2));
    assertDefinition(
        () -> TransitionRules.maxBackwardSteps(0),
        "maxBackwardSteps",
        ImmutableMap.of("maxSteps", 0));
    assertDefinition(TransitionRules::terminalLock, "terminalLock", ImmutableMap.of());
    assertDefinition(
        () -> TransitionRules.terminalLock(TransitionRules.reopenWithin(Duration.ofDays(30))),
        "terminalLock",
        ImmutableMap.of("reopenPolicy", TransitionRules.reopenWithin(Duration.ofDays(30))));
    assertDefinition(
        () -> TransitionRules.reopenWithin(Duration.ofDays(30)),
        "reopenWithin",
        ImmutableMap.of("window", Duration.ofDays(30)));
    assertDefinition(
        () -> TransitionRules.entryCriteria(budget),
        "entryCriteria",
        ImmutableMap.of("criteria", List.of(budget)));
    assertDefinition(
        () -> TransitionRules.requiredAttributes("budget", "owner"),
        "requiredAttributes",
        ImmutableMap.of("attributes", List.of("budget", "owner")));
    assertDefinition(
        () -> TransitionRules.minimumTimeInStage(Duration.ofHours(2)),
        "minimumTimeInStage",
        ImmutableMap.of("minimum", Duration.ofHours(2)));
    assertDefinition(TransitionRules::reasonRequired, "reasonRequired", ImmutableMap.of());
    assertDefinition(
        () -> TransitionRules.lostReasonOneOf("no budget", "no response"),
        "lostReasonOneOf",
        ImmutableMap.of("reasons", List.of("no budget", "no response")));
    assertDefinition(
        () -> TransitionRules.allOf(TransitionRules.forwardOnly(), TransitionRules.terminalLock()),
        "allOf",
        ImmutableMap.of(
            "rules", List.of(TransitionRules.forwardOnly(), TransitionRules.terminalLock())));
    assertDefinition(
        () -> TransitionRules.anyOf(TransitionRules.reasonRequired()),
        "anyOf",
        ImmutableMap.of("rules", List.of(TransitionRules.reasonRequired())));
    assertDefinition(
        () -> TransitionRules.not(TransitionRules.forwardOnly(), "frozen", "no moves forward"),
        "not",
        ImmutableMap.of(
            "negated",
            TransitionRules.forwardOnly(),
            "name",
            "frozen",
            "message",
            "no moves forward"));
    assertDefinition(
        () -> TransitionTable.builder(FUNNEL).allow("new", "qualified", "lost").build(),
        "transitionTable",
        ImmutableMap.of(
            "allowedMoves",
            TransitionTable.builder(FUNNEL)
                .allow("new", "qualified", "lost")
                .build()
                .allowedMoves()));
  }

  @Test
  void builtInCriteriaAreEqualWhenMadeAlike() {
    assertEquals(
        Criterion.isTrue("approved", "approved"), Criterion.isTrue("approved", "approved"));
    assertEquals(Criterion.present("owner", "owner"), Criterion.present("owner", "owner"));
    assertEquals(
        Criterion.oneOf("region", "region", "emea", "apac"),
        Criterion.oneOf("region", "region", "emea", "apac"));
    assertNotEquals(
        Criterion.atLeast("budget", "budget", 1000), Criterion.atLeast("budget", "budget", 999));
    assertEquals(
        "atLeast", Criterion.atLeast("budget", "budget", 1000).definition().orElseThrow().kind());
  }

  @Test
  void rulesAndCriteriaFromPredicatesAreEqualOnlyToThemselves() {
    TransitionRule custom = TransitionRule.of("custom", t -> true, t -> "");
    assertEquals(custom, custom);
    assertNotEquals(custom, TransitionRule.of("custom", t -> true, t -> ""));
    assertTrue(custom.definition().isEmpty());
    Criterion criterion = Criterion.of("custom", lead -> true);
    assertEquals(criterion, criterion);
    assertNotEquals(criterion, Criterion.of("custom", lead -> true));
    assertTrue(criterion.definition().isEmpty());
  }

  @Test
  void enginesAreEqualWhenTheirFunnelsAndRulesAre() {
    Supplier<TransitionEngine> engine =
        () ->
            TransitionEngine.builder(FUNNEL)
                .rule(TransitionRules.terminalLock())
                .ruleInto("won", TransitionRules.requiredAttributes("contract"))
                .build();
    assertEquals(engine.get(), engine.get());
    assertEquals(engine.get().hashCode(), engine.get().hashCode());
    assertEquals(ImmutableList.of(TransitionRules.terminalLock()), engine.get().rules());
    assertEquals(
        List.of(TransitionRules.requiredAttributes("contract")),
        engine.get().rulesInto().get("won"));
    assertNotEquals(
        engine.get(),
        TransitionEngine.builder(FUNNEL)
            .rule(TransitionRules.terminalLock())
            .ruleInto("qualified", TransitionRules.requiredAttributes("contract"))
            .build());
  }

  private static void assertDefinition(
      Supplier<TransitionRule> factory, String kind, ImmutableMap<String, Object> parameters) {
    RuleDefinition definition = factory.get().definition().orElseThrow();
    assertEquals(kind, definition.kind());
    assertEquals(parameters, definition.parameters());
    assertEquals(List.copyOf(parameters.keySet()), List.copyOf(definition.parameters().keySet()));
    assertEquals(factory.get(), factory.get(), kind + " made twice alike");
    assertEquals(factory.get().hashCode(), factory.get().hashCode());
  }
}
