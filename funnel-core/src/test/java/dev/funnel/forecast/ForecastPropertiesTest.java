package dev.funnel.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forward projection and backward planning undo each other, within rounding (QuickTheories). */
class ForecastPropertiesTest {

  @Test
  void forwardThenBackwardReturnsTheStartingCount() {
    qt().withFixedSeed(20261122L)
        .withExamples(1000)
        .forAll(
            integers().between(1, 1_000_000),
            lists().of(doubles().between(0.05, 1.0)).ofSizeBetween(1, 7))
        .checkAssert(
            (start, rates) -> {
              List<String> steps = new ArrayList<>();
              ForwardProjection.Builder forward = ForwardProjection.builder(start);
              double[] stepRates = new double[rates.size()];
              steps.add("top");
              for (int i = 0; i < rates.size(); i++) {
                steps.add("step " + i);
                forward.point("step " + i, rates.get(i));
                stepRates[i] = rates.get(i);
              }
              double expectedDeals = forward.build().remaining();
              long deals = (long) Math.floor(expectedDeals + 1e-9);

              BackwardPlan plan = BackwardPlan.forDeals(deals, steps, stepRates);
              long needed = plan.rows().get(0).needed();

              // Rounding up at each of k steps adds at most 1 there, amplified by the rates above:
              // never more than k / (product of all rates) over the start, and never under it by
              // more than what flooring the deals lost.
              double product = expectedDeals / start;
              assertThat((double) needed)
                  .isLessThanOrEqualTo(start + rates.size() / product + 1e-6);
              assertThat((double) needed).isGreaterThanOrEqualTo(start - 1 / product - 1e-6);
              // And the plan delivers: projecting its top count forward reaches the target.
              ForwardProjection.Builder again = ForwardProjection.builder((double) needed);
              for (int i = 0; i < rates.size(); i++) {
                again.point("step " + i, rates.get(i));
              }
              assertThat(again.build().remaining())
                  .isGreaterThanOrEqualTo(deals - 1e-6 * Math.max(1, deals));
            });
  }
}
