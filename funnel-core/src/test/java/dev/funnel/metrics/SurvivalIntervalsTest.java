package dev.funnel.metrics;

import static dev.funnel.metrics.SurvivalCurve.Observation.censored;
import static dev.funnel.metrics.SurvivalCurve.Observation.ended;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Greenwood standard errors, the three confidence bands, quantile intervals and the log-rank test
 * on R's {@code aml} data (Miller 1981): remission weeks of acute myelogenous leukaemia, "+"
 * censored.
 *
 * <p>References: R survival's {@code summary(survfit(Surv(time, status) ~ x, data = aml))}, {@code
 * print(survfit(…))} and {@code survdiff(…)}, whose printed output (as in many course notes on
 * GitHub, for instance the README of an R survival tutorial that prints the same table for its AML
 * chemotherapy data) is asserted to the digits R prints. Full precision: the same published
 * formulas (survfit's {@code conf.type} documentation; Klein &amp; Moeschberger §4.3; the log-rank
 * variance of Collett §2.6) evaluated outside this code base, in Python 3.11 with exact fractions
 * for S, Greenwood's sums and the log-rank statistic and {@code statistics.NormalDist} for z; the
 * digits are pasted below and asserted to 1e-9 relative.
 */
class SurvivalIntervalsTest {
  private static final double RELATIVE = 1e-9;

  private static Duration weeks(int n) {
    return Duration.ofDays(7L * n);
  }

  /** 9, 13, 13+, 18, 23, 28+, 31, 34, 45+, 48, 161+. */
  static List<SurvivalCurve.Observation> maintained() {
    List<SurvivalCurve.Observation> data = new ArrayList<>();
    for (int t : new int[] {9, 13, 18, 23, 31, 34, 48}) {
      data.add(ended(weeks(t)));
    }
    for (int t : new int[] {13, 28, 45, 161}) {
      data.add(censored(weeks(t)));
    }
    return data;
  }

  /** 5, 5, 8, 8, 12, 16+, 23, 27, 30, 33, 43, 45. */
  static List<SurvivalCurve.Observation> nonmaintained() {
    List<SurvivalCurve.Observation> data = new ArrayList<>();
    for (int t : new int[] {5, 5, 8, 8, 12, 23, 27, 30, 33, 43, 45}) {
      data.add(ended(weeks(t)));
    }
    data.add(censored(weeks(16)));
    return data;
  }

  private static Offset<Double> relative(double expected) {
    return within(Math.abs(expected) * RELATIVE);
  }

