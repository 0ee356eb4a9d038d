package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Retention and churn after the sale: the churn rate over a period, retention by entry cohort, and
 * lost against new customers per period.
 *
 * <p>Pure functions over {@link CustomerSpan}s: thread-safe.
 */
public final class Retention {
  private Retention() {}

  /**
   * Returns the churn rate over [{@code from}, {@code to}): of the customers at {@code from}, the
   * share who stopped being customers before {@code to}. Customers won during the period do not
   * count (the usual definition: customers lost ÷ customers at the start).
   *
   * @throws IllegalArgumentException if {@code to} is not after {@code from}
   */
  public static Proportion churnRate(Collection<CustomerSpan> customers, Instant from, Instant to) {
    requireNonNull(customers, "customers");
    checkPeriod(from, to);
    long atStart = 0;
    long lost = 0;
    for (CustomerSpan span : customers) {
      if (span.isCustomerAt(from)) {
        atStart++;
        if (!span.isCustomerAt(to) && span.end().isPresent()) {
          lost++;
        }
      }
    }
    return Proportion.of(lost, atStart);
  }

  /**
   * Returns retention by entry cohort: customers grouped by the period they started in, and for
   * each n from 0 to {@code periods}, the share of the cohort still customers at the end of its
   * n-th period (period 0 is the entry period itself). Periods not over at {@code now} are left
   * out, so a young cohort has a shorter row.
   *
   * @throws IllegalArgumentException if {@code periods} is negative
   */
  public static ImmutableList<CohortRetention> byCohort(
      Collection<CustomerSpan> customers,
      CohortPeriod period,
      ZoneId zone,
      int periods,
      Instant now) {
    requireNonNull(customers, "customers");
    requireNonNull(period, "period");
    requireNonNull(zone, "zone");
    requireNonNull(now, "now");
    checkArgument(periods >= 0, "periods must not be negative: %s", periods);
    Map<LocalDate, List<CustomerSpan>> cohorts = new TreeMap<>();
    for (CustomerSpan span : customers) {
      LocalDate start = period.startOf(LocalDate.ofInstant(span.start(), zone));
      cohorts.computeIfAbsent(start, d -> new ArrayList<>()).add(span);
    }
    ImmutableList.Builder<CohortRetention> result = ImmutableList.builder();
    cohorts.forEach(
        (start, members) -> {
          ImmutableList.Builder<Proportion> retained = ImmutableList.builder();
          for (int n = 0; n <= periods; n++) {
            Instant end = period.plus(start, n + 1L).atStartOfDay(zone).toInstant();
            if (end.isAfter(now)) {
              break;
            }
            long still = members.stream().filter(s -> s.isCustomerAt(end)).count();
            retained.add(Proportion.of(still, members.size()));
          }
          result.add(new CohortRetention(start, members.size(), retained.build()));
        });
    return result.build();
  }

  /**
   * Returns, for each period that starts in [{@code from}, {@code to}), how many customers were won
   * and lost in it, and the ratio of lost to new.
   *
   * @throws IllegalArgumentException if {@code to} is not after {@code from}
   */
  public static ImmutableList<PeriodFlow> lostToNew(
      Collection<CustomerSpan> customers,
      CohortPeriod period,
      ZoneId zone,
      Instant from,
      Instant to) {
    requireNonNull(customers, "customers");
    requireNonNull(period, "period");
    requireNonNull(zone, "zone");
    checkPeriod(from, to);
    ImmutableList.Builder<PeriodFlow> result = ImmutableList.builder();
    LocalDate start = period.startOf(LocalDate.ofInstant(from, zone));
    while (start.atStartOfDay(zone).toInstant().isBefore(to)) {
      Instant begin = start.atStartOfDay(zone).toInstant();
      Instant end = period.plus(start, 1).atStartOfDay(zone).toInstant();
      long won = customers.stream().filter(s -> within(s.start(), begin, end)).count();
      long lost =
          customers.stream()
              .filter(s -> s.end().map(e -> within(e, begin, end)).orElse(false))
              .count();
      result.add(new PeriodFlow(start, won, lost));
      start = period.plus(start, 1);
    }
    return result.build();
  }

  private static boolean within(Instant instant, Instant begin, Instant end) {
    return !instant.isBefore(begin) && instant.isBefore(end);
  }

  private static void checkPeriod(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    checkArgument(to.isAfter(from), "period end %s must be after its start %s", to, from);
  }

  /**
   * The retention of one entry cohort.
   *
   * @param cohortStart the first day of the cohort's entry period
   * @param size how many customers started in it
   * @param retained for n = 0, 1, ...: the share still customers at the end of the n-th period
   */
  public record CohortRetention(LocalDate cohortStart, long size, List<Proportion> retained) {
    /** Copies the list. */
    public CohortRetention {
      requireNonNull(cohortStart, "cohortStart");
      retained = ImmutableList.copyOf(requireNonNull(retained, "retained"));
    }
  }

  /**
   * Customers won and lost in one period.
   *
   * @param periodStart the first day of the period
   * @param won how many became customers in it
   * @param lost how many stopped being customers in it
   */
  public record PeriodFlow(LocalDate periodStart, long won, long lost) {
    /** Validates that the date is not null. */
    public PeriodFlow {
      requireNonNull(periodStart, "periodStart");
    }

    /** Returns lost ÷ won, or empty when none were won. */
    public OptionalDouble lostToNewRatio() {
      return won == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) lost / won);
    }
  }
}
