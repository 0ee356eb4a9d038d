package dev.funnel.examples;

import dev.funnel.forecast.GoalTracking;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * DOMAIN.md §5, target tracking: "the average sales cycle is 25 days; the goal is that 80 % of
 * leads become opportunities; five days are left in the month and you are 20 % short. What now?"
 * Goal against actual per indicator, the gap, and the rate needed in the time left.
 */
public final class GoalTrackingExample {
  static final Instant MONTH_START = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant MONTH_END = Instant.parse("2026-12-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");
  static final int OPEN_LEADS = 40;

  private GoalTrackingExample() {}

  /** Runs the example and prints its report to {@code out}. */
  public static void run(PrintStream out) {
    // 150 leads so far, 90 of them opportunities (60 %: 20 points short), 20 lost, 40 still open.
    // The average sales cycle is 25 days: longer than the 5 left, so no new lead converts in time.
    GoalTracking.Report report =
        GoalTracking.builder(MONTH_START, MONTH_END, NOW)
            .rate("leads → opportunities", 0.80, 90, 150, OPEN_LEADS, Duration.ofDays(25))
            .count("new customers", 30, 21)
            .build();
    out.printf(
        Locale.ROOT,
        "%.0f %% of the month has passed; %d days left%n",
        100 * report.elapsedShare(),
        report.timeLeft().toDays());
    for (GoalTracking.RateGoal goal : report.rates()) {
      out.printf(
          Locale.ROOT,
          "%s: goal %.0f %%, actual %.0f %% (%d of %d), %.0f points short%n",
          goal.indicator(),
          100 * goal.goalRate(),
          100 * goal.actual().value().getAsDouble(),
          goal.actual().successes(),
          goal.actual().trials(),
          100 * goal.gap().getAsDouble());
      long trialsByEnd = goal.actual().trials() + goal.expectedNewTrials();
      out.printf(
          Locale.ROOT,
          "  at this month's pace %d more leads arrive: %.0f %% of %d needs %d more opportunities%n",
          goal.expectedNewTrials(),
          100 * goal.goalRate(),
          trialsByEnd,
          goal.neededSuccesses());
      out.printf(
          Locale.ROOT,
          "  with a 25-day sales cycle only the %d open leads can still convert in %d days: %s%n",
          OPEN_LEADS,
          report.timeLeft().toDays(),
          goal.neededRateAmongConvertible().isPresent()
              ? String.format(
                  Locale.ROOT,
                  "%d of them, %.0f %%",
                  goal.neededSuccesses(),
                  100 * goal.neededRateAmongConvertible().getAsDouble())
              : "none are left");
      if (goal.reachable()) {
        out.println("  → reachable: work the open leads first, newest last");
      } else {
        out.printf(
            Locale.ROOT,
            "  → not reachable this month; the best possible is %.0f %%, if every open lead"
                + " converts. Work the open leads, and reset the goal with the team now, not on"
                + " the 30th%n",
            100.0 * (goal.actual().successes() + OPEN_LEADS) / trialsByEnd);
      }
    }
    for (GoalTracking.CountGoal goal : report.counts()) {
      out.printf(
          Locale.ROOT,
          "%s: goal %d, actual %d, gap %d; at this pace %.0f by month end, %s; %.1f a day"
              + " needed%n",
          goal.indicator(),
          goal.goal(),
          goal.actual(),
          goal.gap(),
          goal.projected(),
          goal.onTrack() ? "on track" : "short",
          goal.neededPerDay().getAsDouble());
    }
  }
}
