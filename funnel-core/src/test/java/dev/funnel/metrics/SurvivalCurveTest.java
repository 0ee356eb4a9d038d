package dev.funnel.metrics;

import static dev.funnel.metrics.SurvivalCurve.Observation.censored;
import static dev.funnel.metrics.SurvivalCurve.Observation.ended;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurvivalCurveTest {

  private static Duration weeks(int n) {
    return Duration.ofDays(7L * n);
  }

  /**
   * The 6-MP arm of Freireich et al. (1963), the classic Kaplan–Meier teaching data set: remission
   * times in weeks, "+" censored. Reference estimates as published in Kleinbaum &amp; Klein,
   * <i>Survival Analysis</i>: 0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482; median 23.
   */
  @Test
  void reproducesTheFreireichSixMpEstimates() {
    List<SurvivalCurve.Observation> data = new ArrayList<>();
    for (int t : new int[] {6, 6, 6, 7, 10, 13, 16, 22, 23}) {
      data.add(ended(weeks(t)));
    }
    for (int t : new int[] {6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35}) {
      data.add(censored(weeks(t)));
    }

    SurvivalCurve curve = SurvivalCurve.estimate(data);

    assertThat(curve.survivalAt(weeks(6))).isCloseTo(0.8571, within(5e-5));
    assertThat(curve.survivalAt(weeks(7))).isCloseTo(0.8067, within(5e-5));
    assertThat(curve.survivalAt(weeks(10))).isCloseTo(0.7529, within(5e-5));
    assertThat(curve.survivalAt(weeks(13))).isCloseTo(0.6902, within(5e-5));
    assertThat(curve.survivalAt(weeks(16))).isCloseTo(0.6275, within(5e-5));
    assertThat(curve.survivalAt(weeks(22))).isCloseTo(0.5378, within(5e-5));
    assertThat(curve.survivalAt(weeks(23))).isCloseTo(0.4482, within(5e-5));
    assertThat(curve.survivalAt(weeks(5))).isEqualTo(1.0);
    assertThat(curve.median()).contains(weeks(23));
    assertThat(curve.observations()).isEqualTo(21);
    SurvivalCurve.Point first = curve.points().get(0);
    assertThat(first.time()).isEqualTo(weeks(6));
    assertThat(first.atRisk()).isEqualTo(21);
    assertThat(first.events()).isEqualTo(3);
    assertThat(first.censored()).isEqualTo(1);
  }

  @Test
  void tooManyCensoredMeansNoMedian() {
    SurvivalCurve curve =
        SurvivalCurve.estimate(List.of(ended(weeks(1)), censored(weeks(2)), censored(weeks(3))));

    assertThat(curve.median()).isEmpty();
    assertThat(curve.quantile(0.3)).contains(weeks(1));
    assertThatThrownBy(() -> curve.quantile(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("p must be strictly between 0 and 1: 1.0");
    assertThatThrownBy(() -> ended(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("observed time must not be negative: PT-24H");
  }
}
