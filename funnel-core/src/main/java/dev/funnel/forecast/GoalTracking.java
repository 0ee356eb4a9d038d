package dev.funnel.forecast;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.metrics.Proportion;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Goal against actual, per indicator, part-way through a period: the gap, where the current pace
 * leads, and what it takes in the time left.
 *
 * <pre>{@code
 * GoalTracking.Report report = GoalTracking.builder(monthStart, monthEnd, now)
 *     .count("new customers", 40, 28)
 *     .rate("lead → opportunity", 0.80, 120, 200, 80)
 *     .build();
 * }</pre>
 *
 * <p>For a rate goal, leads that arrive in the time left still count as trials (projected at the
 * current pace), but only those that arrive a sales cycle before the end can convert in time: so
 * the report says what share of the leads that can still convert must do so to close the gap.
 *
 * <p>Pure computation; the report is immutable and thread-safe.
 */
public final class GoalTracking {
  private static final double DAY_SECONDS = Duration.ofDays(1).toSeconds();

  private GoalTracking() {}

  /**
   * Starts a report for the period [{@code start}, {@code end}) as of {@code now}.
   *
   * @throws IllegalArgumentException if the period is empty or {@code now} lies outside it
   */
  public static Builder builder(Instant start, Instant end, Instant now) {
    return new Builder(start, end, now);
  }

  /** Collects the indicators. Not thread-safe. */
  public static final class Builder {
    private final Instant start;
    private final Instant end;
    private final Instant now;
    private final Set<String> names = new HashSet<>();
    private final List<CountGoal> counts = new ArrayList<>();
    private final List<RateGoal> rates = new ArrayList<>();

    private Builder(Instant start, Instant end, Instant now) {
      requireNonNull(start, "start");
      requireNonNull(end, "end");
      requireNonNull(now, "now");
      checkArgument(end.isAfter(start), "period end %s must be after its start %s", end, start);
      checkArgument(
          !now.isBefore(start) && !now.isAfter(end),
          "now %s is outside the period [%s, %s]",
          now,
          start,
          end);
      this.start = start;
      this.end = end;
      this.now = now;
    }

    // In days as doubles: Duration.toMillis overflows across instants far apart.
    private double elapsedShare() {
      return days(start, now) / days(start, end);
    }

    private double daysLeft() {
      return days(now, end);
    }

    private static double days(Instant from, Instant to) {
      return days(Duration.between(from, to));
    }

    private static double days(Duration duration) {
      return (duration.getSeconds() + duration.getNano() / 1e9) / DAY_SECONDS;
    }

    private void checkName(String indicator) {
      requireNonNull(indicator, "indicator");
      checkArgument(!indicator.isBlank(), "indicator name must not be blank: '%s'", indicator);
      checkArgument(!names.contains(indicator), "indicator '%s' is already tracked", indicator);
    }

    /**
     * Tracks a count to reach by the end of the period, such as new customers.
     *
     * @throws IllegalArgumentException if the name is blank or repeated, or a count is negative
     */
    public Builder count(String indicator, long goal, long actual) {
      checkName(indicator);
      checkArgument(goal >= 0, "goal of '%s' must not be negative: %s", indicator, goal);
      checkArgument(actual >= 0, "actual of '%s' must not be negative: %s", indicator, actual);
      long gap = Math.max(0, goal - actual);
      double share = elapsedShare();
      double projected = share == 0 ? actual : actual / share;
      double daysLeft = daysLeft();
      OptionalDouble perDay =
          gap == 0
              ? OptionalDouble.of(0)
              : daysLeft > 0 ? OptionalDouble.of(gap / daysLeft) : OptionalDouble.empty();
      names.add(indicator);
      counts.add(new CountGoal(indicator, goal, actual, gap, projected, perDay, projected >= goal));
      return this;
    }

    /**
     * Tracks a rate to reach over the period, such as "80 % of leads become opportunities", when
     * the sales cycle is at least the time left: leads that arrive from now on count as trials but
     * cannot convert in time, so only the {@code stillConvertible} leads can close the gap. The
     * same as {@link #rate(String, double, long, long, long, Duration)} with the time left as the
     * cycle.
     *
     * @throws IllegalArgumentException as that method does
     */
    public Builder rate(
        String indicator, double goalRate, long successes, long trials, long stillConvertible) {
      return rate(
          indicator, goalRate, successes, trials, stillConvertible, Duration.between(now, end));
    }

