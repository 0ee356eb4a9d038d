package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.model.Attributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngagementScoringTest {
  private static Instant day(double d) {
    return T0.plus(Duration.ofSeconds(Math.round(d * 86_400)));
  }

  private static Activity view(String page, double d) {
    return new Activity("page_view", day(d), Attributes.builder().put("page", page).build());
  }

  private static EngagementRule.Builder rule(String name, String type, double points) {
    return EngagementRule.builder(name).activity(type).points(points);
  }

  @Test
  void repeatableRulesCountEveryActivityAndOnceRulesOne() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(rule("product page", "page_view", 5).where("page", "product").build())
            .rule(rule("download", "download", 10).once().build())
            .build();
    List<Activity> activities =
        List.of(
            view("product", 1),
            view("product", 2),
            view("careers", 3),
            view("product", 4),
            Activity.of("download", day(2)),
            Activity.of("download", day(5)));
    Score score = scoring.score(activities, day(6));
    // 3 product pages × 5 + one download × 10; the careers page matches nothing
    assertThat(score.value()).isEqualTo(25);
    assertThat(score.contributions())
        .containsExactly(new Contribution("product page", 15), new Contribution("download", 10));
  }

  @Test
  void activationWindowCountsOnlyRecentActivities() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(rule("visit", "page_view", 5).within(Duration.ofDays(30)).build())
            .build();
    List<Activity> activities = List.of(view("a", 0), view("a", 20), view("a", 40));
    // At day 45 the visit of day 0 is 45 days old; days 20 and 40 are inside the window.
    assertThat(scoring.score(activities, day(45)).value()).isEqualTo(10);
    // At day 50 the visit of day 20 is exactly 30 days old: the window is "less than 30 days".
    assertThat(scoring.score(activities, day(50)).value()).isEqualTo(5);
    // Activities after now have not happened yet.
    assertThat(scoring.score(activities, day(25)).value()).isEqualTo(10);
  }

  @Test
  void halfLifeHalvesPointsEveryHalfLife() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(rule("webinar", "webinar", 10).decay(Decay.halfLife(Duration.ofDays(14))).build())
            .build();
    List<Activity> activities =
        List.of(Activity.of("webinar", day(0)), Activity.of("webinar", day(7)));
    // 10 × 2^(-14/14) + 10 × 2^(-7/14) = 5 + 7.0710678...
    assertThat(scoring.score(activities, day(14)).value())
        .isCloseTo(5 + 10 / Math.sqrt(2), within(1e-9));
    assertThat(scoring.score(List.of(activities.get(0)), day(28)).value())
        .isCloseTo(2.5, within(1e-9));
  }

  @Test
  void percentPerPeriodDecaysAtPeriodBoundaries() {
    Duration month = Duration.ofDays(30);
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(rule("download", "download", 10).decay(Decay.percentPerPeriod(10, month)).build())
            .build();
    Instant boundary = Instant.ofEpochSecond(month.toSeconds() * 700); // a whole number of periods
    List<Activity> activities = List.of(Activity.of("download", boundary.plus(Duration.ofDays(1))));
    assertThat(scoring.score(activities, boundary.plus(Duration.ofDays(29))).value()).isEqualTo(10);
    // Two boundaries crossed (day 30 and day 60): 10 × 0.9 × 0.9
    assertThat(scoring.score(activities, boundary.plus(Duration.ofDays(65))).value())
        .isCloseTo(8.1, within(1e-9));
  }

  @Test
  void groupAndOverallCapsLowerTheScoreAndShowInTheExplanation() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(rule("page", "page_view", 10).group("web").build())
            .rule(rule("download", "download", 15).group("web").build())
            .rule(rule("event", "event", 40).build())
            .rule(rule("unsubscribe", "unsubscribe", -20).build())
            .groupCap("web", 30)
            .overallCap(60)
            .build();
    List<Activity> activities =
        List.of(
            view("x", 1),
            view("y", 2),
            view("z", 3),
            Activity.of("download", day(4)),
            Activity.of("event", day(5)));
    Score score = scoring.score(activities, day(6));
    // web: 30 + 15 = 45 → capped to 30; plus 40 = 70 → capped to 60
    assertThat(score.value()).isEqualTo(60);
    assertThat(score.contributions())
        .containsExactly(
            new Contribution("page", 30),
            new Contribution("download", 15),
            new Contribution("event", 40),
            new Contribution("cap of group 'web' (30.0)", -15),
            new Contribution("overall cap (60.0)", -10));
    // A negative rule counts before the overall cap: 30 + 40 − 20 = 50 ≤ 60
    List<Activity> withUnsubscribe = new java.util.ArrayList<>(activities);
    withUnsubscribe.add(Activity.of("unsubscribe", day(5.5)));
    assertThat(scoring.score(withUnsubscribe, day(6)).value()).isEqualTo(50);
  }

  @Test
  void trackerUpdatesIncrementallyAndAgreesWithBatchScoring() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(rule("page", "page_view", 4).decay(Decay.halfLife(Duration.ofDays(10))).build())
            .rule(rule("demo", "demo", 25).once().within(Duration.ofDays(60)).build())
            .rule(rule("recent", "page_view", 2).within(Duration.ofDays(7)).build())
            .build();
    List<Activity> activities =
        List.of(
            view("a", 9), view("b", 1), Activity.of("demo", day(3)), view("c", 5), view("d", 8.5));
    EngagementTracker tracker = scoring.newTracker();
    activities.forEach(a -> tracker.record("L1", a)); // out of order on purpose
    for (double d : new double[] {9, 10, 20, 70}) {
      assertThat(tracker.score("L1", day(d)).value())
          .isCloseTo(scoring.score(activities, day(d)).value(), within(1e-9));
    }
    // The tracker scores by lead id; unknown leads score 0.
    assertThat(tracker.score("nobody", day(9)).value()).isZero();
    assertThat(tracker.leads()).containsExactly("L1");
    assertThatThrownBy(() -> tracker.score("L1", day(8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lead 'L1'")
        .hasMessageContaining("activities up to " + day(9));
    assertThat(tracker.forget("L1")).isTrue();
    assertThat(tracker.score("L1", day(8)).value()).isZero();
  }

  @Test
  void anActivityNoRuleCanReadChangesNothing() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(rule("any visit", "page_view", 1).build())
            .rule(rule("pricing", "page_view", 10).where("page", "pricing").build())
            .build();
    EngagementTracker tracker = scoring.newTracker();
    Activity numbered =
        new Activity("page_view", day(1), Attributes.builder().put("page", 7).build());
    assertThatThrownBy(() -> tracker.record("L", numbered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute 'page' is NUMBER, not TEXT");
    assertThat(tracker.leads()).isEmpty();
    tracker.record("L", view("pricing", 2));
    assertThatThrownBy(() -> tracker.record("L", numbered))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tracker.score("L", day(3)).value()).isEqualTo(11);
  }

  @Test
  void rejectsBadSettingsNamingTheValue() {
    assertThatThrownBy(() -> Decay.halfLife(Duration.ZERO)).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> Decay.halfLife(Duration.ofDays(-1))).hasMessageContaining("PT-24H");
    assertThatThrownBy(() -> Decay.percentPerPeriod(0, Duration.ofDays(1)))
        .hasMessageContaining(": 0.0");
    assertThatThrownBy(() -> Decay.percentPerPeriod(Double.NaN, Duration.ofDays(1)))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> EngagementScoring.builder().overallCap(-1))
        .hasMessageContaining("-1.0");
    assertThatThrownBy(() -> EngagementScoring.builder().groupCap("web", Double.NaN))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> rule("x", "t", Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> EngagementRule.builder("x").activity("t").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs points");
    assertThatThrownBy(() -> rule("x", "t", 1).within(Duration.ZERO)).hasMessageContaining("PT0S");
    assertThatThrownBy(
            () ->
                EngagementScoring.builder()
                    .rule(rule("x", "t", 1).group("web").build())
                    .groupCap("wbe", 10)
                    .build())
        .hasMessageContaining("'wbe'")
        .hasMessageContaining("[web]");
  }

  /**
   * A 1.5 s half-life is 1.5 s: after 3 s a point keeps 2^(−3 / 1.5) = 0.25 (it kept 2^(−3) = 0.125
   * when the half-life was cut to 1 s); periods must be whole seconds.
   */
  @Test
  void aHalfLifeKeepsItsFractionOfASecond() {
    EngagementScoring scoring =
        EngagementScoring.builder()
            .rule(
                rule("page", "page_view", 8).decay(Decay.halfLife(Duration.ofMillis(1500))).build())
            .build();
    java.time.Instant at = day(1);

    assertThat(
            scoring
                .score(
                    List.of(
                        new Activity(
                            "page_view", at, Attributes.builder().put("page", "page").build())),
                    at.plusSeconds(3))
                .value())
        .isCloseTo(2.0, within(1e-9));
    assertThat(Decay.halfLife(Duration.ofMillis(1500))).hasToString("half-life PT1.5S");
    assertThatThrownBy(() -> Decay.percentPerPeriod(10, Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("decay period must be a whole number of seconds: PT1.5S");
  }
}
