package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of scoring over random configurations (QuickTheories draws a seed; each example builds
 * its rules, activities and leads from it).
 */
class ScoringPropertiesTest {
  private static final String[] TYPES = {"a", "b", "c", "d"};
  private static final int EXAMPLES = 300;

  /** A random engagement configuration; every rule has positive points unless asked otherwise. */
  private record Setup(
      EngagementScoring scoring, Map<String, String> groupOf, List<Activity> activities) {}

  private static Setup setup(long seed, boolean allowNegative) {
    SplittableRandom r = new SplittableRandom(seed);
    EngagementScoring.Builder builder = EngagementScoring.builder();
    Map<String, String> groupOf = new HashMap<>();
    int rules = 1 + r.nextInt(5);
    boolean[] grouped = new boolean[2];
    for (int i = 0; i < rules; i++) {
      String name = "rule" + i;
      double points = 1 + r.nextInt(30);
      if (allowNegative && r.nextInt(4) == 0) {
        points = -points;
      }
      EngagementRule.Builder rule =
          EngagementRule.builder(name).activity(TYPES[r.nextInt(TYPES.length)]).points(points);
      if (r.nextBoolean()) {
        rule.once();
      }
      if (r.nextBoolean()) {
        rule.within(Duration.ofHours(1 + r.nextInt(24 * 30)));
      }
      switch (r.nextInt(3)) {
        case 1 -> rule.decay(Decay.halfLife(Duration.ofHours(1 + r.nextInt(24 * 30))));
        case 2 ->
            rule.decay(
                Decay.percentPerPeriod(
                    1 + r.nextInt(50), Duration.ofHours(1 + r.nextInt(24 * 30))));
        default -> {}
      }
      int group = r.nextInt(3);
      if (group > 0) {
        rule.group("g" + group);
        groupOf.put(name, "g" + group);
        grouped[group - 1] = true;
      }
      builder.rule(rule.build());
    }
    for (int g = 0; g < 2; g++) {
      if (grouped[g] && r.nextBoolean()) {
        builder.groupCap("g" + (g + 1), r.nextInt(60));
      }
    }
    if (r.nextBoolean()) {
      builder.overallCap(r.nextInt(100));
    }
    List<Activity> activities = new ArrayList<>();
    int n = r.nextInt(20);
    for (int i = 0; i < n; i++) {
      activities.add(
          Activity.of(
              TYPES[r.nextInt(TYPES.length)],
              T0.plus(Duration.ofMinutes(r.nextInt(60 * 24 * 60)))));
    }
    return new Setup(builder.build(), groupOf, activities);
  }

  private static Instant now(long seed) {
    return T0.plus(Duration.ofDays(60))
        .plus(Duration.ofMinutes(new SplittableRandom(seed ^ 1).nextInt(60 * 24 * 90)));
  }

  private static void assertAddsUp(Score score) {
    double magnitude = 1;
    for (Contribution c : score.contributions()) {
      magnitude += Math.abs(c.amount());
    }
    double expected =
        score.scale() == ScoreScale.POINTS
            ? score.value()
            : Math.log(score.value() / (1 - score.value()));
    assertThat(Math.abs(score.total() - expected)).isLessThanOrEqualTo(1e-9 * magnitude);
  }

