package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import dev.funnel.testkit.Activities;
import dev.funnel.testkit.Leads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of scoring over random configurations, drawn as small integers so that a failure
 * shrinks toward one plain rule, few activities (the test kit's) and few leads.
 */
class ScoringPropertiesTest {
  private static final List<String> TYPES = Activities.TYPES.subList(0, 4);
  private static final int EXAMPLES = 300;
  private static final int RULE_FIELDS = 9;

  /** A random engagement configuration; every rule has positive points unless asked otherwise. */
  private record Setup(
      EngagementScoring scoring,
      Map<String, String> groupOf,
      List<Activity> activities,
      Instant now) {}

  /**
   * Engagement configurations of one to five rules, each from nine integers (activity type, points,
   * sign, once, window, decay kind, decay period, decay percent, group), caps of the two groups and
   * overall (−1 for none), the kit's activity histories and a moment after them.
   */
  private static Gen<Setup> setups(boolean allowNegative) {
    Gen<List<Integer>> rule = lists().of(integers().between(0, 719)).ofSize(RULE_FIELDS);
    return lists()
        .of(rule)
        .ofSizeBetween(1, 5)
        .zip(
            lists().of(integers().between(-1, 99)).ofSize(3),
            Activities.histories(20),
            integers().between(0, 60 * 24 * 90),
            (rules, caps, activities, minutes) ->
                setup(rules, caps, activities, minutes, allowNegative))
        .describedAs(setup -> setup.scoring() + " " + setup.activities() + " at " + setup.now());
  }

  private static Setup setup(
      List<List<Integer>> rules,
      List<Integer> caps,
      List<Activity> activities,
      int minutes,
      boolean allowNegative) {
    EngagementScoring.Builder builder = EngagementScoring.builder();
    Map<String, String> groupOf = new HashMap<>();
    boolean[] grouped = new boolean[2];
    for (int i = 0; i < rules.size(); i++) {
      List<Integer> f = rules.get(i);
      String name = "rule" + i;
      double points = 1 + f.get(1) % 30;
      if (allowNegative && f.get(2) % 4 == 3) {
        points = -points;
      }
      EngagementRule.Builder rule =
          EngagementRule.builder(name).activity(TYPES.get(f.get(0) % TYPES.size())).points(points);
      if (f.get(3) % 2 == 1) {
        rule.once();
      }
      if (f.get(4) > 0) {
        rule.within(Duration.ofHours(f.get(4)));
      }
      Duration period = Duration.ofHours(1 + f.get(6));
      switch (f.get(5) % 3) {
        case 1 -> rule.decay(Decay.halfLife(period));
        case 2 -> rule.decay(Decay.percentPerPeriod(1 + f.get(7) % 50, period));
        default -> {}
      }
      int group = f.get(8) % 3;
      if (group > 0) {
        rule.group("g" + group);
        groupOf.put(name, "g" + group);
        grouped[group - 1] = true;
      }
      builder.rule(rule.build());
    }
    for (int g = 0; g < 2; g++) {
      if (grouped[g] && caps.get(g) >= 0) {
        builder.groupCap("g" + (g + 1), caps.get(g) % 60);
      }
    }
    if (caps.get(2) >= 0) {
      builder.overallCap(caps.get(2));
    }
    Instant now = Leads.START.plus(Duration.ofDays(60)).plus(Duration.ofMinutes(minutes));
    return new Setup(builder.build(), groupOf, activities, now);
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
        .forAll(setups(true))
        .checkAssert(
            s -> {
              Score score = s.scoring().score(s.activities(), s.now());
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
        .forAll(setups(false))
        .checkAssert(
            s -> {
              Instant now = s.now();
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
        .forAll(setups(false), Activities.activities())
        .checkAssert(
            (s, extra) -> {
              Instant now = s.now();
              List<Activity> more = new ArrayList<>(s.activities());
              more.add(extra);
              double before = s.scoring().score(s.activities(), now).value();
              double after = s.scoring().score(more, now).value();
              assertThat(after).isGreaterThanOrEqualTo(before - 1e-9 * (1 + Math.abs(before)));
            });
  }

  @Test
  void trackerInAnyArrivalOrderEqualsBatchScoring() {
    qt().withFixedSeed(20261122L)
        .withExamples(EXAMPLES)
        .forAll(setups(true), lists().of(integers().between(0, 99)).ofSizeBetween(0, 20))
        .checkAssert(
            (s, keys) -> {
              // Activity i arrives at position keys[i mod size]: the history's order when shrunk.
              List<Integer> order = new ArrayList<>();
              for (int i = 0; i < s.activities().size(); i++) {
                order.add(i);
              }
              order.sort(
                  Comparator.comparingInt(i -> keys.isEmpty() ? 0 : keys.get(i % keys.size())));
              EngagementTracker tracker = s.scoring().newTracker();
              order.forEach(i -> tracker.record("L", s.activities().get(i)));
              Instant now = s.now();
              double expected = s.scoring().score(s.activities(), now).value();
              assertThat(tracker.score("L", now).value())
                  .isCloseTo(
                      expected,
                      org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(expected))));
            });
  }

  /**
   * Closed leads, each from four integers: its industry (none, or one of four), its team (none, or
   * one of three), its last open stage, and whether it was won. The first is won and has an
   * industry, and the second is lost, so that both outcomes and the feature occur.
   */
  private static Gen<List<Lead>> closedLeads(int min, int max) {
    return lists()
        .of(lists().of(integers().between(0, 11)).ofSize(4))
        .ofSizeBetween(min, max)
        .map(
            specs -> {
              List<Lead> leads = new ArrayList<>();
              for (int i = 0; i < specs.size(); i++) {
                List<Integer> f = specs.get(i);
                Lead.Builder b = Lead.builder("L" + i);
                if (i == 0) {
                  // A model refuses a feature that no training lead has.
                  b.attribute("industry", "i" + f.get(0) % 4);
                } else if (f.get(0) % 5 > 0) {
                  b.attribute("industry", "i" + (f.get(0) % 5 - 1));
                }
                if (f.get(1) % 4 > 0) {
                  b.segment("team" + (f.get(1) % 4 - 1));
                }
                boolean won = i == 0 || (i > 1 && f.get(3) % 2 == 1);
                leads.add(ClosedLeads.closed(b, f.get(2) % 3, won ? "won" : "lost"));
              }
              return leads;
            });
  }

  @Test
  void learnedProbabilitiesStayInsideZeroOneAndAddUpInLogOdds() {
    Funnel funnel = SampleFunnels.simple();
    qt().withFixedSeed(20261122L)
        .withExamples(200)
        .forAll(
            closedLeads(2, 61),
            doubles().between(0.01, 1.01),
            integers().between(1, 3),
            lists().of(integers().between(0, 17)).ofSize(5))
        .checkAssert(
            (history, smoothing, minimumSupport, opens) -> {
              NaiveBayesModel bayes =
                  NaiveBayesModel.builder(funnel)
                      .feature(Feature.attribute("industry"))
                      .team(Lead::segment)
                      .smoothing(smoothing)
                      .minimumSupport(minimumSupport)
                      .train(history);
              LogisticModel logistic = LogisticModel.builder(funnel, bayes).train(history);
              for (int i = 0; i < opens.size(); i++) {
                // Stage = the value mod 3; industry none for values below 3, else one of five
                // (one of them never seen in training).
                int spec = opens.get(i);
                Lead open = ClosedLeads.open("O" + i, spec % 3);
                if (spec >= 3) {
                  open =
                      open.withAttributes(open.attributes().with("industry", "i" + (spec / 3 - 1)));
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
        .forAll(lists().of(integers().between(0, 15)).ofSizeBetween(10, 39))
        .checkAssert(
            specs -> {
              int n = specs.size();
              List<Lead> leads = new ArrayList<>();
              double[] scores = new double[n];
              boolean[] won = new boolean[n];
              for (int i = 0; i < n; i++) {
                scores[i] = specs.get(i) % 8; // few values, so ties are frequent
                won[i] = i == 0 || (i > 1 && specs.get(i) >= 8);
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
