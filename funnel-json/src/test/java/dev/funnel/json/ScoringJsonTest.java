package dev.funnel.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

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
import dev.funnel.scoring.Feature;
import dev.funnel.scoring.FitRule;
import dev.funnel.scoring.FitScorer;
import dev.funnel.scoring.LogisticModel;
import dev.funnel.scoring.NaiveBayesModel;
import dev.funnel.scoring.TrackerSnapshot;
import dev.funnel.testkit.Activities;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Scorers, rule sets and trained models written and read back are equal and score every lead
 * identically: the same contributions, to the last bit.
 */
class ScoringJsonTest {
  private static final int EXAMPLES = 60;
  private static final long SEED = 20_261_207L;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> INDUSTRIES = List.of("retail", "software", "health");
  private static final List<String> SOURCES = List.of("web", "referral", "partner");

  private static final Funnel FUNNEL =
      Funnel.builder("sales")
          .stage(Stage.open("new").winProbability(0.1))
          .stage(Stage.open("qualified").winProbability(0.3))
          .stage(Stage.open("proposal").winProbability(0.6))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();

  private static final FitRule REFERRED =
      FitRule.matching("referred", lead -> lead.source().equals(Optional.of("referral")), 5);
  private static final Feature VALUE_BAND =
      Feature.of(
          "value band",
          lead -> Optional.of(lead.value().compareTo(BigDecimal.valueOf(50_000)) < 0 ? "S" : "L"));
  private static final Function<Lead, Optional<String>> TEAM = Lead::segment;
  private static final EngagementRule PRICING_PAGE =
      EngagementRule.builder("pricing page")
          .activity("page_view")
          .where(p -> p.text("path").filter(s -> s.startsWith("/pricing")).isPresent())
          .points(7)
          .build();

  private static final FunnelJson JSON =
      FunnelJson.builder()
          .fitRule(REFERRED)
          .feature(VALUE_BAND)
          .team("segment", TEAM)
          .engagementRule(PRICING_PAGE)
          .build();