  @Test
  void capsAreNeverExceededAndContributionsAddUp() {
    qt().withFixedSeed(20261122L)
        .withExamples(EXAMPLES)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Setup s = setup(seed, true);
              Score score = s.scoring().score(s.activities(), now(seed));
              assertAddsUp(score);
              s.scoring()
                  .overallCap()
                  .ifPresent(cap -> assertThat(score.value()).isLessThanOrEqualTo(cap));
              Map<String, Double> groupTotals = new HashMap<>();
              for (Contribution c : score.contributions()) {
                String group = s.groupOf().get(c.factor());
                if (group == null && c.factor().startsWith("cap of group '")) {
                  group =
                      c.factor().substring("cap of group '".length(), c.factor().indexOf("' ("));
                }
                if (group != null) {
                  groupTotals.merge(group, c.amount(), Double::sum);
                }
              }
              s.scoring()
                  .groupCaps()
                  .forEach(
                      (group, cap) ->
                          assertThat(groupTotals.getOrDefault(group, 0.0))
                              .isLessThanOrEqualTo(cap + 1e-9));
            });
  }

  @Test
  void timePassingNeverRaisesAScoreOfPositiveRules() {
    qt().withFixedSeed(20261122L)
        .withExamples(EXAMPLES)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Setup s = setup(seed, false);
              Instant now = now(seed);
              double earlier = s.scoring().score(s.activities(), now).value();
              for (long hours : new long[] {1, 24, 24 * 40, 24 * 400}) {
                double later =
                    s.scoring().score(s.activities(), now.plus(Duration.ofHours(hours))).value();
                assertThat(later).isLessThanOrEqualTo(earlier + 1e-9 * (1 + Math.abs(earlier)));
                earlier = later;
              }
            });
  }

  @Test
  void aPositiveActivityNeverLowersTheScore() {
    qt().withFixedSeed(20261122L)
        .withExamples(EXAMPLES)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Setup s = setup(seed, false);
              Instant now = now(seed);
              SplittableRandom r = new SplittableRandom(seed ^ 2);
              List<Activity> more = new ArrayList<>(s.activities());
              more.add(
                  Activity.of(
                      TYPES[r.nextInt(TYPES.length)],
                      now.minus(Duration.ofMinutes(r.nextInt(60 * 24 * 90)))));
              double before = s.scoring().score(s.activities(), now).value();
              double after = s.scoring().score(more, now).value();
              assertThat(after).isGreaterThanOrEqualTo(before - 1e-9 * (1 + Math.abs(before)));
            });
  }

  @Test
  void trackerInAnyArrivalOrderEqualsBatchScoring() {
    qt().withFixedSeed(20261122L)
        .withExamples(EXAMPLES)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Setup s = setup(seed, true);
              List<Activity> shuffled = new ArrayList<>(s.activities());
              Collections.shuffle(shuffled, new Random(seed));
              EngagementTracker tracker = s.scoring().newTracker();
              shuffled.forEach(a -> tracker.record("L", a));
              Instant now = now(seed);
              double expected = s.scoring().score(s.activities(), now).value();
              assertThat(tracker.score("L", now).value())
                  .isCloseTo(
                      expected,
                      org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(expected))));
            });
  }

  private static List<Lead> closedLeads(SplittableRandom r, int n) {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Lead.Builder b = Lead.builder("L" + i);
      if (r.nextInt(5) > 0) {
        b.attribute("industry", "i" + r.nextInt(4));
      }
      if (r.nextBoolean()) {
        b.segment("team" + r.nextInt(3));
      }
      boolean won = i == 0 || (i > 1 && r.nextBoolean());
      leads.add(ClosedLeads.closed(b, r.nextInt(3), won ? "won" : "lost"));
    }
    return leads;
  }

  @Test
  void learnedProbabilitiesStayInsideZeroOneAndAddUpInLogOdds() {
    Funnel funnel = SampleFunnels.simple();
    qt().withFixedSeed(20261122L)
        .withExamples(200)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              List<Lead> history = closedLeads(r, 2 + r.nextInt(60));
              NaiveBayesModel bayes =
                  NaiveBayesModel.builder(funnel)
                      .feature(Feature.attribute("industry"))
                      .team(Lead::segment)
                      .smoothing(0.01 + r.nextDouble())
                      .minimumSupport(1 + r.nextInt(3))
                      .train(history);
              LogisticModel logistic = LogisticModel.builder(funnel, bayes).train(history);
              for (int i = 0; i < 5; i++) {
                Lead open = ClosedLeads.open("O" + i, r.nextInt(3));
                if (r.nextBoolean()) {
                  open =
                      open.withAttributes(open.attributes().with("industry", "i" + r.nextInt(5)));
                }
                for (Score score : List.of(bayes.score(open, T0), logistic.score(open, T0))) {
                  assertThat(score.value()).isStrictlyBetween(0.0, 1.0);
                  assertAddsUp(score);
                }
              }
            });
  }

  @Test
  void aucEqualsTheShareOfCorrectlyOrderedPairs() {
    Funnel funnel = SampleFunnels.simple();
    LeadScorer byNumber =
        (lead, now) ->
            Score.points(
                List.of(new Contribution("s", lead.attributes().number("s").orElseThrow())));
    qt().withFixedSeed(20261122L)
        .withExamples(200)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int n = 10 + r.nextInt(30);
              List<Lead> leads = new ArrayList<>();
              double[] scores = new double[n];
              boolean[] won = new boolean[n];
              for (int i = 0; i < n; i++) {
                scores[i] = r.nextInt(8); // few values, so ties are frequent
                won[i] = i == 0 || (i > 1 && r.nextBoolean());
                leads.add(
                    ClosedLeads.closed(
                        Lead.builder("L" + i).attribute("s", scores[i]),
                        1,
                        won[i] ? "won" : "lost"));
              }
              double pairs = 0;
              double correct = 0;
              for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                  if (won[i] && !won[j]) {
                    pairs++;
                    correct += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                  }
                }
              }
              Evaluation evaluation = Evaluation.fromLeads(byNumber, funnel, leads);
              assertThat(evaluation.auc())
                  .isCloseTo(correct / pairs, org.assertj.core.api.Assertions.within(1e-12));
              assertThat(evaluation.deciles().stream().mapToInt(DecileRow::leads).sum())
                  .isEqualTo(n);
              assertThat(evaluation.deciles().stream().mapToInt(DecileRow::won).sum())
                  .isEqualTo(evaluation.won());
            });
  }
}
