package dev.funnel.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Goal tracking at the edges of what it accepts and decides: each value just inside a limit is
 * taken, each one just outside refused, and a goal met exactly counts as met. The expected figures
 * follow from the definitions in the Javadoc (DOMAIN.md §5), worked out in the comments.
 */
class GoalTrackingBoundariesTest {
  private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(10));
  private static final Instant HALFWAY = START.plus(Duration.ofDays(5));

  private static GoalTracking.Builder halfway() {
    return GoalTracking.builder(START, END, HALFWAY);
  }

  @Test
  void countsAtZeroAreTakenAndBelowZeroRefused() {
    GoalTracking.CountGoal zero = halfway().count("nothing", 0, 0).build().counts().get(0);
    assertThat(zero.gap()).isZero();
    assertThat(zero.onTrack()).isTrue();
    assertThatThrownBy(() -> halfway().count("c", -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("goal of 'c' must not be negative: -1");
    assertThatThrownBy(() -> halfway().count("c", 5, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actual of 'c' must not be negative: -1");
  }

  @Test
  void aCountProjectedExactlyOntoItsGoalIsOnTrack() {
    // Halfway through, 5 of 10: at this pace exactly 10 by the end; 5 more in 5 days, 1 a day.
    GoalTracking.CountGoal exact = halfway().count("customers", 10, 5).build().counts().get(0);
    assertThat(exact.projected()).isEqualTo(10);
    assertThat(exact.onTrack()).isTrue();
    assertThat(exact.neededPerDay()).hasValue(1);
    assertThat(halfway().count("customers", 11, 5).build().counts().get(0).onTrack()).isFalse();
  }

  @Test
  void atTheEndOfThePeriodNoDailyPaceCanCloseAGap() {
    GoalTracking.CountGoal late =
        GoalTracking.builder(START, END, END).count("customers", 10, 7).build().counts().get(0);
    assertThat(late.gap()).isEqualTo(3);
    assertThat(late.neededPerDay()).isEmpty();
  }

  @Test
  void namesMustBeNewAndNotBlankForCountsAndRatesAlike() {
    assertThatThrownBy(() -> halfway().count("x", 1, 0).rate("x", 0.5, 1, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("indicator 'x' is already tracked");
    assertThatThrownBy(() -> halfway().rate(" ", 0.5, 1, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("indicator name must not be blank: ' '");
  }

  @Test
  void ratesFromZeroToOneAreTakenAndOthersRefused() {
    assertThat(halfway().rate("none", 0, 0, 4, 4).build().rates().get(0).neededSuccesses())
        .isZero();
    // Goal 1 over 4 trials now and 4 expected (the same pace): all 8 must succeed; 2 have.
    assertThat(halfway().rate("all", 1, 2, 4, 2).build().rates().get(0).neededSuccesses())
        .isEqualTo(6);
    assertThatThrownBy(() -> halfway().rate("r", 1.0000001, 2, 4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("goal rate of 'r' must be in [0, 1]: 1.0000001");
    assertThatThrownBy(() -> halfway().rate("r", -0.0001, 2, 4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("goal rate of 'r' must be in [0, 1]: -1.0E-4");
  }

  @Test
  void onlyTrialsNotYetSuccessfulCanStillConvert() {
    // 10 trials, 4 successes: 6 have not succeeded, so 6 may still convert and 7 may not.
    assertThat(halfway().rate("r", 0.5, 4, 10, 6).build().rates()).hasSize(1);
    assertThatThrownBy(() -> halfway().rate("r", 0.5, 4, 10, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'r' has 6 trials not yet successful, so 7 cannot still convert");
    assertThatThrownBy(() -> halfway().rate("r", 0.5, 4, 10, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> halfway().rate("r", 0.5, 4, 10, 6, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sales cycle of 'r' must not be negative: PT-1S");
  }

  @Test
  void aGapExactlyAsLargeAsWhatCanStillConvertIsReachable() {
    // 10 trials in 5 days, 2 a day: 10 more expected, none of which converts within a 5-day cycle.
    // Half of 20 is 10 successes; 4 so far, 6 needed, and exactly 6 are still convertible.
    GoalTracking.RateGoal exact =
        halfway().rate("r", 0.5, 4, 10, 6, Duration.ofDays(5)).build().rates().get(0);
    assertThat(exact.expectedNewTrials()).isEqualTo(10);
    assertThat(exact.neededSuccesses()).isEqualTo(6);
    assertThat(exact.neededRateAmongConvertible()).hasValue(1);
    assertThat(exact.reachable()).isTrue();
    // One convertible lead fewer and the goal is out of reach.
    assertThat(
            halfway()
                .rate("r", 0.5, 4, 10, 5, Duration.ofDays(5))
                .build()
                .rates()
                .get(0)
                .reachable())
        .isFalse();
  }
}
