package dev.funnel.metrics;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversionReportTest {
  private static final List<String> CONSUMER =
      List.of("target", "interested", "enquiry", "price comparison", "purchase");
  private final ConversionReport consumer =
      ConversionReport.of(FunnelCounts.of(CONSUMER, 100, 70, 40, 20, 10));

  @Test
  void consumerSalesWorkedExample() {
    // DOMAIN.md §3: 100 → 70 → 40 → 20 → 10; step rates 70 %, 57.1 %, 50 %, 50 %; overall 10 %.
    assertThat(consumer.steps())
        .extracting(s -> s.fromPrevious().value().getAsDouble())
        .containsExactly(1.0, 0.70, 40.0 / 70, 0.50, 0.50);
    assertThat(consumer.step("enquiry").fromPrevious().value().getAsDouble())
        .isCloseTo(0.571, within(0.0005));
    assertThat(consumer.overall().value().getAsDouble()).isEqualTo(0.10);
    assertThat(consumer.step("price comparison").fromFirst().value().getAsDouble()).isEqualTo(0.20);
    assertThat(consumer.step("interested").dropOff()).isEqualTo(30);
    assertThat(consumer.step("interested").dropOffShare().getAsDouble())
        .isCloseTo(0.30, within(1e-12));
    assertThat(consumer.step("target").dropOff()).isZero();
  }

  @Test
  void eCommerceWorkedExample() {
    // DOMAIN.md §3: 50,000 visitors, 1,000 purchases → 2 %.
    ConversionReport report =
        ConversionReport.of(FunnelCounts.of(List.of("visit", "purchase"), 50_000, 1_000));

    assertThat(report.overall().value().getAsDouble()).isEqualTo(0.02);
    // Wilson 95 % bounds from the Python reference in ProportionTest.
    assertThat(report.overall().lower()).isCloseTo(0.0188092368, within(1e-8));
    assertThat(report.overall().upper()).isCloseTo(0.0212645135, within(1e-8));
  }

  @Test
  void bottleneckByEachCriterion() {
    // Step rates tie at 50 % for "price comparison" and "purchase": the one nearer the top wins.
    assertThat(consumer.bottleneck(BottleneckCriterion.LOWEST_STEP_RATE).orElseThrow().step())
        .isEqualTo("price comparison");
    // Losses: 30, 30, 20, 10: the first 30 is nearer the top.
    assertThat(consumer.bottleneck(BottleneckCriterion.LARGEST_ABSOLUTE_LOSS).orElseThrow().step())
        .isEqualTo("interested");
    assertThatThrownBy(() -> consumer.bottleneck(BottleneckCriterion.LONGEST_MEDIAN_TIME))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build it with fromLeads");
  }

  @Test
  void longestMedianTimeComesFromLeadHistories() {
    Funnel funnel = SampleFunnels.simple();
    Lead fast =
        Lead.builder("fast")
            .startIn("new", T0)
            .build()
            .withStageChange("contacted", T0.plus(Duration.ofDays(1)), "")
            .withStageChange("qualified", T0.plus(Duration.ofDays(2)), "");
    Lead slow =
        Lead.builder("slow")
            .startIn("new", T0)
            .build()
            .withStageChange("contacted", T0.plus(Duration.ofDays(1)), "")
            .withStageChange("qualified", T0.plus(Duration.ofDays(20)), "");

    ConversionReport report =
        ConversionReport.fromLeads(funnel, List.of(fast, slow), T0.plus(Duration.ofDays(21)));

    // Time in 'contacted': 1 and 19 days, median 10; in 'qualified' 19 and 1 days, median 10;
    // in 'new' 1 and 1. The tie between contacted and qualified goes to the earlier step.
    assertThat(report.step("contacted").timeInStage().orElseThrow().median())
        .contains(Duration.ofDays(10));
    assertThat(report.bottleneck(BottleneckCriterion.LONGEST_MEDIAN_TIME).orElseThrow().step())
        .isEqualTo("contacted");
    assertThat(report.step("won").timeInStage().orElseThrow().isEmpty()).isTrue();
  }

  @Test
  void ratesAroundAnOptionalStepAreMeasuredFromTheRequiredStepAbove() {
    ConversionReport report =
        ConversionReport.of(
            FunnelCounts.builder()
                .step("new", 100)
                .optionalStep("demo", 30)
                .step("proposal", 45)
                .step("won", 12)
                .build());

    assertThat(report.step("demo").fromPrevious().value().getAsDouble()).isEqualTo(0.30);
    assertThat(report.step("proposal").fromPrevious().value().getAsDouble()).isEqualTo(0.45);
    assertThat(report.step("proposal").dropOff()).isEqualTo(55);
    assertThat(report.step("won").fromPrevious().value().getAsDouble())
        .isCloseTo(12.0 / 45, within(1e-12));
    assertThat(report.overall().value().getAsDouble()).isEqualTo(0.12);
  }

  @Test
  void zeroEntrantsIsNoDataNotADivisionByZero() {
    ConversionReport empty = ConversionReport.of(FunnelCounts.empty(CONSUMER));

    assertThat(empty.overall()).hasToString("no data");
    assertThat(empty.steps()).allMatch(s -> !s.fromPrevious().hasData());
    assertThat(empty.bottleneck(BottleneckCriterion.LOWEST_STEP_RATE)).isEmpty();
    assertThat(empty.step("purchase").dropOffShare()).isEmpty();
  }

  @Test
  void confidenceAndMethodAreChosenOnTheBuilder() {
    ConversionReport report =
        ConversionReport.builder(FunnelCounts.of(List.of("a", "b"), 100, 10))
            .confidence(0.95)
            .intervalMethod(IntervalMethod.CLOPPER_PEARSON)
            .build();

    assertThat(report.overall().lower()).isCloseTo(0.0490046892, within(1e-7));
    assertThatThrownBy(() -> ConversionReport.builder(FunnelCounts.empty(CONSUMER)).confidence(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confidence level must be strictly between 0 and 1: 0.0");
    assertThatThrownBy(
            () ->
                ConversionReport.builder(FunnelCounts.empty(CONSUMER))
                    .timeInStage(java.util.Map.of("nope", DurationStats.empty())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown step 'nope'");
  }

  /** A one-shot Iterable (a stream's iterator) gives the same report as a list. */
  @Test
  void fromLeadsReadsItsLeadsOnce() {
    Funnel funnel = SampleFunnels.simple();
    List<Lead> leads =
        List.of(
            Lead.builder("a")
                .startIn("new", T0)
                .build()
                .withStageChange("contacted", T0.plus(Duration.ofDays(2)), ""),
            Lead.builder("b").startIn("new", T0).build());
    Instant now = T0.plus(Duration.ofDays(3));
    @SuppressWarnings("StreamToIterable") // one-shot on purpose: the report must read once
    Iterable<Lead> once = leads.stream()::iterator;

    ConversionReport fromOnce = ConversionReport.fromLeads(funnel, once, now);
    ConversionReport fromList = ConversionReport.fromLeads(funnel, leads, now);

    assertThat(fromOnce.counts()).isEqualTo(fromList.counts());
    assertThat(fromOnce.step("new").timeInStage().orElseThrow().count()).isEqualTo(2);
    assertThat(fromOnce.step("new").timeInStage().orElseThrow().median())
        .isEqualTo(fromList.step("new").timeInStage().orElseThrow().median());
  }

  /** A funnel that keeps everyone at every step has no bottleneck to flag (the audit's case). */
  @Test
  void noStepThatLosesNobodyIsABottleneck() {
    ConversionReport full =
        ConversionReport.of(FunnelCounts.of(List.of("a", "b", "c"), 10, 10, 10));

    assertThat(full.bottleneck(BottleneckCriterion.LOWEST_STEP_RATE)).isEmpty();
    assertThat(full.bottleneck(BottleneckCriterion.LARGEST_ABSOLUTE_LOSS)).isEmpty();
    assertThat(
            ConversionReport.of(FunnelCounts.of(List.of("a", "b", "c"), 10, 10, 9))
                .bottleneck(BottleneckCriterion.LOWEST_STEP_RATE)
                .orElseThrow()
                .step())
        .isEqualTo("c");
  }
}