    /**
     * Tracks a rate to reach over the period, such as "80 % of leads become opportunities", given
     * how long a lead takes to convert (the sales cycle). Leads keep arriving at the pace so far;
     * every one of them counts as a trial, but only those that arrive at least one sales cycle
     * before the end can convert in time, so they join the {@code stillConvertible} leads in the
     * share that must succeed.
     *
     * <p>The founding example: a 25-day cycle with 5 days left means no new lead converts in time,
     * and the open leads alone must close the gap; with a 2-day cycle the leads of the next 3 days
     * can help.
     *
     * <p>With no trials so far nothing shows the goal can be met: {@code reachable} is false.
     *
     * @param goalRate the rate to reach, in [0, 1]
     * @param successes how many trials have succeeded so far (opportunities)
     * @param trials how many trials there have been so far (leads)
     * @param stillConvertible how many of the unsuccessful trials can still succeed in time (open
     *     leads, not lost)
     * @param salesCycle how long a trial takes to succeed
     * @throws IllegalArgumentException if the name is blank or repeated, the rate is outside [0,
     *     1], a count is negative, successes exceed trials, more are still convertible than have
     *     not yet succeeded, the cycle is negative, or the trials expected at the current pace
     *     exceed {@code Long.MAX_VALUE}
     */
    public Builder rate(
        String indicator,
        double goalRate,
        long successes,
        long trials,
        long stillConvertible,
        Duration salesCycle) {
      checkName(indicator);
      requireNonNull(salesCycle, "salesCycle");
      checkArgument(
          goalRate >= 0 && goalRate <= 1,
          "goal rate of '%s' must be in [0, 1]: %s",
          indicator,
          goalRate);
      Proportion actual = Proportion.of(successes, trials);
      checkArgument(
          stillConvertible >= 0 && stillConvertible <= trials - successes,
          "'%s' has %s trials not yet successful, so %s cannot still convert",
          indicator,
          trials - successes,
          stillConvertible);
      checkArgument(
          !salesCycle.isNegative(),
          "sales cycle of '%s' must not be negative: %s",
          indicator,
          salesCycle);
      double elapsedDays = days(start, now);
      double perDay = elapsedDays == 0 ? 0 : trials / elapsedDays;
      double expected = perDay * daysLeft();
      checkArgument(
          expected + trials < Long.MAX_VALUE,
          "'%s' expects more than %s trials: %s so far in %s days, %s days left",
          indicator,
          Long.MAX_VALUE,
          trials,
          elapsedDays,
          daysLeft());
      long expectedNew = Math.round(expected);
      long convertibleNew =
          Math.min(expectedNew, Math.round(perDay * Math.max(0, daysLeft() - days(salesCycle))));
      // Exactly, in decimal: 80 % of 240 trials is 192 successes, not 192.00000000000003.
      long required =
          BigDecimal.valueOf(goalRate)
              .multiply(BigDecimal.valueOf(trials + expectedNew))
              .setScale(0, RoundingMode.CEILING)
              .longValueExact();
      long needed = Math.max(0, required - successes);
      long convertible = stillConvertible + convertibleNew;
      OptionalDouble neededRate =
          needed == 0
              ? OptionalDouble.of(0)
              : convertible == 0
                  ? OptionalDouble.empty()
                  : OptionalDouble.of((double) needed / convertible);
      names.add(indicator);
      rates.add(
          new RateGoal(
              indicator,
              goalRate,
              actual,
              actual.value().isPresent()
                  ? OptionalDouble.of(goalRate - actual.value().getAsDouble())
                  : OptionalDouble.empty(),
              expectedNew,
              needed,
              neededRate,
              trials > 0 && needed <= convertible));
      return this;
    }

    /** Returns the report. */
    public Report build() {
      return new Report(elapsedShare(), Duration.between(now, end), counts, rates);
    }
  }

  /**
   * Where every indicator stands.
   *
   * @param elapsedShare the share of the period that has passed, in [0, 1]
   * @param timeLeft the time until the end of the period
   * @param counts the count goals, in the order they were added
   * @param rates the rate goals, in the order they were added
   */
  public record Report(
      double elapsedShare, Duration timeLeft, List<CountGoal> counts, List<RateGoal> rates) {
    /** Copies the lists. */
    public Report {
      requireNonNull(timeLeft, "timeLeft");
      counts = ImmutableList.copyOf(requireNonNull(counts, "counts"));
      rates = ImmutableList.copyOf(requireNonNull(rates, "rates"));
    }
  }

  /**
   * A count goal.
   *
   * @param indicator what is counted
   * @param goal the count to reach by the end of the period
   * @param actual the count so far
   * @param gap how many are still missing (0 once the goal is met)
   * @param projected the count at the end of the period at the current pace
   * @param neededPerDay how many a day it takes to close the gap; empty when no time is left
   * @param onTrack whether the current pace reaches the goal
   */
  public record CountGoal(
      String indicator,
      long goal,
      long actual,
      long gap,
      double projected,
      OptionalDouble neededPerDay,
      boolean onTrack) {
    /** Validates that no component is null. */
    public CountGoal {
      requireNonNull(indicator, "indicator");
      requireNonNull(neededPerDay, "neededPerDay");
    }
  }

  /**
   * A rate goal.
   *
   * @param indicator what the rate measures
   * @param goalRate the rate to reach
   * @param actual the rate so far
   * @param gap {@code goalRate − actual}, in rate units (0.2 is 20 points); empty with no data
   * @param expectedNewTrials the trials expected in the time left, at the current pace
   * @param neededSuccesses how many more successes reach the goal over all trials, new included
   * @param neededRateAmongConvertible the share of the trials that can still convert in time
   *     (still-convertible ones, and new ones that arrive a sales cycle before the end) that must
   *     succeed; empty when none can
   * @param reachable whether enough trials can still convert, so the needed rate is at most 1;
   *     false with no trials so far
   */
  public record RateGoal(
      String indicator,
      double goalRate,
      Proportion actual,
      OptionalDouble gap,
      long expectedNewTrials,
      long neededSuccesses,
      OptionalDouble neededRateAmongConvertible,
      boolean reachable) {
    /** Validates that no component is null. */
    public RateGoal {
      requireNonNull(indicator, "indicator");
      requireNonNull(actual, "actual");
      requireNonNull(gap, "gap");
      requireNonNull(neededRateAmongConvertible, "neededRateAmongConvertible");
    }
  }
}
