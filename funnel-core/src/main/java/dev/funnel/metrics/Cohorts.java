package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conversion over time: leads grouped by the period in which they entered the funnel (their
 * cohort), with each cohort's conversion report. Comparing cohorts shows whether the funnel gets
 * better or worse, which pooled numbers hide.
 *
 * <p>Remember that a young cohort has had less time to convert. Pure functions: thread-safe.
 */
public final class Cohorts {
  private Cohorts() {}

  /**
   * Returns the conversion report of each entry cohort, keyed by the first day of its period in the
   * given zone, oldest first; periods with no entrants are left out.
   *
   * @throws IllegalArgumentException if a lead names an unknown stage
   */
  public static ImmutableSortedMap<LocalDate, ConversionReport> byEntryPeriod(
      Funnel funnel, Iterable<Lead> leads, CohortPeriod period, ZoneId zone) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    requireNonNull(period, "period");
    requireNonNull(zone, "zone");
    Map<LocalDate, List<Lead>> cohorts = new TreeMap<>();
    for (Lead lead : leads) {
      LocalDate start = period.startOf(LocalDate.ofInstant(lead.createdAt(), zone));
      cohorts.computeIfAbsent(start, d -> new ArrayList<>()).add(lead);
    }
    ImmutableSortedMap.Builder<LocalDate, ConversionReport> result =
        ImmutableSortedMap.naturalOrder();
    cohorts.forEach(
        (start, members) ->
            result.put(start, ConversionReport.of(FunnelCounts.fromLeads(funnel, members))));
    return result.build();
  }
}
