package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.scoring.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Correlation of signals with converting. References: PostHog's odds ratio with its +1 prior and
 * its guards (posthog {@code funnel_correlation_query_runner.py}: {@code get_entity_odds_ratio},
 * {@code MIN_PERSON_COUNT = 25}, {@code MIN_PERSON_PERCENTAGE = 0.02}, skewed beyond 1 : 10);
 * Woolf's interval on the same cells, Fisher's exact p-value (exact fractions) and
 * Benjamini–Hochberg across the kept signals, all evaluated in Python 3.11.
 */
class CorrelationAnalysisTest {
  private static Offset<Double> relative(double expected) {
    return within(Math.abs(expected) * 1e-9);
  }

  /** 60 converted, 140 dropped off; each signal on the first {@code s} and {@code f} of them. */
  private static CorrelationAnalysis sample() {
    CorrelationAnalysis.Builder analysis = CorrelationAnalysis.builder();
    String[] names = {
      "saw pricing", "source = referral", "source = web", "webinar", "trial = true", "rare"
    };
    int[][] counts = {{40, 40}, {30, 20}, {20, 100}, {10, 20}, {15, 20}, {2, 1}};
    for (int converted = 0; converted < 2; converted++) {
      int total = converted == 1 ? 60 : 140;
      for (int i = 0; i < total; i++) {
        List<String> signals = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
          if (i < counts[k][converted == 1 ? 0 : 1]) {
            signals.add(names[k]);
          }
        }
        analysis.subject(converted == 1, signals);
      }
    }
    return analysis.build();
  }

  @Test
  void oddsRatiosIntervalsAndCorrectedPValues() {
    CorrelationAnalysis analysis = sample();
    assertEquals(60, analysis.converted());
    assertEquals(140, analysis.droppedOff());
    assertThat(analysis.isSkewed()).isFalse();
    // "rare" is seen by 3, under min(25, 2 % of 200 = 4): left out.
    assertThat(analysis.signals())
        .extracting(CorrelationAnalysis.SignalCorrelation::signal)
        .containsExactlyInAnyOrder(
            "saw pricing", "source = referral", "source = web", "webinar", "trial = true");
    double[][] expected = {
      // odds ratio, lower, upper, p, corrected p
      {
        4.809523809523809,
        2.538506963947795,
        9.112253621082491,
        7.140684356310615e-07,
        1.1901140593851026e-06
      },
      {
        5.761904761904762,
        2.9188422308476216,
        11.374217535430045,
        2.7785533474604205e-07,
        1.1901140593851026e-06
      },
      {
        0.2079207920792079,
        0.10974233615341414,
        0.3939323445640014,
        7.140684356310615e-07,
        1.1901140593851026e-06
      },
      {
        1.242763772175537,
        0.5586819735104188,
        2.764474006074526,
        0.6697663082188668,
        0.6697663082188668
      },
      {
        2.0041407867494825,
        0.9622730062650218,
        4.174054833672242,
        0.10271585729269309,
        0.12839482161586635
      },
    };
    String[] names = {
      "saw pricing", "source = referral", "source = web", "webinar", "trial = true"
    };
    for (int k = 0; k < names.length; k++) {
      String name = names[k];
      CorrelationAnalysis.SignalCorrelation signal =
          analysis.signals().stream()
              .filter(s -> s.signal().equals(name))
              .findFirst()
              .orElseThrow();
      assertThat(signal.oddsRatio()).as(name).isCloseTo(expected[k][0], relative(expected[k][0]));
      assertThat(signal.oddsRatioInterval().lower())
          .as(name)
          .isCloseTo(expected[k][1], relative(expected[k][1]));
      assertThat(signal.oddsRatioInterval().upper())
          .as(name)
          .isCloseTo(expected[k][2], relative(expected[k][2]));
      assertThat(signal.pValue()).as(name).isCloseTo(expected[k][3], relative(expected[k][3]));
      assertThat(signal.adjustedPValue())
          .as(name)
          .isCloseTo(expected[k][4], relative(expected[k][4]));
    }
    assertThat(analysis.positive(2))
        .extracting(CorrelationAnalysis.SignalCorrelation::signal)
        .containsExactly("source = referral", "saw pricing");
    assertThat(analysis.negative(5))
        .extracting(CorrelationAnalysis.SignalCorrelation::signal)
        .containsExactly("source = web");
    assertThat(analysis.signals().get(analysis.signals().size() - 1).signal()).isEqualTo("webinar");
  }

  @Test
  void lopsidedTotalsAreFlaggedAndOneOutcomeIsRefused() {
    CorrelationAnalysis.Builder skewed = CorrelationAnalysis.builder();
    for (int i = 0; i < 5; i++) {
      skewed.subject(true, List.of("a"));
    }
    for (int i = 0; i < 51; i++) {
      skewed.subject(false, List.of());
    }
    assertThat(skewed.build().isSkewed()).isTrue();
    CorrelationAnalysis.Builder none = CorrelationAnalysis.builder().subject(true, List.of("a"));
    assertThatThrownBy(none::build).hasMessageContaining("converted and who dropped off: 1 and 0");
  }

  @Test
  void fromLeadsTheSignalsAreSourcesSegmentsAndAttributes() {
    Funnel funnel =
        Funnel.builder("sales")
            .stage(Stage.open("new"))
            .stage(Stage.open("demo"))
            .stage(Stage.won("won"))
            .stage(Stage.lost("lost"))
            .build();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Lead lead =
          Lead.builder("L" + i)
              .source(i % 2 == 0 ? "referral" : "web")
              .attribute("trial", i % 4 == 0)
              .attribute("employees", 10.0 * i)
              .startIn("new", start)
              .build();
      // Referrals reach the demo three times in four, web leads one time in four.
      boolean demo = i % 2 == 0 ? i % 8 != 6 : i % 8 == 1;
      if (demo) {
        lead = lead.withStageChange("demo", start.plus(Duration.ofDays(2)), "booked");
      }
      leads.add(lead);
    }
    CorrelationAnalysis analysis = CorrelationAnalysis.fromLeads(funnel, leads, "new", "demo");
    assertEquals(20, analysis.converted());
    CorrelationAnalysis.SignalCorrelation referral =
        analysis.signals().stream()
            .filter(s -> s.signal().equals("source = referral"))
            .findFirst()
            .orElseThrow();
    assertEquals(15, referral.convertedWith());
    assertEquals(5, referral.droppedOffWith());
    // Numbers are not signals; booleans are, as name = value.
    assertThat(analysis.signals())
        .extracting(CorrelationAnalysis.SignalCorrelation::signal)
        .contains("trial = true", "trial = false")
        .noneMatch(s -> s.startsWith("employees"));
  }

  @Test
  void fromLeadsActivitiesBetweenTheStagesAreSignals() {
    Funnel funnel =
        Funnel.builder("sales")
            .stage(Stage.open("new"))
            .stage(Stage.open("demo"))
            .stage(Stage.won("won"))
            .build();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Instant demoDay = start.plus(Duration.ofDays(5));
    List<Lead> leads = new ArrayList<>();
    Map<String, List<Activity>> activities = new HashMap<>();
    // Four leads book a demo on day 5, four do not. Leads 0–2 (all booked) and 4 (did not) had a
    // call on day 2; lead 3 (booked) called only on day 6, after its demo, which does not count;
    // lead 5 (did not book) called on day 1 before coming in (day 0 is when all came in: counts).
    for (int i = 0; i < 8; i++) {
      Lead lead = Lead.builder("L" + i).startIn("new", start).build();
      if (i < 4) {
        lead = lead.withStageChange("demo", demoDay, "booked");
      }
      leads.add(lead);
    }
    for (int i : new int[] {0, 1, 2, 4}) {
      activities.put("L" + i, List.of(Activity.of("call", start.plus(Duration.ofDays(2)))));
    }
    activities.put("L3", List.of(Activity.of("call", start.plus(Duration.ofDays(6)))));
    activities.put("L5", List.of(Activity.of("call", start.plus(Duration.ofDays(1)))));
    CorrelationAnalysis analysis =
        CorrelationAnalysis.fromLeads(funnel, leads, activities, "new", "demo");
    CorrelationAnalysis.SignalCorrelation call =
        analysis.signals().stream()
            .filter(s -> s.signal().equals("activity = call"))
            .findFirst()
            .orElseThrow();
    // With a call: L0, L1, L2 converted; L4 and L5 dropped off. L3's call came after its demo.
    assertEquals(3, call.convertedWith());
    assertEquals(2, call.droppedOffWith());
    // PostHog's odds ratio with its +1 prior: ((3+1)/(2+1)) / ((1+1)/(2+1)) = 2.
    assertEquals(2.0, call.oddsRatio(), 1e-12);
  }

  /**
   * Nine subjects of an event log, counted by hand: the signals between reaching "cart" and
   * reaching "buy" (or the end of the window, 100 after "visit"); the odds ratios by PostHog's
   * formula with its +1 prior, worked out below; Fisher's p-values, exact fractions, are all 1 at
   * these counts.
   */
  @Test
  void fromEventsTheSignalsAreWhatSubjectsDidBetweenTheSteps() {
    dev.funnel.events.WindowFunnel funnel =
        dev.funnel.events.WindowFunnel.builder()
            .eventCodes(6)
            .step(0)
            .step(1)
            .step(2)
            .window(100)
            .build();
    List<String> names = List.of("visit", "cart", "buy", "coupon", "support", "video");
    long[][] events = {
      {1, 0, 0},
      {1, 10, 1},
      {1, 20, 3},
      {1, 30, 2}, // converted with coupon
      {2, 0, 0},
      {2, 10, 1},
      {2, 15, 3},
      {2, 16, 4},
      {2, 40, 2}, // converted with coupon, support
      {3, 0, 0},
      {3, 5, 1},
      {3, 50, 2}, // converted with nothing
      {4, 0, 0},
      {4, 10, 1},
      {4, 20, 4}, // dropped off with support
      {5, 0, 0},
      {5, 10, 1},
      {5, 50, 5},
      {5, 60, 4}, // dropped off with video, support
      {6, 0, 0},
      {6, 10, 1},
      {6, 150, 5}, // dropped off; video after the window
      {7, 0, 0},
      {7, 5, 3},
      {7, 10, 1},
      {7, 20, 2}, // converted; coupon before the cart
      {8, 0, 0}, // never reached the cart
      {9, 0, 0},
      {9, 10, 1},
      {9, 12, 3}, // dropped off with coupon
    };
    long[] subjects = new long[events.length];
    long[] times = new long[events.length];
    int[] codes = new int[events.length];
    for (int i = 0; i < events.length; i++) {
      subjects[i] = events[i][0];
      times[i] = events[i][1];
      codes[i] = (int) events[i][2];
    }
    CorrelationAnalysis analysis =
        CorrelationAnalysis.fromEvents(funnel, subjects, times, codes, names, 2);
    assertEquals(4, analysis.converted());
    assertEquals(4, analysis.droppedOff());
    assertThat(analysis.signals())
        .extracting(CorrelationAnalysis.SignalCorrelation::signal)
        .containsExactlyInAnyOrder("coupon", "support", "video");
    // coupon: 2 converted and 1 dropped off with it: (2+1)(4−1+1) / ((4−2+1)(1+1)) = 12/6 = 2.
    // support: 1 and 2: (1+1)(4−2+1) / ((4−1+1)(2+1)) = 6/12 = 0.5.
    // video: 0 and 1: (0+1)(4−1+1) / ((4−0+1)(1+1)) = 4/10 = 0.4.
    double[][] expected = {{2, 1, 2}, {1, 2, 0.5}, {0, 1, 0.4}};
    String[] signals = {"coupon", "support", "video"};
    for (int k = 0; k < signals.length; k++) {
      String name = signals[k];
      CorrelationAnalysis.SignalCorrelation signal =
          analysis.signals().stream()
              .filter(s -> s.signal().equals(name))
              .findFirst()
              .orElseThrow();
      assertEquals((long) expected[k][0], signal.convertedWith(), name);
      assertEquals((long) expected[k][1], signal.droppedOffWith(), name);
      assertEquals(expected[k][2], signal.oddsRatio(), 1e-12, name);
      assertEquals(1, signal.pValue(), 1e-12, name);
    }
    assertThatThrownBy(
            () -> CorrelationAnalysis.fromEvents(funnel, subjects, times, codes, names, 3))
        .hasMessageContaining("step must be between 1 and 2");
  }
}
