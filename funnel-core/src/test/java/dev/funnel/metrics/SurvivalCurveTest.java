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

  private static SurvivalCurve curve(int[] days, String ended) {
    List<SurvivalCurve.Observation> data = new ArrayList<>();
    for (int i = 0; i < days.length; i++) {
      Duration time = Duration.ofDays(days[i]);
      data.add(ended.charAt(i) == '1' ? ended(time) : censored(time));
    }
    return SurvivalCurve.estimate(data);
  }

  /**
   * Quantiles as R's survival package gives them (R 4.2.2, survival 3.5.3, {@code
   * quantile(survfit(Surv(time, status) ~ 1, data = aml), c(0.25, 0.5, 0.75))}: 12, 27, 43), on its
   * own {@code aml} data set.
   */
  @Test
  void quantilesFollowRSurvivalOnItsAmlDataSet() {
    SurvivalCurve aml =
        curve(
            new int[] {
              9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45
            },
            "11011011010111110111111");

    assertThat(aml.quantile(0.25)).contains(Duration.ofDays(12));
    assertThat(aml.median()).contains(Duration.ofDays(27));
    assertThat(aml.quantile(0.75)).contains(Duration.ofDays(43));
  }

  /**
   * R survival 3.5.3 on its {@code lung} data set (228 patients, ties and censoring): 79, 170, 310,
   * 550.
   */
  @Test
  void quantilesFollowRSurvivalOnItsLungDataSet() {
    int[] days = {
      306, 455, 1010, 210, 883, 1022, 310, 361, 218, 166, 170, 654, 728, 71, 567, 144, 613, 707, 61,
      88, 301, 81, 624, 371, 394, 520, 574, 118, 390, 12, 473, 26, 533, 107, 53, 122, 814, 965, 93,
      731, 460, 153, 433, 145, 583, 95, 303, 519, 643, 765, 735, 189, 53, 246, 689, 65, 5, 132, 687,
      345, 444, 223, 175, 60, 163, 65, 208, 821, 428, 230, 840, 305, 11, 132, 226, 426, 705, 363,
      11, 176, 791, 95, 196, 167, 806, 284, 641, 147, 740, 163, 655, 239, 88, 245, 588, 30, 179,
      310, 477, 166, 559, 450, 364, 107, 177, 156, 529, 11, 429, 351, 15, 181, 283, 201, 524, 13,
      212, 524, 288, 363, 442, 199, 550, 54, 558, 207, 92, 60, 551, 543, 293, 202, 353, 511, 267,
      511, 371, 387, 457, 337, 201, 404, 222, 62, 458, 356, 353, 163, 31, 340, 229, 444, 315, 182,
      156, 329, 364, 291, 179, 376, 384, 268, 292, 142, 413, 266, 194, 320, 181, 285, 301, 348, 197,
      382, 303, 296, 180, 186, 145, 269, 300, 284, 350, 272, 292, 332, 285, 259, 110, 286, 270, 81,
      131, 225, 269, 225, 243, 279, 276, 135, 79, 59, 240, 202, 235, 105, 224, 239, 237, 173, 252,
      221, 185, 92, 13, 222, 192, 183, 211, 175, 197, 203, 116, 188, 191, 105, 174, 177
    };
    String died =
        ""
            + "1101101111111111111111111111111111111011111111111111111111111111111011011111"
            + "1111110101110111110111110111110111111111111111111111001110101111101100111110"
            + "0111011001010011110110001110001000101111101000011100010100000010010000100000";
    SurvivalCurve lung = curve(days, died);

    assertThat(lung.observations()).isEqualTo(228);
    assertThat(lung.quantile(0.10)).contains(Duration.ofDays(79));
    assertThat(lung.quantile(0.25)).contains(Duration.ofDays(170));
    assertThat(lung.median()).contains(Duration.ofDays(310));
    assertThat(lung.quantile(0.75)).contains(Duration.ofDays(550));
  }

  /**
   * Where S is flat at exactly 1 − p, R takes the midpoint of the flat stretch (R survival 3.5.3):
   * uncensored 3, 1, 4, 1, 5, 9, 2, 6 gives 1.5, 3.5, 5.5 — the sample quartiles, so the median
   * equals {@link DurationStats}'s; events at 1 and 2 and censored at 3 and 4 leave S at 0.5 to the
   * end, and R's median is (2 + 4) / 2 = 3.
   */
  @Test
  void aFlatStretchAtTheQuantileGivesItsMidpoint() {
    SurvivalCurve uncensored = curve(new int[] {3, 1, 4, 1, 5, 9, 2, 6}, "11111111");

    assertThat(uncensored.quantile(0.25)).contains(Duration.ofHours(36));
    assertThat(uncensored.median()).contains(Duration.ofHours(84));
    assertThat(uncensored.quantile(0.75)).contains(Duration.ofHours(132));
    assertThat(uncensored.median())
        .isEqualTo(
            DurationStats.of(
                    List.of(3, 1, 4, 1, 5, 9, 2, 6).stream().map(Duration::ofDays).toList())
                .median());

    assertThat(curve(new int[] {1, 2, 3, 4}, "1100").median()).contains(Duration.ofDays(3));
  }
}