  private static SurvivalCurve.Point at(SurvivalCurve curve, int week) {
    return curve.points().stream()
        .filter(p -> p.time().equals(weeks(week)))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Rows: week, S (exact), std.err, log lower, log upper, plain lower, plain upper, log-log lower,
   * log-log upper.
   */
  private static final double[][] MAINTAINED = {
    {
      9,
      10.0 / 11,
      0.08667841720414475,
      0.7541338450815255,
      1,
      0.7392043331338484,
      1,
      0.5080802057699297,
      0.9866738226678231
    },
    {
      13,
      9.0 / 11,
      0.11629129983033298,
      0.6192489873993636,
      1,
      0.5902550587990167,
      1,
      0.44742861468218115,
      0.9511622285824918
    },
    {
      18,
      63.0 / 88,
      0.13966497055722782,
      0.4884262874221285,
      1,
      0.4421707787150774,
      0.9896474031031045,
      0.3501903859079383,
      0.8990239741910535
    },
    {
      23,
      27.0 / 44,
      0.15263233102731202,
      0.3768670595016798,
      0.9991576002284729,
      0.31448249194643674,
      0.9127902353262906,
      0.26575204000128605,
      0.8352992432502215
    },
    {
      31,
      27.0 / 55,
      0.1641932672211358,
      0.2548599511993173,
      0.9455849552004293,
      0.16909620065170378,
      0.8127219811664781,
      0.1673309097768508,
      0.7533997903708113
    },
    {
      34,
      81.0 / 220,
      0.1626688858270948,
      0.15487711789719108,
      0.8752606781439076,
      0.0493566605554544,
      0.6870069758081819,
      0.09282957493698518,
      0.6570408323981638
    },
    {
      48,
      81.0 / 440,
      0.15349274578629368,
      0.035917898489185245,
      0.9435257694745519,
      0,
      0.48493116272020675,
      0.011738480123189602,
      0.5250148427266415
    },
  };

  @Test
  void greenwoodErrorsAndTheThreeBandsMatchR() {
    SurvivalCurve curve = SurvivalCurve.estimate(maintained());
    for (double[] row : MAINTAINED) {
      SurvivalCurve.Point point = at(curve, (int) row[0]);
      assertThat(point.survival()).isCloseTo(row[1], relative(row[1]));
      assertThat(point.standardError()).isCloseTo(row[2], relative(row[2]));
      assertThat(point.lower(0.95, BandTransform.LOG)).isCloseTo(row[3], relative(row[3]));
      assertThat(point.upper(0.95, BandTransform.LOG)).isCloseTo(row[4], relative(row[4]));
      assertThat(point.lower(0.95, BandTransform.PLAIN)).isCloseTo(row[5], relative(row[5]));
      assertThat(point.upper(0.95, BandTransform.PLAIN)).isCloseTo(row[6], relative(row[6]));
      assertThat(point.lower(0.95, BandTransform.LOG_LOG)).isCloseTo(row[7], relative(row[7]));
      assertThat(point.upper(0.95, BandTransform.LOG_LOG)).isCloseTo(row[8], relative(row[8]));
    }
    // R prints, for week 23: survival 0.614, std.err 0.1526, lower 0.3769, upper 0.999.
    SurvivalCurve.Point week23 = at(curve, 23);
    assertThat(week23.survival()).isCloseTo(0.614, within(5e-4));
    assertThat(week23.standardError()).isCloseTo(0.1526, within(5e-5));
    assertThat(week23.lower(0.95, BandTransform.LOG)).isCloseTo(0.3769, within(5e-5));
    assertThat(week23.upper(0.95, BandTransform.LOG)).isCloseTo(0.999, within(5e-4));
  }

  @Test
  void whereEveryoneAtRiskEndedTheErrorIsUndefinedAsInR() {
    SurvivalCurve curve = SurvivalCurve.estimate(nonmaintained());
    // R: week 45, n.risk 1, survival 0.0000, std.err NaN, limits NA.
    SurvivalCurve.Point last = at(curve, 45);
    assertEquals(0, last.survival());
    assertThat(last.standardError()).isNaN();
    assertEquals(0, last.lower(0.95, BandTransform.LOG));
    assertThat(last.upper(0.95, BandTransform.LOG)).isNaN();
    // Week 43 (R: 0.0972, 0.0919, 0.0153, 0.620) to full precision.
    SurvivalCurve.Point week43 = at(curve, 43);
    assertThat(week43.standardError()).isCloseTo(0.0918663649675205, relative(0.0918663649675205));
    assertThat(week43.lower(0.95, BandTransform.LOG))
        .isCloseTo(0.015256527170865205, relative(0.015256527170865205));
    assertThat(week43.upper(0.95, BandTransform.LOG))
        .isCloseTo(0.6195486291190555, relative(0.6195486291190555));
    // Before anything ends, S = 1 with no uncertainty: [1, 1] on every scale.
    SurvivalCurve early = SurvivalCurve.estimate(List.of(censored(weeks(1)), ended(weeks(2))));
    SurvivalCurve.Point first = early.points().get(0);
    assertEquals(0, first.standardError());
    for (BandTransform transform : BandTransform.values()) {
      assertEquals(1, first.lower(0.95, transform));
      assertEquals(1, first.upper(0.95, transform));
    }
  }

  @Test
  void theMedianIntervalIsRs() {
    // R, print(survfit(Surv(time, status) ~ x, data = aml)): Maintained median 31, 0.95LCL 18,
    // 0.95UCL NA; Nonmaintained median 23, 0.95LCL 8, 0.95UCL NA.
    QuantileEstimate maintained =
        SurvivalCurve.estimate(maintained()).quantile(0.5, 0.95, BandTransform.LOG);
    assertEquals(Optional.of(weeks(31)), maintained.estimate());
    assertEquals(Optional.of(weeks(18)), maintained.lower());
    assertEquals(Optional.empty(), maintained.upper());
    QuantileEstimate nonmaintained =
        SurvivalCurve.estimate(nonmaintained()).quantile(0.5, 0.95, BandTransform.LOG);
    assertEquals(Optional.of(weeks(23)), nonmaintained.estimate());
    assertEquals(Optional.of(weeks(8)), nonmaintained.lower());
    assertEquals(Optional.empty(), nonmaintained.upper());
    // The first quartile of the nonmaintained arm by the rule on the bands above: S falls to 0.75
    // or below at week 8 (0.667); the lower band (0.647 at week 5) at week 5; the upper band (1 at
    // week 5, 0.9946 at week 8, 0.941 at week 12, 0.883 at 23, 0.816 at 27, 0.741 at 30) at 30.
    QuantileEstimate quartile =
        SurvivalCurve.estimate(nonmaintained()).quantile(0.25, 0.95, BandTransform.LOG);
    assertEquals(Optional.of(weeks(8)), quartile.estimate());
    assertEquals(Optional.of(weeks(5)), quartile.lower());
    assertEquals(Optional.of(weeks(30)), quartile.upper());
    assertThatThrownBy(
            () -> SurvivalCurve.estimate(maintained()).quantile(0.5, 1, BandTransform.LOG))
        .hasMessageContaining("confidence must be strictly between 0 and 1: 1.0");
  }

  @Test
  void theLogRankTestIsRsSurvdiff() {
    Map<String, List<SurvivalCurve.Observation>> groups = new LinkedHashMap<>();
    groups.put("Maintained", maintained());
    groups.put("Nonmaintained", nonmaintained());
    LogRankTest test = LogRankTest.of(groups);
    // R: Maintained N 11 Observed 7 Expected 10.69 (O-E)^2/V 3.4; Nonmaintained 11, 7.31;
    // Chisq = 3.4 on 1 degree of freedom, p = 0.07.
    assertEquals(ImmutableMap.of("Maintained", 7L, "Nonmaintained", 11L), test.observed());
    assertThat(test.expected().get("Maintained")).isCloseTo(10.69, within(5e-3));
    assertThat(test.chiSquare()).isCloseTo(3.4, within(0.05));
    assertEquals(1, test.degreesOfFreedom());
    assertThat(test.pValue()).isCloseTo(0.07, within(0.005));
    // Exactly: E = 10.689335992300725, V = 4.007550745938734, χ² =
    // 97550677664664566281/28721882655548160139, p = erfc(√(χ²/2)).
    assertThat(test.expected().get("Maintained"))
        .isCloseTo(10.689335992300725, relative(10.689335992300725));
    assertThat(test.expected().get("Nonmaintained"))
        .isCloseTo(7.310664007699275, relative(7.310664007699275));
    assertThat(test.variance("Maintained"))
        .isCloseTo(4.007550745938734, relative(4.007550745938734));
    assertThat(test.chiSquare()).isCloseTo(3.396388698977602, relative(3.396388698977602));
    assertThat(test.pValue()).isCloseTo(0.06533932204050492, relative(0.06533932204050492));
  }

  @Test
  void threeGroupsHaveTwoDegreesOfFreedom() {
    // The nonmaintained arm split in two (its first six and its last six): computed as above;
    // for two degrees of freedom p = exp(−χ²/2) exactly.
    Map<String, List<SurvivalCurve.Observation>> groups = new LinkedHashMap<>();
    List<SurvivalCurve.Observation> nonmaintained = new ArrayList<>();
    for (int t : new int[] {5, 5, 8, 8, 12}) {
      nonmaintained.add(ended(weeks(t)));
    }
    nonmaintained.add(censored(weeks(16)));
    List<SurvivalCurve.Observation> later = new ArrayList<>();
    for (int t : new int[] {23, 27, 30, 33, 43, 45}) {
      later.add(ended(weeks(t)));
    }
    groups.put("A", maintained());
    groups.put("B", nonmaintained);
    groups.put("C", later);
    LogRankTest test = LogRankTest.of(groups);
    assertEquals(ImmutableMap.of("A", 7L, "B", 5L, "C", 6L), test.observed());
    assertThat(test.expected().get("B"))
        .isCloseTo(1.1778893098047762, relative(1.1778893098047762));
    assertThat(test.chiSquare()).isCloseTo(16.481134010561725, relative(16.481134010561725));
    assertEquals(2, test.degreesOfFreedom());
    assertThat(test.pValue()).isCloseTo(0.00026373466810245656, relative(0.00026373466810245656));
  }

  @Test
  void badGroupsAreRefusedNamingThem() {
    assertThatThrownBy(() -> LogRankTest.of(Map.of("only", maintained())))
        .hasMessageContaining("two groups or more: [only]");
    Map<String, List<SurvivalCurve.Observation>> empty = new LinkedHashMap<>();
    empty.put("a", maintained());
    empty.put("b", List.of());
    assertThatThrownBy(() -> LogRankTest.of(empty))
        .hasMessageContaining("group 'b' has no observations");
    Map<String, List<SurvivalCurve.Observation>> none = new LinkedHashMap<>();
    none.put("a", List.of(censored(weeks(1))));
    none.put("b", List.of(censored(weeks(2))));
    assertThatThrownBy(() -> LogRankTest.of(none)).hasMessageContaining("nothing ended");
  }
}
