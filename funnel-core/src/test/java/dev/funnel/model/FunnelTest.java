package dev.funnel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.testing.SampleFunnels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FunnelTest {

  static Stream<Arguments> domainStageLists() {
    // DOMAIN.md §1: every stage list the source documents use.
    return Stream.of(
        Arguments.of("TOFU/MOFU/BOFU", List.of("top", "middle", "bottom")),
        Arguments.of("AIDA-like", List.of("awareness", "interest", "decision", "action")),
        Arguments.of(
            "customer funnel",
            List.of("prospect", "follower", "potential buyer", "customer", "loyal customer")),
        Arguments.of(
            "operating funnel", List.of("acquire", "screen", "invite", "deal", "maintain")),
        Arguments.of(
            "7-stage project sale",
            List.of(
                "target account list",
                "potential opportunity",
                "confirmed intent",
                "project approved",
                "vendor accepted",
                "commercial negotiation",
                "closed sale")),
        Arguments.of(
            "consumer sales process",
            List.of(
                "build relationship",
                "screen",
                "invite visit",
                "consultation",
                "quote",
                "resolve doubts",
                "close")),
        Arguments.of(
            "big-account funnel",
            List.of(
                "prospect development",
                "needs analysis",
                "demo and proposal",
                "negotiation and signing",
                "after-sales follow-up")),
        Arguments.of("execution plan", List.of("potential", "intentional", "closed", "maintained")),
        Arguments.of("lead status", List.of("not contacted", "contacted")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("domainStageLists")
  void everyDomainStageListIsExpressible(String name, List<String> stageIds) {
    Funnel funnel = Funnel.of(name, stageIds.toArray(String[]::new));

    assertThat(funnel.name()).isEqualTo(name);
    assertThat(funnel.stageIds()).containsExactlyElementsOf(stageIds);
    for (int i = 0; i < stageIds.size(); i++) {
      assertThat(funnel.stage(stageIds.get(i)).order()).isEqualTo(i);
    }
    assertThat(funnel.entryStage().id()).isEqualTo(stageIds.get(0));
  }

  @Test
  void outcomesCarryTheirProbabilityAndForecastCategory() {
    Funnel funnel = SampleFunnels.projectSale();

    Stage won = funnel.stage("won");
    Stage lost = funnel.stage("lost");
    assertThat(won.kind()).isEqualTo(StageKind.WON);
    assertThat(won.winProbability().getAsDouble()).isEqualTo(1.0);
    assertThat(won.forecastCategory()).contains(ForecastCategory.CLOSED);
    assertThat(lost.winProbability().getAsDouble()).isEqualTo(0.0);
    assertThat(lost.forecastCategory()).contains(ForecastCategory.OMITTED);
    assertThat(funnel.openStages()).hasSize(6).noneMatch(Stage::isTerminal);
    assertThat(funnel.stage("approved").name()).isEqualTo("Project approved");
    assertThat(funnel.stage("negotiation").forecastCategory()).contains(ForecastCategory.COMMIT);
  }

  @Test
  void stageMetadataIsKept() {
    Funnel funnel =
        Funnel.builder("f")
            .stage(
                Stage.open("demo")
                    .name("Demo and proposal")
                    .winProbability(0.35)
                    .forecastCategory(ForecastCategory.BEST_CASE)
                    .guidance("Show the product on the buyer's own data."))
            .build();

    Stage demo = funnel.stage("demo");
    assertThat(demo.name()).isEqualTo("Demo and proposal");
    assertThat(demo.winProbability().getAsDouble()).isEqualTo(0.35);
    assertThat(demo.guidance()).isEqualTo("Show the product on the buyer's own data.");
    assertThat(Funnel.of("g", "a").stage("a").winProbability()).isEmpty();
    assertThat(Funnel.of("g", "a").stage("a").forecastCategory()).isEmpty();
  }

  @Test
  void unknownStageNamesTheKnownOnes() {
    Funnel funnel = SampleFunnels.simple();

    assertThatThrownBy(() -> funnel.stage("qualifed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'qualifed'")
        .hasMessageContaining("[new, contacted, qualified, won, lost]");
    assertThat(funnel.findStage("qualifed")).isEmpty();
    assertThat(funnel.contains("qualified")).isTrue();
  }

  @Test
  void duplicateIdsAreRejected() {
    Funnel.Builder builder = Funnel.builder("f").stage(Stage.open("a"));

    assertThatThrownBy(() -> builder.stage(Stage.open("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate stage id 'a'");
    // The rejected stage changed nothing: the builder still holds one stage.
    assertThat(builder.build().stageIds()).containsExactly("a");
  }

  @Test
  void emptyAndOutcomeOnlyFunnelsAreRejected() {
    assertThatThrownBy(() -> Funnel.builder("empty").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'empty' has no stages");
    assertThatThrownBy(() -> Funnel.builder("outcomes").stage(Stage.won("w")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one open stage");
    assertThatThrownBy(() -> Funnel.of("no ids")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void badStageDefinitionsAreRejected() {
    assertThatThrownBy(() -> Funnel.builder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("funnel name must not be blank");
    assertThatThrownBy(() -> Funnel.builder("f").stage(Stage.open("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage id must not be blank");
    assertThatThrownBy(() -> Funnel.builder("f").stage(Stage.open("a").winProbability(1.2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("win probability must be in [0, 1] for stage 'a': 1.2");
    assertThatThrownBy(() -> Funnel.builder("f").stage(Stage.open("a").winProbability(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Funnel.builder("f").stage(Stage.won("w").winProbability(0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a won stage has win probability 1, stage 'w' was given 0.5");
    assertThatThrownBy(() -> Funnel.builder("f").stage(Stage.lost("l").winProbability(0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a lost stage has win probability 0");
  }

  /** Ids that differ only by surrounding blanks, and forecast categories against the kind. */
  @Test
  void stageIdsAndForecastCategoriesMustBeUnambiguous() {
    assertThatThrownBy(() -> Funnel.builder("f").stage(Stage.open("won ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage id must not start or end with blanks: 'won '");
    assertThatThrownBy(
            () ->
                Funnel.builder("f")
                    .stage(Stage.lost("l").forecastCategory(ForecastCategory.COMMIT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("forecast category COMMIT does not fit the LOST stage 'l'");
    assertThatThrownBy(
            () ->
                Funnel.builder("f")
                    .stage(Stage.open("a").forecastCategory(ForecastCategory.CLOSED)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("forecast category CLOSED does not fit the OPEN stage 'a'");
    assertThatThrownBy(
            () ->
                Funnel.builder("f")
                    .stage(Stage.won("w").forecastCategory(ForecastCategory.PIPELINE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("forecast category PIPELINE does not fit the WON stage 'w'");
    assertThat(
            Stage.open("a").forecastCategory(ForecastCategory.OMITTED).build(0).forecastCategory())
        .contains(ForecastCategory.OMITTED);
  }

  @Test
  void optionalStagesMustBeOpenAndInside() {
    assertThat(SampleFunnels.withOptionalDemo().stage("demo").optional()).isTrue();
    assertThat(SampleFunnels.withOptionalDemo().stage("proposal").optional()).isFalse();
    assertThatThrownBy(() -> Funnel.builder("f").stage(Stage.won("w").optional()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("only open stages can be optional, not 'w'");
    assertThatThrownBy(
            () ->
                Funnel.builder("f")
                    .stage(Stage.open("a").optional())
                    .stage(Stage.open("b"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the first stage of funnel 'f' cannot be optional: 'a'");
    assertThatThrownBy(
            () ->
                Funnel.builder("f")
                    .stage(Stage.open("a"))
                    .stage(Stage.open("b").optional())
                    .stage(Stage.lost("l"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the last stage of funnel 'f' that is not lost cannot be optional: 'b'");
  }

  @Test
  void funnelsSideBySideAreIndependentValues() {
    Funnel a = Funnel.of("a", "new", "done");
    Funnel b = Funnel.of("b", "new", "later", "done");

    assertThat(a.stage("done").order()).isEqualTo(1);
    assertThat(b.stage("done").order()).isEqualTo(2);
    assertThat(a).isNotEqualTo(b).isEqualTo(Funnel.of("a", "new", "done"));
    assertThat(a.hashCode()).isEqualTo(Funnel.of("a", "new", "done").hashCode());
    assertThat(a.toString()).isEqualTo("Funnel[a: new → done]");
  }
}
