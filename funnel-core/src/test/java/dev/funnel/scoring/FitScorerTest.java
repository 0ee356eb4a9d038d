package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.AttributeType;
import dev.funnel.model.Lead;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitScorerTest {
  private final FitScorer fit =
      FitScorer.builder()
          .attribute("employees", AttributeType.NUMBER)
          .attribute("industry", AttributeType.TEXT)
          .attribute("title", AttributeType.TEXT)
          .attribute("budget confirmed", AttributeType.BOOLEAN)
          .rule(FitRule.between("small company", "employees", 0, 50, 5))
          .rule(FitRule.between("mid-size company", "employees", 50, 1000, 15))
          .rule(FitRule.atLeast("enterprise", "employees", 1000, 10))
          .rule(FitRule.oneOf("target industry", "industry", List.of("software", "finance"), 10))
          .rule(FitRule.equalTo("decision maker", "title", "CTO", 20))
          .rule(FitRule.isTrue("has budget", "budget confirmed", 8))
          .rule(
              FitRule.matching(
                  "from a referral", l -> l.source().equals(java.util.Optional.of("referral")), 12))
          .rule(FitRule.equalTo("student", "title", "student", -30))
          .build();

  private static Lead.Builder lead(String id) {
    return Lead.builder(id).startIn("new", T0);
  }

  @Test
  void addsThePointsOfEveryMatchedRuleInRuleOrder() {
    Lead lead =
        lead("a")
            .attribute("employees", 200)
            .attribute("industry", "software")
            .attribute("title", "CTO")
            .attribute("budget confirmed", true)
            .source("referral")
            .build();
    Score score = fit.score(lead, T0);
    // 15 (mid-size) + 10 (industry) + 20 (CTO) + 8 (budget) + 12 (referral) = 65
    assertThat(score.value()).isEqualTo(65);
    assertThat(score.scale()).isEqualTo(ScoreScale.POINTS);
    assertThat(score.contributions())
        .containsExactly(
            new Contribution("mid-size company", 15),
            new Contribution("target industry", 10),
            new Contribution("decision maker", 20),
            new Contribution("has budget", 8),
            new Contribution("from a referral", 12));
  }

  @Test
  void rangesAreHalfOpenAndMissingAttributesDoNotMatch() {
    assertThat(fit.score(lead("b").attribute("employees", 50).build(), T0).value()).isEqualTo(15);
    assertThat(fit.score(lead("c").attribute("employees", 49.5).build(), T0).value()).isEqualTo(5);
    assertThat(fit.score(lead("d").attribute("employees", 1000).build(), T0).value()).isEqualTo(10);
    assertThat(fit.score(lead("e").build(), T0).contributions()).isEmpty();
    assertThat(fit.score(lead("f").attribute("title", "student").build(), T0).value())
        .isEqualTo(-30);
  }

  @Test
  void withPointsReweightsNamedRulesOnly() {
    FitScorer reweighted = fit.withPoints(Map.of("decision maker", 40.0));
    Lead lead = lead("g").attribute("title", "CTO").attribute("employees", 10).build();
    assertThat(reweighted.score(lead, T0).value()).isEqualTo(45); // 40 + 5
    assertThat(fit.score(lead, T0).value()).isEqualTo(25); // unchanged
    assertThatThrownBy(() -> fit.withPoints(Map.of("decison maker", 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'decison maker'");
  }

  @Test
  void rejectsRulesOverUnknownOrMistypedAttributes() {
    assertThatThrownBy(
            () ->
                FitScorer.builder()
                    .attribute("employees", AttributeType.NUMBER)
                    .rule(FitRule.atLeast("big", "employes", 100, 5))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown attribute 'employes'")
        .hasMessageContaining("[employees]");
    assertThatThrownBy(
            () ->
                FitScorer.builder()
                    .attribute("employees", AttributeType.TEXT)
                    .rule(FitRule.atLeast("big", "employees", 100, 5))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as NUMBER, but it is declared as TEXT");
    assertThatThrownBy(() -> fit.score(lead("h").attribute("employees", "many").build(), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fit rule 'small company' cannot read lead 'h'")
        .hasMessageContaining("attribute 'employees' is TEXT, not NUMBER");
  }

  @Test
  void rejectsBadRules() {
    assertThatThrownBy(() -> FitRule.isTrue("x", "a", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> FitRule.between("x", "a", 10, 10, 1))
        .hasMessageContaining("[10.0, 10.0)");
    assertThatThrownBy(() -> FitRule.oneOf("x", "a", List.of(), 1))
        .hasMessageContaining("at least one value");
    assertThatThrownBy(
            () ->
                FitScorer.builder()
                    .rule(FitRule.matching("x", l -> true, 1))
                    .rule(FitRule.matching("x", l -> true, 2))
                    .build())
        .hasMessageContaining("two fit rules are named 'x'");
  }
}
