package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.base.Splitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gray's variance and the pointwise intervals of the cumulative incidence, on the 35 bone-marrow
 * transplants of Scrucca, Santucci and Aversa (2007, Bone Marrow Transplantation 40:381–387; the
 * file {@code bmt.csv} they publish, 1 = relapse, 2 = transplant-related death, 0 = censored).
 *
 * <p>References: the incidences are those scikit-survival's test suite holds for this file ({@code
 * SimpleDataBMTCases.data_bmt_full}, 8 digits). The variances and limits are Gray's variance as
 * {@code cmprsk::cuminc} documents it (Gray's {@code cincsub.f}), written as a sum over event times
 * and evaluated independently in exact rational arithmetic (Python {@code fractions}; the normal
 * quantile from {@code statistics.NormalDist}), to 1e-9 relative.
 */
class CumulativeIncidenceIntervalsTest {
  private static final String DATA =
      "0;13;2 0;1;1 0;72;0 0;7;2 0;8;2 1;67;0 0;9;2 0;5;2 1;70;0 1;4;0 1;7;0 1;68;0 0;1;2 1;10;2"
          + " 1;7;2 1;3;1 1;4;1 1;4;1 1;3;1 1;3;1 0;22;2 1;8;1 1;2;2 0;0;2 0;0;1 0;35;0 1;35;0"
          + " 0;4;2 0;14;2 0;26;2 0;3;2 1;2;0 1;8;0 1;32;0 0;12;1";

  private static CumulativeIncidence transplants() {
    List<CumulativeIncidence.Observation> observations = new ArrayList<>();
    for (String row : Splitter.on(' ').split(DATA)) {
      List<String> fields = Splitter.on(';').splitToList(row);
      Duration time = Duration.ofDays(Long.parseLong(fields.get(1)));
      observations.add(
          switch (fields.get(2)) {
            case "1" -> CumulativeIncidence.Observation.ended(time, "relapse");
            case "2" -> CumulativeIncidence.Observation.ended(time, "death");
            default -> CumulativeIncidence.Observation.open(time);
          });
    }
    return CumulativeIncidence.estimate(observations);
  }

  private static CumulativeIncidence.Point at(CumulativeIncidence incidence, int day) {
    return incidence.pointAt(Duration.ofDays(day)).orElseThrow();
  }

  private static void assertRelative(double expected, double actual) {
    assertEquals(expected, actual, Math.abs(expected) * 1e-9);
  }

  @Test
  void incidencesAreScikitSurvivalsReference() {
    CumulativeIncidence incidence = transplants();
    int[] days = {3, 4, 8, 12, 26};
    double[] relapse = {0.14581281, 0.20492611, 0.23771164, 0.27283899, 0.27283899};
    double[] death = {0.11527094, 0.14482759, 0.27050544, 0.34076015, 0.48126955};
    for (int i = 0; i < days.length; i++) {
      CumulativeIncidence.Point point = at(incidence, days[i]);
      assertEquals(relapse[i], point.incidence().get("relapse"), 5e-9);
      assertEquals(death[i], point.incidence().get("death"), 5e-9);
    }
  }

  @Test
  void standardErrorsAreGraysVariance() {
    CumulativeIncidence incidence = transplants();
    int[] days = {0, 2, 3, 4, 7, 8, 12, 26, 72};
    double[] relapse = {
      8.163265306122449e-04, 1.584677948314312e-03, 3.750121606030533e-03, 4.921473975906173e-03,
      4.921473975906173e-03, 5.597374213290711e-03, 6.337835443995412e-03, 6.337835443995412e-03,
      6.337835443995412e-03
    };
    double[] death = {
      8.163265306122449e-04, 2.305060493365425e-03, 3.030806858426119e-03, 3.700743387295858e-03,
      5.582408245605855e-03, 6.180551510084548e-03, 7.365345611375320e-03, 8.604776378309448e-03,
      8.604776378309448e-03
    };
    for (int i = 0; i < days.length; i++) {
      CumulativeIncidence.Point point = at(incidence, days[i]);
      assertRelative(Math.sqrt(relapse[i]), point.standardError("relapse"));
      assertRelative(Math.sqrt(death[i]), point.standardError("death"));
    }
  }

  @Test
  void intervalsOnEachScale() {
    CumulativeIncidence incidence = transplants();
    CumulativeIncidence.Point day4 = at(incidence, 4);
    assertRelative(0.088883813863617, day4.lower("relapse", 0.95, BandTransform.LOG_LOG));
    assertRelative(0.354139026652729, day4.upper("relapse", 0.95, BandTransform.LOG_LOG));
    assertRelative(0.051887750281667, day4.lower("death", 0.95, BandTransform.LOG_LOG));
    assertRelative(0.283125964193271, day4.upper("death", 0.95, BandTransform.LOG_LOG));
    assertRelative(0.067428327972076, day4.lower("relapse", 0.95, BandTransform.PLAIN));
    assertRelative(0.342423888776692, day4.upper("relapse", 0.95, BandTransform.PLAIN));
    CumulativeIncidence.Point day26 = at(incidence, 26);
    assertRelative(0.133005023809541, day26.lower("relapse", 0.95, BandTransform.LOG_LOG));
    assertRelative(0.433322183526174, day26.upper("relapse", 0.95, BandTransform.LOG_LOG));
    assertRelative(0.293498034302868, day26.lower("death", 0.95, BandTransform.LOG_LOG));
    assertRelative(0.646430642986595, day26.upper("death", 0.95, BandTransform.LOG_LOG));
    assertRelative(0.299459502602582, day26.lower("death", 0.95, BandTransform.PLAIN));
    assertRelative(0.663079601709093, day26.upper("death", 0.95, BandTransform.PLAIN));
  }

  @Test
  void edgesAndBadInput() {
    CumulativeIncidence incidence =
        CumulativeIncidence.estimate(
            List.of(
                CumulativeIncidence.Observation.ended(Duration.ofDays(1), "won"),
                CumulativeIncidence.Observation.ended(Duration.ofDays(2), "lost")));
    assertThat(incidence.pointAt(Duration.ZERO)).isEmpty();
    CumulativeIncidence.Point first = incidence.pointAt(Duration.ofDays(1)).orElseThrow();
    // Nothing lost yet: the interval of an incidence of 0 is [0, 0].
    assertEquals(0, first.lower("lost", 0.95, BandTransform.LOG_LOG));
    assertEquals(0, first.upper("lost", 0.95, BandTransform.LOG_LOG));
    assertThatThrownBy(() -> first.standardError("churned"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no outcome 'churned'")
        .hasMessageContaining("[lost, won]");
    assertThatThrownBy(() -> first.lower("won", 1.5, BandTransform.LOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
  }
}
