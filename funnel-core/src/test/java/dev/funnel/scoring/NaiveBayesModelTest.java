package dev.funnel.scoring;

import static dev.funnel.scoring.ClosedLeads.lost;
import static dev.funnel.scoring.ClosedLeads.won;
import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NaiveBayesModelTest {
  private final Funnel funnel = SampleFunnels.simple();
  // 3 won (2 software, 1 retail); 4 lost: software from new, retail from contacted, qualified, new.
  private final List<Lead> history =
      List.of(
          won("W1", "industry", "software"),
          won("W2", "industry", "software"),
          won("W3", "industry", "retail"),
          lost("L1", "industry", "software", 0),
          lost("L2", "industry", "retail", 1),
          lost("L3", "industry", "retail", 2),
          lost("L4", "industry", "retail", 0));
  private final NaiveBayesModel model =
      NaiveBayesModel.builder(funnel).feature(Feature.attribute("industry")).train(history);

  private static Lead openIn(int stage, String industry) {
    Lead lead = ClosedLeads.open("open", stage);
    return lead.withAttributes(lead.attributes().with("industry", industry));
  }

  @Test
  void probabilityFollowsTheOdooStyleCounts() {
    Score score = model.score(openIn(1, "software"), T0);
    // Stage "contacted": every won lead reached it (3 of 3), lost leads L2 and L3 did (2 of 4).
    double stage = ((3 + 0.1) / (3 + 0.2)) / ((2 + 0.1) / (4 + 0.2));
    // Industry "software": 2 of 3 won leads, 1 of 4 lost leads; two values, so 2α in the
    // denominators.
    double industry = ((2 + 0.1) / (3 + 0.2)) / ((1 + 0.1) / (4 + 0.2));
    double odds = (3.0 / 4) * stage * industry;
    assertThat(score.scale()).isEqualTo(ScoreScale.PROBABILITY);
    assertThat(score.value()).isCloseTo(odds / (1 + odds), within(1e-12));
    assertThat(score.contributions())
        .extracting(Contribution::factor)
        .containsExactly(
            "prior (all teams): 3 won, 4 lost", "stage = contacted", "industry = software");
    assertThat(score.contributions().get(2).amount()).isCloseTo(Math.log(industry), within(1e-12));
    assertThat(score.total()).isCloseTo(Math.log(odds), within(1e-12));
  }

  @Test
  void laterStagesRaiseTheProbability() {
    double inNew = model.score(openIn(0, "retail"), T0).value();
    double inContacted = model.score(openIn(1, "retail"), T0).value();
    double inQualified = model.score(openIn(2, "retail"), T0).value();
    assertThat(inNew).isLessThan(inContacted);
    assertThat(inContacted).isLessThan(inQualified);
  }

  @Test
  void unseenAndRareValuesContributeNothing() {
    assertThat(model.score(openIn(0, "mining"), T0).contributions()).hasSize(2);
    NaiveBayesModel strict =
        NaiveBayesModel.builder(funnel)
            .feature(Feature.attribute("industry"))
            .minimumSupport(4)
            .train(history);
    // software has 3 closed leads (< 4), retail 4
    assertThat(strict.score(openIn(0, "software"), T0).contributions()).hasSize(2);
    assertThat(strict.score(openIn(0, "retail"), T0).contributions()).hasSize(3);
  }

  @Test
  void incrementalUpdateEqualsRetraining() {
    Lead closing = won("W4", "industry", "retail");
    List<Lead> more = new ArrayList<>(history);
    more.add(closing);
    NaiveBayesModel retrained =
        NaiveBayesModel.builder(funnel).feature(Feature.attribute("industry")).train(more);
    NaiveBayesModel updated = model.with(closing);
    Lead open = openIn(1, "retail");
    assertThat(updated.score(open, T0)).isEqualTo(retrained.score(open, T0));
    assertThat(updated.closedLeads()).isEqualTo(8);
    assertThat(model.closedLeads()).isEqualTo(7); // unchanged
  }

  @Test
  void teamsWithoutBothOutcomesFallBackToAllTeams() {
    List<Lead> leads = new ArrayList<>();
    for (Lead lead : history) {
      leads.add(lead.toBuilder().segment(lead.id().equals("W3") ? "emea" : "americas").build());
    }
    NaiveBayesModel teams =
        NaiveBayesModel.builder(funnel)
            .feature(Feature.attribute("industry"))
            .team(Lead::segment)
            .train(leads);
    assertThat(teams.teams()).containsExactly("americas", "emea");
    Lead americas = openIn(1, "software").toBuilder().segment("americas").build();
    Lead emea = openIn(1, "software").toBuilder().segment("emea").build();
    assertThat(teams.score(americas, T0).contributions().get(0).factor())
        .isEqualTo("prior (team 'americas'): 2 won, 4 lost");
    // emea has one won lead and no lost one: it uses every team's history.
    assertThat(teams.score(emea, T0)).isEqualTo(model.score(emea, T0));
  }

  @Test
  void probabilitiesAreLimitedAwayFromZeroAndOne() {
    List<Lead> lopsided = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      lopsided.add(won("W" + i, "industry", "software"));
    }
    lopsided.add(lost("L", "industry", "retail", 0));
    NaiveBayesModel m =
        NaiveBayesModel.builder(funnel).feature(Feature.attribute("industry")).train(lopsided);
    Score score = m.score(openIn(2, "software"), T0);
    assertThat(score.value()).isCloseTo(0.9999, within(1e-12)).isLessThan(1);
    assertThat(score.contributions())
        .last()
        .extracting(Contribution::factor)
        .isEqualTo("limit (0.01 %–99.99 %)");
  }

  @Test
  void rejectsDegenerateTrainingAndClosedLeads() {
    assertThatThrownBy(
            () ->
                NaiveBayesModel.builder(funnel)
                    .train(List.of(won("A", "x", "1"), won("B", "x", "2"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both won and lost")
        .hasMessageContaining("2 won and 0 lost");
    assertThatThrownBy(
            () -> NaiveBayesModel.builder(funnel).train(List.of(ClosedLeads.open("O", 1))))
        .hasMessageContaining("lead 'O' is still open in stage 'contacted'");
    assertThatThrownBy(() -> model.score(history.get(0), T0))
        .hasMessageContaining("lead 'W1' is closed (WON in 'won')");
    assertThatThrownBy(
            () ->
                NaiveBayesModel.builder(funnel)
                    .feature(Feature.attribute("industy"))
                    .train(history))
        .hasMessageContaining("attribute 'industy', which none of the 7 training leads has");
    assertThatThrownBy(() -> NaiveBayesModel.builder(funnel).smoothing(0))
        .hasMessageContaining(": 0.0");
    assertThatThrownBy(() -> NaiveBayesModel.builder(funnel).smoothing(Double.NaN))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> NaiveBayesModel.builder(funnel).minimumSupport(0))
        .hasMessageContaining(": 0");
  }

  @Test
  void bucketedFeaturesNameTheirBuckets() {
    Feature size = Feature.bucketed("employees", 10, 50, 250);
    Lead.Builder b = Lead.builder("x").startIn("new", T0);
    assertThat(size.valueOf(b.attribute("employees", 5).build())).contains("< 10");
    assertThat(size.valueOf(b.attribute("employees", 10).build())).contains("10–50");
    assertThat(size.valueOf(b.attribute("employees", 250).build())).contains("≥ 250");
    assertThat(size.valueOf(Lead.builder("y").startIn("new", T0).build()))
        .isEqualTo(Optional.empty());
    assertThatThrownBy(() -> Feature.bucketed("employees", 10, 10))
        .hasMessageContaining("[10.0, 10.0]");
  }

  @Test
  void aClosedLeadGivenTwiceIsRejectedInTraining() {
    List<Lead> twice = new java.util.ArrayList<>(history);
    twice.add(history.get(0));

    assertThatThrownBy(
            () ->
                NaiveBayesModel.builder(funnel).feature(Feature.attribute("industry")).train(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lead 'W1' is given twice; each closed lead counts once");
  }
}
