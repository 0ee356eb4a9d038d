package dev.funnel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.funnel.model.AttributeType;
import dev.funnel.model.Attributes;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.scoring.Activity;
import dev.funnel.scoring.Decay;
import dev.funnel.scoring.EngagementRule;
import dev.funnel.scoring.EngagementScoring;
import dev.funnel.scoring.EngagementTracker;
import dev.funnel.scoring.Evaluation;
import dev.funnel.scoring.Feature;
import dev.funnel.scoring.FitRule;
import dev.funnel.scoring.FitScorer;
import dev.funnel.scoring.LeadScorer;
import dev.funnel.scoring.NaiveBayesModel;
import dev.funnel.scoring.Score;
import dev.funnel.scoring.Tier;
import dev.funnel.scoring.Tiers;
import dev.funnel.scoring.WeightedScorer;
import dev.funnel.scoring.WorkItem;
import dev.funnel.scoring.WorkList;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Score and prioritise" snippet, with the values its comments claim. */
class ReadmeScoringTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void scoreAndPrioritise() {
    Instant now = T0.plus(Duration.ofDays(30));
    Instant visitedAt = now;
    Attributes pricingPage = Attributes.builder().put("page", "pricing").build();
    Lead lead =
        Lead.builder("lead-1")
            .attribute("employees", 200)
            .attribute("title", "CTO")
            .startIn("new", T0)
            .build();

    FitScorer fit =
        FitScorer.builder()
            .attribute("employees", AttributeType.NUMBER)
            .attribute("title", AttributeType.TEXT)
            .rule(FitRule.between("mid-size company", "employees", 50, 1000, 15))
            .rule(FitRule.oneOf("decision maker", "title", List.of("CTO", "CEO"), 20))
            .build();
    EngagementScoring engagement =
        EngagementScoring.builder()
            .rule(
                EngagementRule.builder("pricing page")
                    .activity("page_view")
                    .where("page", "pricing")
                    .points(10)
                    .decay(Decay.halfLife(Duration.ofDays(14)))
                    .group("web")
                    .build())
            .rule(
                EngagementRule.builder("unsubscribed")
                    .activity("unsubscribe")
                    .points(-40)
                    .once()
                    .build())
            .groupCap("web", 30)
            .build();
    EngagementTracker tracker = engagement.newTracker();
    tracker.record("lead-1", new Activity("page_view", visitedAt, pricingPage));

    LeadScorer score =
        WeightedScorer.builder().add("fit", fit, 0.6).add("engagement", tracker, 0.4).build();
    Score s = score.score(lead, now);
    assertThat(s)
        .hasToString(
            "25.00 points [fit: mid-size company +9.000, fit: decision maker +12.00,"
                + " engagement: pricing page +4.000]");
    assertThat(Tiers.of(30, 15).tierOf(s)).isEqualTo(Tier.MEDIUM);

    Funnel funnel =
        Funnel.builder("sales")
            .stage(Stage.open("new"))
            .stage(Stage.open("proposal"))
            .stage(Stage.won("won"))
            .stage(Stage.lost("lost"))
            .build();
    List<Lead> closedLeads = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      boolean won = i % 3 == 0;
      Lead closed =
          Lead.builder("c" + i)
              .attribute("industry", i % 2 == 0 ? "software" : "retail")
              .source(i % 4 == 0 ? "referral" : "web")
              .startIn("new", T0)
              .build()
              .withStageChange("proposal", T0.plusSeconds(3600), "proposal sent")
              .withStageChange(won ? "won" : "lost", T0.plusSeconds(7200), "closed");
      closedLeads.add(closed);
    }
    List<Lead> heldOut = closedLeads.subList(0, 20);
    List<Lead> training = closedLeads.subList(20, 40);
    NaiveBayesModel winProbability =
        NaiveBayesModel.builder(funnel)
            .feature(Feature.attribute("industry"))
            .feature(Feature.source())
            .train(training);
    List<Lead> openLeads =
        List.of(
            Lead.builder("o1")
                .attribute("industry", "software")
                .source("referral")
                .value(new BigDecimal("1000"))
                .startIn("proposal", T0)
                .build(),
            Lead.builder("o2")
                .attribute("industry", "retail")
                .source("web")
                .value(new BigDecimal("5000"))
                .startIn("new", T0)
                .build());
    List<WorkItem> list = WorkList.byExpectedValue(winProbability, openLeads, now);
    assertThat(list).hasSize(2);
    assertThat(list.get(0).priority()).isGreaterThanOrEqualTo(list.get(1).priority());
    double auc = Evaluation.fromLeads(winProbability, funnel, heldOut).auc();
    assertThat(auc).isBetween(0.0, 1.0);
  }
}
