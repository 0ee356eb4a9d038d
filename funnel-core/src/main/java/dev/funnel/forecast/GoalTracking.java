package dev.funnel.forecast;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.metrics.Proportion;
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
 * current pace), but when the sales cycle is longer than the time left they cannot convert in
 * time: so the report says what share of the leads still open must convert to close the gap.
 *
 * <p>Pure computation; the report is immutable and thread-safe.
 */
public final class GoalTracking {
  private static final double DAY_MILLIS = Duration.ofDays(1).toMillis();

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

    private double elapsedShare() {
      return (double) Duration.between(start, now).toMillis() / Duration.between(start, end).toMillis();
    }

    private double daysLeft() {
      return Duration.between(now, end).toMillis() / DAY_MILLIS;
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
          gap == 0 ? OptionalDouble.of(0) : daysLeft > 0 ? OptionalDouble.of(gap / daysLeft) : OptionalDouble.empty();
      names.add(indicator);
      counts.add(new CountGoal(indicator, goal, actual, gap, projected, perDay, projected >= goal));
      return this;
    }

    /**
     * Tracks a rate to reach over the period, such as "80 % of leads become opportunities".
     *
     * @param goalRate the rate to reach, in [0, 1]
     * @param successes how many trials have succeeded so far (opportunities)
     * @param trials how many trials there have been so far (leads)
     * @param stillConvertible how many of the unsuccessful trials can still succeed in time
     *     (open leads, not lost)
     * @throws IllegalArgumentException if the name is blank or repeated, the rate is outside [0,
     *     1], a count is negative, successes exceed trials, or more are still convertible than
     *     have not yet succeeded
     */
    public Builder rate(
        String indicator, double goalRate, long successes, long trials, long stillConvertible) {
      checkName(indicator);
      checkArgument(
          goalRate >= 0 && goalRate <= 1, "goal rate of '%s' must be in [0, 1]: %s", indicator, goalRate);
      Proportion actual = Proportion.of(successes, trials);
      checkArgument(
          stillConvertible >= 0 && stillConvertible <= trials - successes,
          "'%s' has %s trials not yet successful, so %s cannot still convert",
          indicator,
          trials - successes,
          stillConvertible);
      double elapsedDays = Duration.between(start, now).toMillis() / DAY_MILLIS;
      long expectedNew = elapsedDays == 0 ? 0 : Math.round(trials / elapsedDays * daysLeft());
      long required = (long) Math.ceil(goalRate * (trials + expectedNew) - 1e-9);
      long needed = Math.max(0, required - successes);
      OptionalDouble neededRate =
          needed == 0
              ? OptionalDouble.of(0)
              : stillConvertible == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) needed / stillConvertible);
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
              needed <= stillConvertible));
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
  public record Report(double elapsedShare, Duration timeLeft, List<CountGoal> counts, List<RateGoal> rates) {
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
   * @param neededRateAmongConvertible the share of the still-convertible trials that must succeed;
   *     empty when none can
   * @param reachable whether enough trials can still convert
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
