package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CohortsAndRetentionTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  private static Instant date(String day) {
    return Instant.parse(day + "T12:00:00Z");
  }

  @Test
  void conversionByEntryCohort() {
    Lead jan1 =
        Lead.builder("a")
            .startIn("new", date("2026-01-05"))
            .build()
            .withStageChange("won", date("2026-02-01"), "");
    Lead jan2 = Lead.builder("b").startIn("new", date("2026-01-20")).build();
    Lead feb = Lead.builder("c").startIn("new", date("2026-02-03")).build();

    Map<LocalDate, ConversionReport> byMonth =
        Cohorts.byEntryPeriod(
            SampleFunnels.simple(), List.of(jan1, jan2, feb), CohortPeriod.MONTH, UTC);
    Map<LocalDate, ConversionReport> byWeek =
        Cohorts.byEntryPeriod(
            SampleFunnels.simple(), List.of(jan1, jan2, feb), CohortPeriod.WEEK, UTC);

    assertThat(byMonth.keySet())
        .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-01"));
    assertThat(byMonth.get(LocalDate.parse("2026-01-01")).overall().value().getAsDouble())
        .isEqualTo(0.5);
    assertThat(byMonth.get(LocalDate.parse("2026-02-01")).overall().value().getAsDouble()).isZero();
    // 2026-01-05 is a Monday; 2026-01-20 a Tuesday (week of the 19th); 2026-02-03 a Tuesday.
    assertThat(byWeek.keySet())
        .containsExactly(
            LocalDate.parse("2026-01-05"),
            LocalDate.parse("2026-01-19"),
            LocalDate.parse("2026-02-02"));
  }

  private final List<CustomerSpan> customers =
      List.of(
          CustomerSpan.active("a", date("2026-01-03")),
          CustomerSpan.churned("b", date("2026-01-10"), date("2026-02-15")),
          CustomerSpan.churned("c", date("2026-01-20"), date("2026-03-10")),
          CustomerSpan.active("d", date("2026-02-02")),
          CustomerSpan.churned("e", date("2026-02-05"), date("2026-02-20")),
          CustomerSpan.active("f", date("2026-03-01")));

  @Test
  void churnRateIsLostOverCustomersAtTheStart() {
    // At 1 Feb: a, b, c are customers; in February b churns (e joins and churns, not counted).
    Proportion february = Retention.churnRate(customers, date("2026-02-01"), date("2026-03-01"));

    assertThat(february.successes()).isEqualTo(1);
    assertThat(february.trials()).isEqualTo(3);
    assertThatThrownBy(() -> Retention.churnRate(customers, date("2026-03-01"), date("2026-02-01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be after its start");
  }

  @Test
  void retentionByCohortOnlyForPeriodsThatAreOver() {
    List<Retention.CohortRetention> rows =
        Retention.byCohort(customers, CohortPeriod.MONTH, UTC, 3, date("2026-03-20"));

    // January cohort a, b, c: end of Jan 3/3, end of Feb 2/3 (b left), March not over yet.
    assertThat(rows.get(0).cohortStart()).isEqualTo(LocalDate.parse("2026-01-01"));
    assertThat(rows.get(0).size()).isEqualTo(3);
    assertThat(rows.get(0).retained()).extracting(Proportion::successes).containsExactly(3L, 2L);
    // February cohort d, e: end of Feb 1/2.
    assertThat(rows.get(1).retained()).extracting(Proportion::successes).containsExactly(1L);
    // March cohort: nothing is over yet.
    assertThat(rows.get(2).retained()).isEmpty();
    assertThatThrownBy(
            () -> Retention.byCohort(customers, CohortPeriod.MONTH, UTC, -1, date("2026-03-20")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("periods must not be negative: -1");
  }

  @Test
  void lostToNewPerPeriod() {
    List<Retention.PeriodFlow> flows =
        Retention.lostToNew(
            customers, CohortPeriod.MONTH, UTC, date("2026-01-01"), date("2026-04-01"));

    assertThat(flows).extracting(Retention.PeriodFlow::won).containsExactly(3L, 2L, 1L, 0L);
    assertThat(flows).extracting(Retention.PeriodFlow::lost).containsExactly(0L, 2L, 1L, 0L);
    assertThat(flows.get(1).lostToNewRatio().getAsDouble()).isEqualTo(1.0);
    assertThat(flows.get(3).lostToNewRatio()).isEmpty();
    assertThatThrownBy(() -> CustomerSpan.churned("x", date("2026-02-01"), date("2026-01-01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customer 'x' ends at");
  }
}
