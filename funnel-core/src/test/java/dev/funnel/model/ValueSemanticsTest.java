package dev.funnel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import dev.funnel.events.EventBatch;
import dev.funnel.events.WindowFunnel;
import dev.funnel.metrics.Comparisons;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.FunnelCounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The value types that are classes rather than records keep a record's contract: equal when every
 * field is equal, equal hash codes then, and a {@code toString} that names what tells them apart.
 * Guava's {@link EqualsTester} checks each group against every other.
 */
class ValueSemanticsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Lead lead(String id, BigDecimal value) {
    return Lead.builder(id)
        .value(value)
        .source("web")
        .attribute("employees", 40)
        .startIn("new", T0)
        .build();
  }

  private static Funnel funnel(String name, String secondStage) {
    return Funnel.builder(name)
        .stage(Stage.open("new"))
        .stage(Stage.open(secondStage).winProbability(0.5))
        .stage(Stage.won("won"))
        .build();
  }

  @Test
  void leadsAreEqualWhenEveryFieldIs() {
    Lead a = lead("a", BigDecimal.TEN);
    new EqualsTester()
        .addEqualityGroup(a, lead("a", BigDecimal.TEN), a.toBuilder().build())
        .addEqualityGroup(lead("b", BigDecimal.TEN))
        .addEqualityGroup(lead("a", BigDecimal.ONE))
        .addEqualityGroup(a.withStageChange("next", T0.plusSeconds(1), ""))
        .addEqualityGroup(a.withLostReason("price"))
        .addEqualityGroup(a.withAttributes(Attributes.builder().put("employees", 41.0).build()))
        .testEquals();
    assertThat(a.toString()).contains("id=a", "stage=new", "value=10", "source=web");
  }

  @Test
  void stagesAndFunnelsAreEqualWhenEveryFieldIs() {
    Funnel f = funnel("sales", "demo");
    new EqualsTester()
        .addEqualityGroup(f, funnel("sales", "demo"))
        .addEqualityGroup(funnel("sales", "trial"))
        .addEqualityGroup(funnel("other", "demo"))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(f.stage("demo"), funnel("x", "demo").stage("demo"))
        .addEqualityGroup(f.stage("new"))
        .addEqualityGroup(f.stage("won"))
        .testEquals();
    assertThat(f.stage("demo").toString()).contains("id=demo", "order=1", "kind=OPEN");
    assertThat(f.contains("demo")).isTrue();
    assertThat(f.contains("trial")).isFalse();
    assertThat(f.findStage("demo")).contains(f.stage("demo"));
    assertThat(f.findStage("trial")).isEmpty();
  }

  @Test
  void attributesAreEqualWhenTheirValuesAre() {
    Attributes a = Attributes.builder().put("employees", 40.0).put("industry", "retail").build();
    new EqualsTester()
        .addEqualityGroup(
            a, Attributes.builder().put("industry", "retail").put("employees", 40.0).build())
        .addEqualityGroup(Attributes.builder().put("employees", 40.0).build())
        .addEqualityGroup(Attributes.empty())
        .testEquals();
    assertThat(a.size()).isEqualTo(2);
    assertThat(a.toString()).contains("employees", "40", "industry", "retail");
  }

  @Test
  void staleLeadsAreEqualWhenEveryFieldIs() {
    Funnel f = funnel("sales", "demo");
    StaleLeadPolicy policy =
        StaleLeadPolicy.builder(f).maxTimeIn("new", Duration.ofDays(3)).build();
    Lead a = lead("a", BigDecimal.TEN);
    Instant late = T0.plus(Duration.ofDays(5));
    StaleLead stale = policy.check(a, late).orElseThrow();
    new EqualsTester()
        .addEqualityGroup(stale, policy.check(a, late).orElseThrow())
        .addEqualityGroup(policy.check(a, late.plusSeconds(1)).orElseThrow())
        .addEqualityGroup(policy.check(lead("b", BigDecimal.TEN), late).orElseThrow())
        .addEqualityGroup(
            StaleLeadPolicy.builder(f)
                .maxTimeIn("new", Duration.ofDays(4))
                .build()
                .check(a, late)
                .orElseThrow())
        .testEquals();
    assertThat(stale.dwell()).isEqualTo(Duration.ofDays(5));
    assertThat(stale.toString()).contains("dwell=PT120H", "limit=PT72H");
  }

  @Test
  void otherResultClassesKeepValueEquality() {
    new EqualsTester()
        .addEqualityGroup(
            Comparisons.twoProportions(48, 80, 56, 70, 0.05),
            Comparisons.twoProportions(48, 80, 56, 70, 0.05))
        .addEqualityGroup(Comparisons.twoProportions(48, 80, 56, 70, 0.01))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(
            Comparisons.chiSquare(List.of(10L, 20L), List.of(100L, 100L), 0.05),
            Comparisons.chiSquare(List.of(10L, 20L), List.of(100L, 100L), 0.05))
        .addEqualityGroup(Comparisons.chiSquare(List.of(10L, 21L), List.of(100L, 100L), 0.05))
        .testEquals();
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10).build();
    new EqualsTester()
        .addEqualityGroup(
            funnel.evaluate(new long[] {1, 5}, new int[] {0, 1}),
            funnel.evaluate(new long[] {1, 5}, new int[] {0, 1}))
        .addEqualityGroup(funnel.evaluate(new long[] {1, 6}, new int[] {0, 1}))
        .addEqualityGroup(funnel.evaluate(new long[] {1}, new int[] {0}))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(
            funnel.aggregate(
                EventBatch.grouped(new long[] {1, 1}, new long[] {1, 5}, new int[] {0, 1})),
            funnel.aggregate(
                EventBatch.grouped(new long[] {2, 2}, new long[] {3, 4}, new int[] {0, 1})))
        .addEqualityGroup(
            funnel.aggregate(EventBatch.grouped(new long[] {1}, new long[] {1}, new int[] {0})))
        .testEquals();
    List<String> steps = List.of("a", "b", "c");
    ConversionReport report = ConversionReport.of(FunnelCounts.of(steps, 10, 4, 2));
    new EqualsTester()
        .addEqualityGroup(
            report.step("b"), ConversionReport.of(FunnelCounts.of(steps, 10, 4, 2)).step("b"))
        .addEqualityGroup(report.step("c"))
        .addEqualityGroup(ConversionReport.of(FunnelCounts.of(steps, 10, 5, 2)).step("b"))
        .testEquals();
    assertThat(report.step("b").toString()).contains("number=2", "step=b", "count=4", "dropOff=6");
    assertThat(funnel.evaluate(new long[] {1, 5}, new int[] {0, 1}).toString())
        .contains("level=2", "[1, 5]");
  }

  /** The result rows that became classes so that they can grow keep a record's value semantics. */
  @Test
  void rowsThatMayGrowKeepValueEquality() {
    List<dev.funnel.metrics.SurvivalCurve.Observation> observations =
        List.of(
            dev.funnel.metrics.SurvivalCurve.Observation.ended(java.time.Duration.ofDays(1)),
            dev.funnel.metrics.SurvivalCurve.Observation.censored(java.time.Duration.ofDays(2)));
    var points = dev.funnel.metrics.SurvivalCurve.estimate(observations).points();
    new EqualsTester()
        .addEqualityGroup(
            points.get(0), dev.funnel.metrics.SurvivalCurve.estimate(observations).points().get(0))
        .addEqualityGroup(points.get(1))
        .testEquals();
    assertThat(points.get(0).toString()).contains("time=PT24H", "atRisk=2", "events=1");

    var plan = dev.funnel.forecast.BackwardPlan.forDeals(20, List.of("lead", "deal"), 0.25);
    new EqualsTester()
        .addEqualityGroup(
            plan.rows().get(0),
            dev.funnel.forecast.BackwardPlan.forDeals(20, List.of("lead", "deal"), 0.25)
                .rows()
                .get(0))
        .addEqualityGroup(plan.rows().get(1))
        .testEquals();
    assertThat(plan.rows().get(0).toString()).contains("step=lead", "needed=80");

    var projection =
        dev.funnel.forecast.ForwardProjection.builder(100).point("a", 0.5).point("b", 0.5).build();
    new EqualsTester()
        .addEqualityGroup(
            projection.rows().get(0),
            dev.funnel.forecast.ForwardProjection.builder(100)
                .point("a", 0.5)
                .point("b", 0.5)
                .build()
                .rows()
                .get(0))
        .addEqualityGroup(projection.rows().get(1))
        .testEquals();
    assertThat(projection.rows().get(1).toString()).contains("point=b", "count=50.0");

    List<String> steps = List.of("a", "b");
    var comparison =
        Comparisons.funnels(FunnelCounts.of(steps, 10, 5), FunnelCounts.of(steps, 10, 7), 0.05);
    new EqualsTester()
        .addEqualityGroup(
            comparison,
            Comparisons.funnels(FunnelCounts.of(steps, 10, 5), FunnelCounts.of(steps, 10, 7), 0.05))
        .addEqualityGroup(
            Comparisons.funnels(FunnelCounts.of(steps, 10, 5), FunnelCounts.of(steps, 10, 8), 0.05))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(
            comparison.steps().get(0),
            Comparisons.funnels(FunnelCounts.of(steps, 10, 5), FunnelCounts.of(steps, 10, 7), 0.05)
                .steps()
                .get(0))
        .testEquals();
    assertThat(comparison.steps().get(0).toString()).startsWith("b: B − A = +20.0 pts");
    assertThat(comparison.toString()).contains("steps=[b: ", "overall=B − A");
  }

  @Test
  void constructorsAndQueriesRefuseWhatBreaksAValue() {
    assertThatThrownBy(() -> Lead.builder(" ").startIn("new", T0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lead id must not be blank: ' '");
    Lead a = lead("a", BigDecimal.TEN).withStageChange("next", T0.plusSeconds(60), "");
    Instant before = T0.plusSeconds(30);
    for (Runnable query :
        List.<Runnable>of(
            () -> a.age(before),
            () -> a.latestTimeIn("new", before),
            () -> a.timeInStages(before),
            () -> a.currentDwell(before))) {
      assertThatThrownBy(query::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "now 2026-01-01T00:00:30Z is before lead 'a' entered its current stage 'next' at"
                  + " 2026-01-01T00:01:00Z");
    }
    assertThatThrownBy(
            () -> Funnel.builder("f").stage(Stage.open(" new")).stage(Stage.won("w")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage id must not start or end with blanks: ' new'");
    assertThatThrownBy(
            () ->
                Funnel.builder("f")
                    .stage(Stage.open("new").name(" "))
                    .stage(Stage.won("w"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage name must not be blank for stage 'new'");
    assertThatThrownBy(() -> new StageVisit(" ", T0, Optional.empty(), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage id must not be blank: ' '");
    assertThatThrownBy(() -> StageVisit.ongoing("new", T0, "").duration(T0.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "now 2025-12-31T23:59:59Z is before stage 'new' was entered at 2026-01-01T00:00:00Z");
  }
}
