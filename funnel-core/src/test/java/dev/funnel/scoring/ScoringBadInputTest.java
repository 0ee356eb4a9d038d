package dev.funnel.scoring;

import static dev.funnel.testing.BadInput.refused;
import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.AttributeType;
import dev.funnel.model.Attributes;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §3 for scoring: every refused value is named in the message, and each limit's boundary
 * value is accepted, so that a limit cannot move by one without a test noticing.
 */
class ScoringBadInputTest {

  @Test
  void namesMustNotBeBlank() {
    refused(() -> Activity.of(" ", T0), "activity type must not be blank: ' '");
    refused(() -> new Contribution("", 1), "contribution factor must not be blank: ''");
    refused(() -> EngagementRule.builder(" "), "engagement rule name must not be blank: ' '");
    refused(
        () -> EngagementRule.builder("r").activity(""),
        "activity type of rule 'r' must not be blank");
    refused(() -> EngagementRule.builder("r").group(" "), "group of rule 'r' must not be blank");
    refused(
        () -> Feature.of(" ", lead -> java.util.Optional.empty()),
        "feature name must not be blank: ' '");
    refused(() -> FitRule.isTrue("", "big", 1), "fit rule name must not be blank: ''");
    refused(
        () -> FitScorer.builder().attribute(" ", AttributeType.TEXT),
        "attribute name must not be blank: ' '");
    refused(
        () -> WeightedScorer.builder().add("", (lead, now) -> Score.points(List.of()), 1),
        "component name must not be blank: ''");
  }

  @Test
  void amountsMustBeFinite() {
    refused(() -> new Contribution("x", Double.NaN), "contribution of 'x' must be finite: NaN");
    refused(
        () -> FitRule.isTrue("r", "big", Double.POSITIVE_INFINITY),
        "points of fit rule 'r' must be finite: Infinity");
    refused(() -> FitRule.atLeast("r", "size", Double.NaN, 1), "minimum of fit rule 'r' is NaN");
    refused(
        () ->
            WeightedScorer.builder().add("fit", (lead, now) -> Score.points(List.of()), Double.NaN),
        "weight of component 'fit' must be finite: NaN");
    refused(() -> Tiers.of(Double.NaN, 1), "high threshold must be finite: NaN");
    refused(
        () -> Tiers.of(1, Double.NEGATIVE_INFINITY), "medium threshold must be finite: -Infinity");
  }

  @Test
  void namesMustBeUnique() {
    EngagementRule rule = EngagementRule.builder("r").activity("a").points(1).build();
    refused(
        () -> EngagementScoring.builder().rule(rule).rule(rule).build(),
        "two engagement rules are named 'r'");
    LeadScorer none = (lead, now) -> Score.points(List.of());
    refused(
        () -> WeightedScorer.builder().add("x", none, 1).add("x", none, 2),
        "two components are named 'x'");
    Funnel funnel = SampleFunnels.simple();
    refused(
        () ->
            NaiveBayesModel.builder(funnel)
                .feature(Feature.attribute("industry"))
                .feature(Feature.attribute("industry")),
        "two features are named 'industry'");
    refused(
        () ->
            FitScorer.builder()
                .attribute("size", AttributeType.NUMBER)
                .attribute("size", AttributeType.TEXT),
        "attribute 'size' is declared as NUMBER and as TEXT");
    // Declaring the same type twice is no conflict.
    assertThat(
            FitScorer.builder()
                .attribute("size", AttributeType.NUMBER)
                .attribute("size", AttributeType.NUMBER)
                .build()
                .attributes())
        .containsEntry("size", AttributeType.NUMBER);
  }

