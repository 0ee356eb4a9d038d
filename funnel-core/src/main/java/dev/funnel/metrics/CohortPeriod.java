package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * The length of the periods that cohorts are grouped by. Weeks start on Monday (ISO 8601). *
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum CohortPeriod {
  /** One calendar day. */
  DAY,
  /** One ISO week, Monday to Sunday. */
  WEEK,
  /** One calendar month. */
  MONTH;

  /** Returns the first day of the period that contains {@code date}. */
  public LocalDate startOf(LocalDate date) {
    requireNonNull(date, "date");
    return switch (this) {
      case DAY -> date;
      case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> date.withDayOfMonth(1);
    };
  }

  /**
   * Returns the first day of the period {@code n} periods after the one starting on {@code start}.
   */
  public LocalDate plus(LocalDate start, long n) {
    requireNonNull(start, "start");
    return switch (this) {
      case DAY -> start.plusDays(n);
      case WEEK -> start.plusWeeks(n);
      case MONTH -> start.plusMonths(n);
    };
  }
}