  @Test
  void fitScorersReadBackEqualAndScoreAlike() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              FitScorer scorer = fitScorer(random);
              FitScorer read = JSON.readFitScorer(JSON.write(scorer));
              assertEquals(scorer, read);
              for (Lead lead : leads(random, 20)) {
                assertEquals(scorer.score(lead, START), read.score(lead, START));
              }
            });
  }

  @Test
  void trainedLogisticModelsReadBackEqualAndScoreAlike() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              FitScorer base = fitScorer(random);
              List<Lead> leads = leads(random, 120);
              LogisticModel model = LogisticModel.builder(FUNNEL, base).train(closed(leads));
              LogisticModel read = JSON.readLogisticModel(JSON.write(model));
              assertEquals(model, read);
              for (Lead lead : open(leads)) {
                assertEquals(model.score(lead, START), read.score(lead, START));
              }
            });
  }

  @Test
  void trainedNaiveBayesModelsReadBackEqualAndScoreAlike() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              List<Lead> leads = leads(random, 150);
              NaiveBayesModel.Builder builder =
                  NaiveBayesModel.builder(FUNNEL)
                      .feature(Feature.attribute("industry"))
                      .feature(Feature.bucketed("employees", 10, 100, 1000))
                      .feature(Feature.source())
                      .feature(VALUE_BAND)
                      .smoothing(0.05 + random.nextDouble())
                      .minimumSupport(1 + random.nextInt(3));
              if (random.nextBoolean()) {
                builder.team(TEAM);
              }
              NaiveBayesModel model = builder.train(closed(leads));
              NaiveBayesModel read = JSON.readNaiveBayesModel(JSON.write(model));
              assertEquals(model, read);
              for (Lead lead : open(leads)) {
                assertEquals(model.score(lead, START), read.score(lead, START));
              }
              // The model read back keeps learning as the trained one does.
              Lead closing = closed(leads).get(0);
              assertEquals(model.with(closing), read.with(closing));
            });
  }

  @Test
  void engagementRuleSetsReadBackEqualAndScoreAlike() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(longs().all(), Activities.histories(30))
        .checkAssert(
            (seed, history) -> {
              SplittableRandom random = new SplittableRandom(seed);
              EngagementScoring scoring = engagement(random);
              EngagementScoring read = JSON.readEngagementScoring(JSON.write(scoring));
              assertEquals(scoring, read);
              Instant now = START.plus(Duration.ofDays(70));
              assertEquals(scoring.score(history, now), read.score(history, now));
            });
  }

  @Test
  void trackersRestoredFromTheirSnapshotsContinueIdentically() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(longs().all(), Activities.histories(40), Activities.histories(40))
        .checkAssert(
            (seed, before, after) -> {
              SplittableRandom random = new SplittableRandom(seed);
              EngagementScoring scoring = engagement(random);
              boolean history = random.nextBoolean();
              EngagementTracker tracker =
                  history ? scoring.newTrackerWithHistory() : scoring.newTracker();
              List<String> ids = List.of("L1", "L2", "L3");
              for (Activity activity : before) {
                tracker.record(pick(random, ids), withPath(activity, random));
              }
              TrackerSnapshot snapshot = tracker.snapshot();
              TrackerSnapshot read = JSON.readTrackerSnapshot(JSON.write(snapshot));
              assertEquals(snapshot, read);
              EngagementTracker restored = EngagementTracker.restore(read);
              // Later activities, after the first ones, go to both trackers alike.
              Duration later = Duration.ofDays(61);
              for (Activity activity : after) {
                Activity moved =
                    withPath(
                        new Activity(
                            activity.type(), activity.at().plus(later), activity.properties()),
                        random);
                String id = pick(random, ids);
                tracker.record(id, moved);
                restored.record(id, moved);
              }
              Instant end = START.plus(Duration.ofDays(200));
              for (String id : ids) {
                assertEquals(tracker.score(id, end), restored.score(id, end));
                if (history) {
                  Instant middle = START.plus(Duration.ofDays(30));
                  assertEquals(tracker.score(id, middle), restored.score(id, middle));
                }
              }
              assertEquals(tracker.snapshot(), restored.snapshot());
            });
  }

  /** Some page views of the pricing pages, which the registered rule counts. */
  private static Activity withPath(Activity activity, SplittableRandom random) {
    if (!activity.type().equals("page_view") || random.nextBoolean()) {
      return activity;
    }
    return new Activity(
        activity.type(), activity.at(), Attributes.builder().put("path", "/pricing/team").build());
  }

  @Test
  void countsBeyondTheirTotalsAreNamedWithTheirPath() {
    NaiveBayesModel model =
        NaiveBayesModel.builder(FUNNEL)
            .feature(Feature.source())
            .train(closed(leads(new SplittableRandom(3), 80)));
    String written = JSON.write(model);
    String broken =
        written.replaceFirst(
            "\"stages\" : \\{\\s*\"new\" : \\[ \\d+", "\"stages\" : { \"new\" : [ 99999");
    assertThat(broken).isNotEqualTo(written);
    FunnelJsonException error =
        assertThrows(FunnelJsonException.class, () -> JSON.readNaiveBayesModel(broken));
    assertThat(error.path()).isEqualTo("/naiveBayesModel/counts/stages/new");
    assertThat(error.getMessage()).contains("exceed the totals").contains("99999");
    FunnelJsonException unregistered =
        assertThrows(
            FunnelJsonException.class,
            () ->
                FunnelJson.standard()
                    .readNaiveBayesModel(
                        JSON.write(
                            NaiveBayesModel.builder(FUNNEL)
                                .feature(VALUE_BAND)
                                .train(closed(leads(new SplittableRandom(4), 80))))));
    assertThat(unregistered.getMessage())
        .contains("no feature is registered as 'value band'; registered: none");
  }

  static FitScorer fitScorer(SplittableRandom random) {
    FitScorer.Builder scorer =
        FitScorer.builder()
            .attribute("employees", AttributeType.NUMBER)
            .attribute("industry", AttributeType.TEXT)
            .attribute("budget", AttributeType.BOOLEAN);
    int n = 1 + random.nextInt(6);
    for (int i = 0; i < n; i++) {
      double points = Math.round(random.nextDouble(-20, 40) * 4) / 4.0;
      String name = "rule " + i;
      scorer.rule(
          switch (random.nextInt(6)) {
            case 0 -> FitRule.equalTo(name, "industry", pick(random, INDUSTRIES), points);
            case 1 -> FitRule.oneOf(name, "industry", List.of("retail", "health"), points);
            case 2 -> FitRule.between(name, "employees", 10, 10 + random.nextInt(500), points);
            case 3 -> FitRule.atLeast(name, "employees", random.nextInt(1000), points);
            case 4 -> FitRule.isTrue(name, "budget", points);
            default -> REFERRED.withPoints(points);
          });
      if (random.nextInt(6) == 0) {
        break;
      }
    }
    try {
      return scorer.build();
    } catch (IllegalArgumentException twoReferred) {
      return FitScorer.builder().rule(REFERRED).build();
    }
  }

  static EngagementScoring engagement(SplittableRandom random) {
    EngagementScoring.Builder scoring = EngagementScoring.builder();
    boolean web = false;
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (i == 0 && random.nextBoolean()) {
        scoring.rule(PRICING_PAGE);
        continue;
      }
      EngagementRule.Builder rule =
          EngagementRule.builder("engagement " + i)
              .activity(pick(random, Activities.TYPES))
              .points(random.nextInt(1, 30));
      if (random.nextBoolean()) {
        rule.once();
      }
      if (random.nextBoolean()) {
        rule.within(Duration.ofDays(1 + random.nextInt(40)));
      }
      switch (random.nextInt(3)) {
        case 0 -> rule.decay(Decay.halfLife(Duration.ofDays(1 + random.nextInt(30))));
        case 1 -> rule.decay(Decay.percentPerPeriod(1 + random.nextInt(99), Duration.ofDays(7)));
        default -> {}
      }
      if (random.nextBoolean()) {
        String group = random.nextBoolean() ? "web" : "email";
        web |= group.equals("web");
        rule.group(group);
      }
      if (random.nextInt(4) == 0) {
        rule.where("campaign", "spring");
      }
      scoring.rule(rule.build());
    }
    if (web && random.nextBoolean()) {
      scoring.groupCap("web", random.nextInt(10, 60));
    }
    if (random.nextBoolean()) {
      scoring.overallCap(random.nextInt(20, 100));
    }
    return scoring.build();
  }

  /** Leads with the attributes the scorers read, each open, won or lost. */
  static List<Lead> leads(SplittableRandom random, int n) {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant created = START.plus(Duration.ofHours(random.nextInt(24 * 200)));
      Lead lead =
          Lead.builder("L" + i)
              .attribute("employees", random.nextInt(1, 5000))
              .attribute("industry", pick(random, INDUSTRIES))
              .attribute("budget", random.nextBoolean())
              .value(BigDecimal.valueOf(random.nextInt(1000, 100_000)))
              .source(pick(random, SOURCES))
              .segment(random.nextBoolean() ? "east" : "west")
              .startIn("new", created)
              .build();
      Instant at = created;
      // Won leads pass every open stage; lost ones fall out anywhere; the rest stay open.
      int end = random.nextInt(5);
      for (int stage = 1; stage <= Math.min(end, 2); stage++) {
        at = at.plus(Duration.ofDays(1 + random.nextInt(20)));
        lead = lead.withStageChange(FUNNEL.stages().get(stage).id(), at, "moved");
      }
      if (end >= 3) {
        at = at.plus(Duration.ofDays(1 + random.nextInt(20)));
        String outcome = end == 3 && random.nextBoolean() ? "won" : "lost";
        lead = lead.withStageChange(outcome, at, outcome);
      }
      leads.add(lead);
    }
    // Both outcomes, whatever the draw.
    leads.add(closedAs("won", 10_000));
    leads.add(closedAs("lost", 10_001));
    return leads;
  }

  private static Lead closedAs(String outcome, int i) {
    return Lead.builder("L" + i)
        .attribute("employees", 50)
        .attribute("industry", "retail")
        .attribute("budget", true)
        .source("web")
        .segment("east")
        .startIn("new", START)
        .build()
        .withStageChange("qualified", START.plus(Duration.ofDays(1)), "moved")
        .withStageChange("proposal", START.plus(Duration.ofDays(2)), "moved")
        .withStageChange(outcome, START.plus(Duration.ofDays(3)), outcome);
  }

  private static List<Lead> closed(List<Lead> leads) {
    return leads.stream().filter(l -> FUNNEL.stage(l.currentStageId()).isTerminal()).toList();
  }

  private static List<Lead> open(List<Lead> leads) {
    return leads.stream().filter(l -> !FUNNEL.stage(l.currentStageId()).isTerminal()).toList();
  }

  private static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