  @Test
  void aRuleNeedsAnActivityTypeAndPoints() {
    assertThatThrownBy(() -> EngagementRule.builder("r").points(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("engagement rule 'r' needs an activity type");
    assertThatThrownBy(() -> EngagementRule.builder("r").activity("a").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("engagement rule 'r' needs points");
  }

  @Test
  void decayPercentagesLieInZeroToAHundredAndPeriodsAreWholeSeconds() {
    Duration day = Duration.ofDays(1);
    refused(() -> Decay.percentPerPeriod(0, day), "decay percentage must be in (0, 100]: 0.0");
    refused(
        () -> Decay.percentPerPeriod(100.5, day), "decay percentage must be in (0, 100]: 100.5");
    refused(
        () -> Decay.percentPerPeriod(10, Duration.ofMillis(999)),
        "decay period must be at least one second: PT0.999S");
    refused(
        () -> Decay.percentPerPeriod(10, Duration.ofMillis(1500)),
        "decay period must be a whole number of seconds: PT1.5S");
    // 100 % a period: an activity counts in full in its own period and not at all after it.
    Decay all = Decay.percentPerPeriod(100, day);
    assertThat(all.factor(T0, T0)).isEqualTo(1.0);
    assertThat(all.factor(T0, T0.plus(Duration.ofDays(2)))).isEqualTo(0.0);
    assertThat(Decay.percentPerPeriod(10, Duration.ofSeconds(1)).factor(T0, T0.plusSeconds(2)))
        .isEqualTo(0.81, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void aHalfLifeHalvesOnTheSecondFractionsIncluded() {
    Decay halfLife = Decay.halfLife(Duration.ofSeconds(2));
    // One half-life after T0 + 0.5 s: exactly one half; fractions of a second count.
    assertThat(halfLife.factor(T0.plusMillis(500), T0.plusMillis(2500))).isEqualTo(0.5);
    assertThat(halfLife.factor(T0, T0.plusMillis(1500)))
        .isCloseTo(Math.pow(0.5, 0.75), org.assertj.core.api.Assertions.within(1e-12));
    assertThat(halfLife.factor(T0, T0.plusSeconds(1)))
        .isEqualTo(Math.sqrt(0.5), org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void featureBucketBoundsAreFiniteAndIncreaseStrictly() {
    refused(() -> Feature.bucketed("size"), "feature 'size' needs at least one bucket bound");
    refused(
        () -> Feature.bucketed("size", 1, Double.NaN),
        "bucket bound of 'size' must be finite: NaN");
    refused(
        () -> Feature.bucketed("size", 5, 5),
        "bucket bounds of 'size' must increase strictly: [5.0, 5.0]");
    Feature one = Feature.bucketed("size", 10);
    assertThat(one.valueOf(withSize(9.5))).hasValue("< 10");
    assertThat(one.valueOf(withSize(10))).hasValue("≥ 10");
    // Bounds print as integers below 10^15, where every integer is exact, and as doubles above.
    Feature wide = Feature.bucketed("size", 1e15 - 1, 1e15);
    assertThat(wide.valueOf(withSize(1))).hasValue("< 999999999999999");
    assertThat(wide.valueOf(withSize(2e15))).hasValue("≥ 1.0E15");
    assertThat(wide.toString()).isEqualTo("size");
  }

  private static Lead withSize(double size) {
    return ClosedLeads.open("L", 0).withAttributes(Attributes.builder().put("size", size).build());
  }

  @Test
  void tiersAllowEqualThresholdsAndIncludeEachThreshold() {
    refused(() -> Tiers.of(1, 2), "medium threshold 2.0 must not be above the high threshold 1.0");
    Tiers equal = Tiers.of(5, 5);
    assertThat(equal.tierOf(5)).isEqualTo(Tier.HIGH);
    assertThat(equal.tierOf(4.999)).isEqualTo(Tier.LOW);
    Tiers tiers = Tiers.of(10, 5);
    assertThat(tiers.tierOf(10)).isEqualTo(Tier.HIGH);
    assertThat(tiers.tierOf(5)).isEqualTo(Tier.MEDIUM);
    refused(() -> tiers.tierOf(Double.NaN), "cannot classify a NaN score");
  }

  @Test
  void probabilitiesMustNotRoundToZeroOrOne() {
    refused(
        () -> Score.probability(List.of(new Contribution("x", 40))),
        "log-odds 40.0 give a probability of exactly 1.0; limit them first");
    refused(
        () -> Score.probability(List.of(new Contribution("x", -800))),
        "log-odds -800.0 give a probability of exactly 0.0; limit them first");
    assertThat(Score.probability(List.of(new Contribution("x", 36))).value()).isLessThan(1.0);
  }

  @Test
  void suggestedPointsNeedAPositiveFiniteScale() {
    Funnel funnel = SampleFunnels.simple();
    FitScorer fit =
        FitScorer.builder()
            .attribute("big", AttributeType.BOOLEAN)
            .rule(FitRule.isTrue("big company", "big", 10))
            .build();
    List<Lead> history =
        List.of(
            ClosedLeads.closed(Lead.builder("w").attribute("big", true), 1, "won"),
            ClosedLeads.closed(Lead.builder("l").attribute("big", false), 1, "lost"),
            ClosedLeads.closed(Lead.builder("w2").attribute("big", false), 1, "won"));
    LogisticModel model = LogisticModel.builder(funnel, fit).train(history);
    refused(
        () -> model.suggestedPoints(fit, 0),
        "points per unit of log-odds must be positive and finite: 0.0");
    refused(
        () -> model.suggestedPoints(fit, Double.POSITIVE_INFINITY),
        "points per unit of log-odds must be positive and finite: Infinity");
    assertThat(model.suggestedPoints(fit, Double.MIN_VALUE)).isNotNull();
  }

  @Test
  void trainTestSplitsNeedAFractionStrictlyInsideZeroOne() {
    Funnel funnel = SampleFunnels.simple();
    List<Lead> leads = List.of(ClosedLeads.won("w", "a", "x"), ClosedLeads.lost("l", "a", "y", 1));
    refused(
        () -> TrainTestSplit.fromLeads(funnel, leads, 0, 1),
        "test fraction must be strictly between 0 and 1: 0.0");
    refused(
        () -> TrainTestSplit.fromLeads(funnel, leads, 1, 1),
        "test fraction must be strictly between 0 and 1: 1.0");
    // Half of one won and one lost lead: each outcome rounds to one test lead.
    TrainTestSplit half = TrainTestSplit.fromLeads(funnel, leads, 0.5, 1);
    assertThat(half.test()).hasSize(2);
    assertThat(half.train()).isEmpty();
  }

  @Test
  void forgetSaysWhetherTheLeadWasKnown() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(EngagementRule.builder("r").activity("a").points(1).build())
            .build();
    EngagementTracker tracker = scoring.newTracker();
    tracker.record("L", Activity.of("a", T0));

    assertThat(tracker.forget("other")).isFalse();
    assertThat(tracker.forget("L")).isTrue();
    assertThat(tracker.forget("L")).isFalse();
  }
}
