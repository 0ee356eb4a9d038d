package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.model.AttributeType;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogisticModelTest {
  private final Funnel funnel = SampleFunnels.simple();
  private final FitScorer fit =
      FitScorer.builder()
          .attribute("big", AttributeType.BOOLEAN)
          .rule(FitRule.isTrue("big company", "big", 10))
          .build();

  private static Lead lead(int i, boolean big, boolean won) {
    return ClosedLeads.closed(Lead.builder("L" + i).attribute("big", big), 1, won ? "won" : "lost");
  }

  /** Big companies: 8 won, 2 lost. Others: 3 won, 7 lost. */
  private static List<Lead> history() {
    List<Lead> leads = new ArrayList<>();
    int i = 0;
    for (int k = 0; k < 10; k++) {
      leads.add(lead(i++, true, k < 8));
      leads.add(lead(i++, false, k < 3));
    }
    return leads;
  }

  @Test
  void withoutPenaltyOneRuleGivesTheLogitsOfTheTwoGroups() {
    LogisticModel model = LogisticModel.builder(funnel, fit).penalty(0).train(history());
    // The maximum-likelihood fit of one binary factor reproduces both groups' win rates:
    // intercept = logit(3/10); 10 points × coefficient = logit(8/10) − logit(3/10).
    double intercept = Math.log(3.0 / 7);
    double perPoint = (Math.log(8.0 / 2) - Math.log(3.0 / 7)) / 10;
    assertThat(model.intercept()).isCloseTo(intercept, within(1e-8));
    assertThat(model.coefficients().get("big company")).isCloseTo(perPoint, within(1e-8));
    Lead openBig =
        ClosedLeads.open("o", 1)
            .withAttributes(dev.funnel.model.Attributes.builder().put("big", true).build());
    assertThat(model.score(openBig, T0).value()).isCloseTo(0.8, within(1e-8));
    assertThat(model.score(ClosedLeads.open("p", 1), T0).value()).isCloseTo(0.3, within(1e-8));
    assertThat(model.suggestedPoints(fit, 20).get("big company"))
        .isCloseTo(perPoint * 10 * 20, within(1e-6));
  }

  @Test
  void penaltyShrinksTheCoefficientTowardsZero() {
    double unpenalised =
        LogisticModel.builder(funnel, fit)
            .penalty(0)
            .train(history())
            .coefficients()
            .get("big company");
    double penalised =
        LogisticModel.builder(funnel, fit)
            .penalty(5)
            .train(history())
            .coefficients()
            .get("big company");
    assertThat(penalised).isPositive().isLessThan(unpenalised);
  }

  /**
   * The penalised fit against scipy: {@code scipy.optimize.root} (tol 1e-15) on the gradient of the
   * log-likelihood minus λ/2·β² for the feature standardised by its population standard deviation
   * (here mean 5, SD 5), β mapped back to log-odds per point:
   *
   * <pre>
   * λ = 5: intercept −0.2941295072710185, per point 0.10159455778716142
   * λ = 1: intercept −0.6440622573837321, per point 0.17731535493728973
   * </pre>
   */
  @Test
  void thePenaltyAppliesToTheStandardisedCoefficientAsScipyFindsIt() {
    LogisticModel five = LogisticModel.builder(funnel, fit).penalty(5).train(history());
    LogisticModel byDefault = LogisticModel.builder(funnel, fit).train(history());

    assertThat(five.intercept()).isCloseTo(-0.2941295072710185, within(1e-9));
    assertThat(five.coefficients().get("big company"))
        .isCloseTo(0.10159455778716142, within(1e-10));
    assertThat(byDefault.intercept()).isCloseTo(-0.6440622573837321, within(1e-9));
    assertThat(byDefault.coefficients().get("big company"))
        .isCloseTo(0.17731535493728973, within(1e-10));
  }

  @Test
  void reweightedPointsFollowTheOutcomes() {
    // "newsletter" is noise (half of each outcome); "demo" predicts winning.
    FitScorer guessed =
        FitScorer.builder()
            .attribute("newsletter", AttributeType.BOOLEAN)
            .attribute("demo", AttributeType.BOOLEAN)
            .rule(FitRule.isTrue("newsletter", "newsletter", 30))
            .rule(FitRule.isTrue("demo", "demo", 5))
            .build();
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      boolean won = i % 2 == 0;
      boolean demo = won ? i % 10 != 0 : i % 10 == 1;
      leads.add(
          ClosedLeads.closed(
              Lead.builder("L" + i).attribute("newsletter", i % 4 < 2).attribute("demo", demo),
              1,
              won ? "won" : "lost"));
    }
    LogisticModel model = LogisticModel.builder(funnel, guessed).train(leads);
    var points = model.suggestedPoints(guessed, 10);
    assertThat(points.get("demo")).isGreaterThan(Math.abs(points.get("newsletter")));
    FitScorer reweighted = guessed.withPoints(points);
    assertThat(reweighted.rules())
        .extracting(FitRule::points)
        .containsExactly(points.get("newsletter"), points.get("demo"));
  }

  @Test
  void rejectsOneOutcomeAndBadPenalty() {
    assertThatThrownBy(
            () ->
                LogisticModel.builder(funnel, fit)
                    .train(List.of(lead(1, true, true), lead(2, false, true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 won and 0 lost");
    assertThatThrownBy(() -> LogisticModel.builder(funnel, fit).penalty(Double.NaN))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> LogisticModel.builder(funnel, fit).penalty(-1))
        .hasMessageContaining("-1.0");
  }

  /**
   * Through a weighted base the contributions are "fit: big company", 0.5 × 10 points each; the
   * suggested points account for both, so they equal the direct case's (the closed-form logits of
   * the first test: (logit(8/10) − logit(3/10)) × 20 per unit of log-odds).
   */
  @Test
  void suggestedPointsFollowAFitScorerInsideAWeightedBase() {
    WeightedScorer weighted = WeightedScorer.builder().add("fit", fit, 0.5).build();
    LogisticModel model = LogisticModel.builder(funnel, weighted).penalty(0).train(history());

    double logOdds = Math.log(8.0 / 2) - Math.log(3.0 / 7);
    assertThat(model.suggestedPoints(fit, 20).get("big company"))
        .isCloseTo(logOdds * 20, within(1e-6));
    FitScorer stranger = FitScorer.builder().attribute("big", AttributeType.BOOLEAN).build();
    assertThatThrownBy(() -> model.suggestedPoints(stranger, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not this model's base scorer");
  }

  /**
   * Completely separated data (every big company won, every other lost) has no finite maximum
   * likelihood (Albert &amp; Anderson, Biometrika 71, 1984; R's glm warns "fitted probabilities
   * numerically 0 or 1 occurred"): the fit must say so, not call the factors collinear.
   */
  @Test
  void separatedDataWithoutPenaltyIsNamedAsSuch() {
    List<Lead> separated = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      separated.add(lead(2 * k, true, true));
      separated.add(lead(2 * k + 1, false, false));
    }

    assertThatThrownBy(() -> LogisticModel.builder(funnel, fit).penalty(0).train(separated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the factors separate won from lost leads perfectly")
        .hasMessageContaining("add a penalty (now 0.0)");
    assertThat(
            LogisticModel.builder(funnel, fit).train(separated).coefficients().get("big company"))
        .isPositive();
  }

  /**
   * The normal case: the tracker has gone on recording after leads closed (a newsletter opened a
   * week after the close). Trained as of each close, only the demo before it counts; a tracker
   * without history cannot go back and says which tracker can.
   */
  @Test
  void aTrackerWithHistoryScoresAsOfEachClose() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(EngagementRule.builder("demo").activity("demo").points(10).build())
            .rule(EngagementRule.builder("newsletter").activity("newsletter").points(3).build())
            .build();
    EngagementTracker withHistory = scoring.newTrackerWithHistory();
    EngagementTracker plain = scoring.newTracker();
    List<Lead> leads = history();
    for (int i = 0; i < leads.size(); i++) {
      Lead lead = leads.get(i);
      Activity afterClose =
          new Activity(
              "newsletter",
              T0.plus(java.time.Duration.ofDays(9)),
              dev.funnel.model.Attributes.empty());
      for (EngagementTracker tracker : List.of(withHistory, plain)) {
        if (lead.attributes().isTrue("big")) {
          tracker.record(lead.id(), new Activity("demo", T0, dev.funnel.model.Attributes.empty()));
        }
        tracker.record(lead.id(), afterClose);
      }
    }

    LogisticModel model = LogisticModel.builder(funnel, withHistory).penalty(0).train(leads);
    // The demo plays the part of "big company" (10 points): the same closed-form logits.
    double perPoint = (Math.log(8.0 / 2) - Math.log(3.0 / 7)) / 10;
    assertThat(model.coefficients().get("demo")).isCloseTo(perPoint, within(1e-8));
    assertThat(model.coefficients()).doesNotContainKey("newsletter");
    assertThatThrownBy(() -> LogisticModel.builder(funnel, plain).train(leads))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newTrackerWithHistory()");
  }

  @Test
  void aModelRebuiltFromItsParametersScoresAsTheTrainedOne() {
    LogisticModel trained = LogisticModel.builder(funnel, fit).train(history());
    LogisticModel rebuilt =
        LogisticModel.of(trained.base(), trained.intercept(), trained.coefficients());
    assertThat(rebuilt.intercept()).isEqualTo(trained.intercept());
    assertThat(rebuilt.coefficients()).isEqualTo(trained.coefficients());
    for (Lead lead : history()) {
      assertThat(rebuilt.score(lead, T0)).isEqualTo(trained.score(lead, T0));
    }
    assertThat(rebuilt.score(ClosedLeads.open("p", 1), T0))
        .isEqualTo(trained.score(ClosedLeads.open("p", 1), T0));
    assertThatThrownBy(() -> LogisticModel.of(fit, 0, Map.of("big", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the coefficient of factor 'big' must be finite: NaN");
    assertThatThrownBy(() -> LogisticModel.of(fit, Double.POSITIVE_INFINITY, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the intercept must be finite: Infinity");
  }
}
