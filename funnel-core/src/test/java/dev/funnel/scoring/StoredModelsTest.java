package dev.funnel.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a stored scorer or model is made of: built-in parts are equal when made alike, and a naive
 * Bayes model rebuilt from its counts is the model. The counts are worked by hand for four leads.
 */
class StoredModelsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Funnel FUNNEL =
      Funnel.builder("sales")
          .stage(Stage.open("new"))
          .stage(Stage.open("proposal"))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();

  private static Lead closed(String id, String source, String... stages) {
    Lead lead = Lead.builder(id).source(source).startIn("new", T0).build();
    Instant at = T0;
    for (String stage : stages) {
      at = at.plus(Duration.ofDays(1));
      lead = lead.withStageChange(stage, at, "moved");
    }
    return lead;
  }

  private static final List<Lead> CLOSED =
      List.of(
          closed("a", "web", "proposal", "won"),
          closed("b", "web", "lost"),
          closed("c", "referral", "proposal", "won"),
          closed("d", "web", "proposal", "lost"));

  @Test
  void countsAreWhatTheLeadsShow() {
    NaiveBayesModel model = NaiveBayesModel.builder(FUNNEL).feature(Feature.source()).train(CLOSED);
    NaiveBayesModel.Counts counts = model.counts();
    // Two won (a, c), two lost (b, d); every won lead counts in every open stage; b was lost in
    // "new", d after reaching "proposal".
    assertEquals(2, counts.won());
    assertEquals(2, counts.lost());
    assertEquals(2, counts.wonIn("new"));
    assertEquals(2, counts.lostIn("new"));
    assertEquals(2, counts.wonIn("proposal"));
    assertEquals(1, counts.lostIn("proposal"));
    assertEquals(1, counts.won("source", "web"));
    assertEquals(2, counts.lost("source", "web"));
    assertEquals(1, counts.won("source", "referral"));
    assertEquals(2, counts.won("source"));
  }

  @Test
  void aModelRestoredFromItsCountsIsTheModel() {
    NaiveBayesModel.Builder builder = NaiveBayesModel.builder(FUNNEL).feature(Feature.source());
    NaiveBayesModel model = builder.train(CLOSED);
    NaiveBayesModel.Counts counts =
        NaiveBayesModel.Counts.builder(FUNNEL)
            .outcomes(2, 2)
            .stage("new", 2, 2)
            .stage("proposal", 2, 1)
            .feature("source", 2, 2)
            .value("source", "web", 1, 2)
            .value("source", "referral", 1, 0)
            .build();
    assertEquals(model.counts(), counts);
    NaiveBayesModel restored = builder.restore(counts, Map.of());
    assertEquals(model, restored);
    Lead open = Lead.builder("e").source("web").startIn("proposal", T0).build();
    assertEquals(model.score(open, T0), restored.score(open, T0));
  }

  @Test
  void countsThatCannotBeAreRefusedNamingTheCount() {
    assertThatThrownBy(
            () -> NaiveBayesModel.Counts.builder(FUNNEL).outcomes(2, 2).stage("new", 3, 0))
        .hasMessageContaining("stage 'new' (3 won, 0 lost) exceed the totals (2 won, 2 lost)");
    assertThatThrownBy(() -> NaiveBayesModel.Counts.builder(FUNNEL).outcomes(-1, 2))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(
            () ->
                NaiveBayesModel.Counts.builder(FUNNEL).outcomes(2, 2).value("source", "web", 1, 1))
        .hasMessageContaining("set the totals of feature 'source' before its values");
    NaiveBayesModel.Counts oneOutcome =
        NaiveBayesModel.Counts.builder(FUNNEL).outcomes(3, 0).build();
    assertThatThrownBy(() -> NaiveBayesModel.builder(FUNNEL).restore(oneOutcome, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    NaiveBayesModel.Counts unknownFeature =
        NaiveBayesModel.Counts.builder(FUNNEL).outcomes(1, 1).feature("industry", 1, 1).build();
    assertThatThrownBy(() -> NaiveBayesModel.builder(FUNNEL).restore(unknownFeature, Map.of()))
        .hasMessageContaining("feature 'industry', which the model does not");
  }

  @Test
  void builtInPartsAreEqualWhenMadeAlike() {
    assertEquals(
        FitRule.atLeast("big", "employees", 200, 10), FitRule.atLeast("big", "employees", 200, 10));
    assertNotEquals(
        FitRule.atLeast("big", "employees", 200, 10), FitRule.atLeast("big", "employees", 200, 11));
    assertEquals(
        FitRule.atLeast("big", "employees", 200, 10).withPoints(3),
        FitRule.atLeast("big", "employees", 200, 3));
    assertThat(FitRule.isTrue("b", "budget", 4).definition().orElseThrow().parameters())
        .containsEntry("points", 4.0);
    assertEquals(Feature.bucketed("employees", 10, 100), Feature.bucketed("employees", 10, 100));
    assertNotEquals(Feature.bucketed("employees", 10, 100), Feature.bucketed("employees", 10, 101));
    assertEquals(
        Decay.percentPerPeriod(10, Duration.ofDays(7)),
        Decay.percentPerPeriod(10, Duration.ofDays(7)));
    EngagementRule.Builder rule =
        EngagementRule.builder("spring")
            .activity("email_open")
            .points(3)
            .where("campaign", "spring");
    assertEquals(rule.build(), rule.build());
    assertThatThrownBy(() -> rule.where("campaign", "autumn"))
        .hasMessageContaining("both 'spring' and 'autumn': it could never match");
  }

  @Test
  void aSnapshotThatDoesNotFitItsRulesIsRefused() {
    EngagementRule once =
        EngagementRule.builder("once").activity("webinar").points(10).once().build();
    EngagementScoring scoring = EngagementScoring.builder().rule(once).build();
    TrackerSnapshot.RuleMemory withTimes =
        TrackerSnapshot.RuleMemory.of(T0, 0, 0, List.of(T0.minusSeconds(5)));
    assertThatThrownBy(
            () ->
                TrackerSnapshot.builder(scoring, false)
                    .lead(
                        "L1",
                        TrackerSnapshot.LeadMemory.of(T0, List.of(), Map.of("once", withTimes))))
        .hasMessageContaining("rule 'once' keeps no times, but its memory has 1");
    TrackerSnapshot.RuleMemory plain = TrackerSnapshot.RuleMemory.of(T0, 0, 0, List.of());
    assertThatThrownBy(
            () ->
                TrackerSnapshot.builder(scoring, false)
                    .lead(
                        "L1", TrackerSnapshot.LeadMemory.of(T0, List.of(), Map.of("twice", plain))))
        .hasMessageContaining(
            "rule 'twice', which the configuration does not have; its rules: [once]");
    assertThatThrownBy(
            () ->
                TrackerSnapshot.builder(scoring, false)
                    .lead(
                        "L1",
                        TrackerSnapshot.LeadMemory.of(
                            T0, List.of(Activity.of("webinar", T0)), Map.of("once", plain))))
        .hasMessageContaining("has activities, but the tracker keeps none");
    assertThatThrownBy(
            () ->
                TrackerSnapshot.LeadMemory.of(T0.minusSeconds(1), List.of(), Map.of("once", plain)))
        .hasMessageContaining("after the lead's latest activity");
    // A once rule scores 10 from a snapshot that remembers its match, as the tracker did.
    EngagementTracker tracker = scoring.newTracker();
    tracker.record("L1", Activity.of("webinar", T0));
    EngagementTracker restored =
        EngagementTracker.restore(
            TrackerSnapshot.builder(scoring, false)
                .lead("L1", TrackerSnapshot.LeadMemory.of(T0, List.of(), Map.of("once", plain)))
                .build());
    assertEquals(10, restored.score("L1", T0.plusSeconds(60)).value());
    assertEquals(tracker.snapshot(), restored.snapshot());
  }
}
