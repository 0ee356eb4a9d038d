package dev.funnel.metrics;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Laws of counts, rates and intervals (QuickTheories, fixed seed). */
class MetricsPropertiesTest {
  private static final long SEED = 20261122L;
  private static final List<String> STEPS = List.of("a", "b", "c", "d");

  /** Random non-increasing counts over four steps. */
  private static Gen<FunnelCounts> counts() {
    return lists()
        .of(integers().between(0, 1000))
        .ofSize(4)
        .map(
            drops -> {
              long[] reached = new long[4];
              long running = 0;
              for (int i = 3; i >= 0; i--) {
                running += drops.get(i);
                reached[i] = running;
              }
              return FunnelCounts.of(STEPS, reached);
            });
  }

  private static final List<Funnel> FUNNELS =
      List.of(SampleFunnels.simple(), SampleFunnels.withOptionalDemo());

  /** Random leads: each a walk of up to six moves through the funnel. */
  private static Gen<List<Lead>> leads(Funnel funnel) {
    Gen<Lead> lead =
        lists()
            .of(integers().between(0, funnel.size() - 1))
            .ofSizeBetween(1, 7)
            .map(
                path -> {
                  Lead l =
                      Lead.builder("L").startIn(funnel.stages().get(path.get(0)).id(), T0).build();
                  for (int i = 1; i < path.size(); i++) {
                    l =
                        l.withStageChange(
                            funnel.stages().get(path.get(i)).id(), T0.plusSeconds(i), "");
                  }
                  return l;
                });
    return lists().of(lead).ofSizeBetween(0, 20);
  }

  @Test
  void mergeIsAssociativeAndCommutativeWithEmptyAsIdentity() {
    qt().withFixedSeed(SEED)
        .forAll(counts(), counts(), counts())
        .checkAssert(
            (a, b, c) -> {
              assertThat(a.plus(b).plus(c)).isEqualTo(a.plus(b.plus(c)));
              assertThat(a.plus(b)).isEqualTo(b.plus(a));
              assertThat(a.plus(FunnelCounts.empty(STEPS))).isEqualTo(a);
              assertThat(FunnelCounts.empty(STEPS).plus(a)).isEqualTo(a);
            });
  }

  @Test
  void countingPartitionsAndMergingEqualsCountingEverything() {
    FUNNELS.forEach(MetricsPropertiesTest::countingPartitionsAndMergingEqualsCountingEverything);
  }

  private static void countingPartitionsAndMergingEqualsCountingEverything(Funnel funnel) {
    qt().withFixedSeed(SEED)
        .forAll(leads(funnel), leads(funnel))
        .checkAssert(
            (left, right) -> {
              List<Lead> all = new ArrayList<>(left);
              all.addAll(right);
              assertThat(
                      FunnelCounts.fromLeads(funnel, left)
                          .plus(FunnelCounts.fromLeads(funnel, right)))
                  .isEqualTo(FunnelCounts.fromLeads(funnel, all));
            });
  }

  @Test
  void countsNeverRiseDownTheFunnelAndRatesStayInUnitInterval() {
    FUNNELS.forEach(MetricsPropertiesTest::countsNeverRiseDownTheFunnelAndRatesStayInUnitInterval);
  }

  private static void countsNeverRiseDownTheFunnelAndRatesStayInUnitInterval(Funnel funnel) {
    qt().withFixedSeed(SEED)
        .forAll(leads(funnel))
        .checkAssert(
            leads -> {
              FunnelCounts counts = FunnelCounts.fromLeads(funnel, leads);
              ConversionReport report = ConversionReport.of(counts);
              for (StepConversion step : report.steps()) {
                assertThat(step.count())
                    .isLessThanOrEqualTo(counts.reached(counts.baseOf(step.number())));
                for (Proportion p : List.of(step.fromPrevious(), step.fromFirst())) {
                  p.value().ifPresent(v -> assertThat(v).isBetween(0.0, 1.0));
                }
              }
            });
  }

  @Test
  void everyIntervalContainsItsEstimateAndStaysInUnitInterval() {
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(longs().between(1, 5000), doubles().between(0, 1), doubles().between(0.5, 0.999))
        .checkAssert(
            (trials, share, confidence) -> {
              long successes = Math.round(share * trials);
              for (IntervalMethod method : IntervalMethod.values()) {
                Proportion p = Proportion.of(successes, trials, confidence, method);
                double estimate = p.value().getAsDouble();
                assertThat(p.lower()).isBetween(0.0, estimate);
                assertThat(p.upper()).isBetween(estimate, 1.0);
              }
            });
  }

  @Test
  void widerConfidenceGivesAWiderInterval() {
    qt().withFixedSeed(SEED)
        .forAll(longs().between(1, 2000), doubles().between(0, 1))
        .checkAssert(
            (trials, share) -> {
              long successes = Math.round(share * trials);
              for (IntervalMethod method : IntervalMethod.values()) {
                Proportion narrow = Proportion.of(successes, trials, 0.80, method);
                Proportion wide = Proportion.of(successes, trials, 0.99, method);
                assertThat(wide.lower()).isLessThanOrEqualTo(narrow.lower() + 1e-12);
                assertThat(wide.upper()).isGreaterThanOrEqualTo(narrow.upper() - 1e-12);
              }
            });
  }
}
