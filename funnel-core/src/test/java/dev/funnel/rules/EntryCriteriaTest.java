package dev.funnel.rules;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The entry criteria DOMAIN.md §2 gives for two stages of the 7-stage project sale. */
class EntryCriteriaTest {
  private static final Instant LATER = T0.plus(Duration.ofDays(3));

  private static final TransitionRule POTENTIAL_OPPORTUNITY =
      TransitionRules.entryCriteria(
          Criterion.isTrue("account fits the target profile", "fits_target_profile"),
          Criterion.isTrue("needs the product", "needs_product"),
          Criterion.atLeast("is economically healthy", "revenue_growth_pct", 0.0),
          Criterion.oneOf("has no system or a poor one", "current_system", "none", "poor"));

  private static final TransitionRule PROJECT_APPROVED =
      TransitionRules.entryCriteria(
          Criterion.atLeast("has a budget", "budget", 1.0),
          Criterion.isTrue(
              "has a selection team with leadership support", "selection_team_supported"),
          Criterion.present("has a timeline", "decision_date"));

  private final TransitionEngine engine =
      TransitionEngine.builder(SampleFunnels.projectSale())
          .ruleInto("potential", POTENTIAL_OPPORTUNITY)
          .ruleInto("approved", PROJECT_APPROVED)
          .build();

  @Test
  void anAccountThatMeetsEveryCriterionBecomesAPotentialOpportunity() {
    Lead lead =
        Lead.builder("acme")
            .attribute("fits_target_profile", true)
            .attribute("needs_product", true)
            .attribute("revenue_growth_pct", 4.5)
            .attribute("current_system", "poor")
            .startIn("target", T0)
            .build();

    TransitionResult result = engine.move(lead, "potential", LATER, "qualified on first call");

    assertThat(result.isAccepted()).isTrue();
    assertThat(result.lead().currentStageId()).isEqualTo("potential");
  }

  @Test
  void everyUnmetCriterionIsReportedAtOnce() {
    Lead lead =
        Lead.builder("globex")
            .attribute("fits_target_profile", true)
            .attribute("revenue_growth_pct", -12.0)
            .attribute("current_system", "modern ERP")
            .startIn("target", T0)
            .build();

    TransitionResult result = engine.move(lead, "potential", LATER, "");

    assertThat(result.isAccepted()).isFalse();
    assertThat(result.violations())
        .extracting(Violation::message)
        .containsExactly(
            "not met: needs the product",
            "not met: is economically healthy",
            "not met: has no system or a poor one");
    assertThat(result.violations())
        .extracting(Violation::rule)
        .containsOnly("entry criteria of 'potential'");
    assertThat(result.lead()).isSameAs(lead);
  }

  @Test
  void projectApprovalNeedsBudgetTeamAndTimeline() {
    Lead lead = Lead.builder("initech").attribute("budget", 250_000).startIn("intent", T0).build();

    assertThat(engine.check(lead, "approved", LATER).violations())
        .extracting(Violation::message)
        .containsExactly(
            "not met: has a selection team with leadership support", "not met: has a timeline");

    Lead ready =
        lead.withAttributes(
            lead.attributes()
                .with("selection_team_supported", true)
                .with("decision_date", T0.plus(Duration.ofDays(60))));
    assertThat(engine.check(ready, "approved", LATER).isAllowed()).isTrue();
    // Criteria guard only the stage they are attached to.
    assertThat(engine.check(lead, "vendor", LATER).isAllowed()).isTrue();
  }

  @Test
  void criterionFactoriesRejectBadArguments() {
    assertThatThrownBy(() -> Criterion.atLeast("x", "a", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimum of criterion 'x' is NaN");
    assertThatThrownBy(() -> Criterion.oneOf("x", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("criterion 'x' needs at least one value");
    assertThatThrownBy(() -> Criterion.of("", lead -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("criterion name must not be blank");
  }
}
