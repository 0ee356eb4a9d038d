package dev.funnel.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoalTrackingTest {
  private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(30));
  private static final Instant NOW = END.minus(Duration.ofDays(5));

  /**
   * DOMAIN.md §5: "the average sales cycle is 25 days; the goal is that 80 % of leads become
   * opportunities; five days are left in the month and you are 20 % short". Here: 200 leads so far
   * in 25 days, 120 opportunities (60 %, 20 points short), 80 leads still open.
   */
  @Test
  void fiveDaysLeftAndTwentyPointsShort() {
    GoalTracking.Report report =
        GoalTracking.builder(START, END, NOW)
            .rate("lead → opportunity", 0.80, 120, 200, 80)
            .count("new customers", 40, 28)
            .build();

    GoalTracking.RateGoal rate = report.rates().get(0);
    assertThat(report.timeLeft()).isEqualTo(Duration.ofDays(5));
    assertThat(report.elapsedShare()).isCloseTo(25.0 / 30, within(1e-12));
    assertThat(rate.actual().value().getAsDouble()).isEqualTo(0.6);
    assertThat(rate.gap().getAsDouble()).isCloseTo(0.2, within(1e-12));
    // 8 leads a day → 40 more by month end: 80 % of 240 is 192, so 72 more opportunities,
    // which only the 80 open leads can supply in time (a 25-day cycle): 90 % of them.
    assertThat(rate.expectedNewTrials()).isEqualTo(40);
    assertThat(rate.neededSuccesses()).isEqualTo(72);
    assertThat(rate.neededRateAmongConvertible().getAsDouble()).isCloseTo(0.9, within(1e-12));
    assertThat(rate.reachable()).isTrue();

    GoalTracking.CountGoal count = report.counts().get(0);
    assertThat(count.gap()).isEqualTo(12);
    assertThat(count.projected()).isCloseTo(33.6, within(1e-9));
    assertThat(count.onTrack()).isFalse();
    assertThat(count.neededPerDay().getAsDouble()).isCloseTo(2.4, within(1e-12));
  }

  @Test
  void aGapLargerThanWhatCanStillConvertIsUnreachable() {
    GoalTracking.RateGoal rate =
        GoalTracking.builder(START, END, NOW).rate("r", 0.8, 120, 200, 50).build().rates().get(0);

    assertThat(rate.reachable()).isFalse();
    assertThat(rate.neededRateAmongConvertible().getAsDouble()).isGreaterThan(1.0);
  }

  /**
   * The sales cycle as an input. With the founding 25-day cycle and 5 days left no new lead can
   * convert in time (as above); with a 2-day cycle the leads of the next 3 days can: by hand, 8 a
   * day × 3 days = 24 of the 40 new leads join the 80 open ones, so 72 of 104 must convert.
   */
  @Test
  void onlyLeadsThatCanConvertWithinTheSalesCycleCount() {
    GoalTracking.RateGoal founding =
        GoalTracking.builder(START, END, NOW)
            .rate("r", 0.80, 120, 200, 80, Duration.ofDays(25))
            .build()
            .rates()
            .get(0);
    assertThat(founding.neededRateAmongConvertible().getAsDouble()).isCloseTo(0.9, within(1e-12));

    GoalTracking.RateGoal shortCycle =
        GoalTracking.builder(START, END, NOW)
            .rate("r", 0.80, 120, 200, 80, Duration.ofDays(2))
            .build()
            .rates()
            .get(0);
    assertThat(shortCycle.expectedNewTrials()).isEqualTo(40);
    assertThat(shortCycle.neededSuccesses()).isEqualTo(72);
    assertThat(shortCycle.neededRateAmongConvertible().getAsDouble())
        .isCloseTo(72.0 / 104, within(1e-12));
    assertThat(shortCycle.reachable()).isTrue();
  }

  @Test
  void aRateGoalWithNoTrialsIsNotReachable() {
    GoalTracking.RateGoal rate =
        GoalTracking.builder(START, END, NOW).rate("r", 0.8, 0, 0, 0).build().rates().get(0);

    assertThat(rate.actual().hasData()).isFalse();
    assertThat(rate.reachable()).isFalse();
  }

  @Test
  void extremeInstantsAndPacesAreComputedOrRejectedNamingTheValues() {
    GoalTracking.Report wide =
        GoalTracking.builder(Instant.MIN, Instant.MAX, Instant.EPOCH).count("c", 10, 5).build();
    // Instant.MIN is -31,557,014,167,219,200 s and MAX 31,556,889,864,403,199.999999999 s: the
    // epoch lies at 0.5000009847... of the way (exact fraction, by Python's fractions module).
    assertThat(wide.elapsedShare()).isCloseTo(0.5000009847498574, within(1e-12));
    assertThat(wide.counts().get(0).projected()).isCloseTo(5 / 0.5000009847498574, within(1e-9));

    // One lead in the first millisecond of a 30-day month: a pace of 2.6e9 leads a month is fine,
    // but 5e18 leads in a millisecond would expect more trials than a long holds.
    Instant justStarted = START.plusMillis(1);
    assertThat(
            GoalTracking.builder(START, END, justStarted)
                .rate("r", 0.5, 0, 1, 1)
                .build()
                .rates()
                .get(0)
                .expectedNewTrials())
        .isEqualTo(2_591_999_999L);
    assertThatThrownBy(
            () ->
                GoalTracking.builder(START, END, justStarted)
                    .rate("r", 0.5, 0, 5_000_000_000_000_000_000L / 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'r' expects more than 9223372036854775807 trials")
        .hasMessageContaining("500000000000000000 so far");
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> GoalTracking.builder(END, START, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be after its start");
    assertThatThrownBy(() -> GoalTracking.builder(START, END, END.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is outside the period");
    GoalTracking.Builder builder = GoalTracking.builder(START, END, NOW).count("x", 1, 0);
    assertThatThrownBy(() -> builder.count("x", 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("indicator 'x' is already tracked");
    assertThatThrownBy(() -> builder.rate("r", 1.5, 1, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("goal rate of 'r' must be in [0, 1]: 1.5");
    assertThatThrownBy(() -> builder.rate("r", 0.5, 1, 2, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'r' has 1 trials not yet successful, so 5 cannot still convert");
    assertThatThrownBy(() -> builder.count("y", -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("goal of 'y' must not be negative: -1");
    assertThat(builder.build().counts()).hasSize(1);
  }
}
