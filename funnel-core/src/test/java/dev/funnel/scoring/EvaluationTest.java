package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  private final Funnel funnel = SampleFunnels.simple();

  /** Scores each lead by its number attribute "s": points, or a probability when it is below 1. */
  static final LeadScorer BY_ATTRIBUTE =
      (lead, now) -> {
        double s = lead.attributes().number("s").orElseThrow();
        return s < 1
            ? Score.probability(List.of(new Contribution("s", Math.log(s / (1 - s)))))
            : Score.points(List.of(new Contribution("s", s)));
      };

  static Lead scored(String id, double s, boolean won) {
    return ClosedLeads.closed(Lead.builder(id).attribute("s", s), 1, won ? "won" : "lost");
  }

  @Test
  void aucDecilesAndLiftOnTenLeads() {
    // Scores 10 … 1 with outcomes W W L W L L W L L L.
    boolean[] won = {true, true, false, true, false, false, true, false, false, false};
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      leads.add(scored("L" + i, 10 - i, won[i]));
    }
    Evaluation evaluation = Evaluation.fromLeads(BY_ATTRIBUTE, funnel, leads);
    // Won 10, 9, 7, 4 against lost 8, 6, 5, 3, 2, 1: 6 + 6 + 5 + 3 = 20 of 24 pairs.
    assertThat(evaluation.auc()).isCloseTo(20.0 / 24, within(1e-12));
    assertThat(evaluation.leads()).isEqualTo(10);
    assertThat(evaluation.won()).isEqualTo(4);
    assertThat(evaluation.deciles()).hasSize(10);
    assertThat(evaluation.deciles())
        .extracting(DecileRow::won)
        .containsExactly(1, 1, 0, 1, 0, 0, 1, 0, 0, 0);
    // Overall conversion 0.4: a won lead alone in its decile has lift 2.5.
    assertThat(evaluation.deciles().get(0).lift()).isCloseTo(2.5, within(1e-12));
    assertThat(evaluation.deciles().get(2).lift()).isZero();
    assertThat(evaluation.deciles().get(0).highestScore()).isEqualTo(10);
    assertThat(evaluation.calibration()).isEmpty(); // points, not probabilities
  }

  @Test
  void tiesCountHalfAndDecilesSplitTwentyLeadsInPairs() {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      leads.add(scored("W" + i, 5, true));
      leads.add(scored("L" + i, 5, false));
    }
    Evaluation evaluation = Evaluation.fromLeads(BY_ATTRIBUTE, funnel, leads);
    assertThat(evaluation.auc()).isCloseTo(0.5, within(1e-12));
    assertThat(evaluation.deciles()).extracting(DecileRow::leads).containsOnly(2);
  }

  @Test
  void aucStaysRightBeyondFortySixThousandWonLeads() {
    // Won × (won + 1) overflowed an int from 46,341 won leads on, which pushed AUC far from 1.
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      leads.add(scored("W" + i, 10, true));
    }
    leads.add(scored("L", 1, false));
    // Every won lead scores above the one lost lead: every pair is ordered, AUC is exactly 1.
    assertThat(Evaluation.fromLeads(BY_ATTRIBUTE, funnel, leads).auc()).isEqualTo(1.0);
  }

  @Test
  void decilesNumberTheirRowsAndGiveTheirScoreRangeAndConversion() {
    // Scores 20 … 1; the top three won: decile 1 holds 20 and 19 (both won), decile 2 holds 18
    // (won) and 17, and so on, decile k holding 22 − 2k and 21 − 2k.
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      leads.add(scored("L" + i, 20 - i, i < 3));
    }
    List<DecileRow> deciles = Evaluation.fromLeads(BY_ATTRIBUTE, funnel, leads).deciles();

    assertThat(deciles)
        .extracting(DecileRow::decile)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(deciles).extracting(DecileRow::highestScore).startsWith(20.0, 18.0, 16.0);
    assertThat(deciles).extracting(DecileRow::lowestScore).startsWith(19.0, 17.0, 15.0);
    assertThat(deciles.get(9).lowestScore()).isEqualTo(1.0);
    assertThat(deciles).extracting(DecileRow::conversion).startsWith(1.0, 0.5, 0.0);
    // Overall conversion 3/20: lift is conversion / 0.15.
    assertThat(deciles.get(1).lift()).isCloseTo(0.5 / 0.15, within(1e-12));
  }

  @Test
  void calibrationComparesPredictedAndObserved() {
    List<Lead> leads = new ArrayList<>();
    // Five leads at 0.15 (one won), five at 0.85 (four won).
    for (int i = 0; i < 5; i++) {
      leads.add(scored("a" + i, 0.15, i == 0));
      leads.add(scored("b" + i, 0.85, i < 4));
    }
    Evaluation evaluation = Evaluation.fromLeads(BY_ATTRIBUTE, funnel, leads);
    assertThat(evaluation.calibration()).hasSize(2);
    CalibrationBin low = evaluation.calibration().get(0);
    assertThat(low.from()).isEqualTo(0.1);
    assertThat(low.to()).isEqualTo(0.2);
    assertThat(low.leads()).isEqualTo(5);
    assertThat(low.meanPredicted()).isCloseTo(0.15, within(1e-12));
    assertThat(low.observedRate()).isEqualTo(0.2);
    assertThat(evaluation.calibration().get(1).observedRate()).isEqualTo(0.8);
  }

  @Test
  void leadsAreScoredAsTheyStoodBeforeClosing() {
    List<String> seen = new ArrayList<>();
    LeadScorer spy =
        (lead, now) -> {
          seen.add(lead.currentStageId() + "@" + now);
          return Score.points(List.of());
        };
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      leads.add(scored("L" + i, 1, i % 2 == 0));
    }
    Evaluation.fromLeads(spy, funnel, leads);
    // Each lead was in "contacted" when it closed on day 2.
    assertThat(seen).containsOnly("contacted@" + T0.plus(java.time.Duration.ofDays(2)));
  }

  @Test
  void rejectsTooFewLeadsAndOneOutcome() {
    assertThatThrownBy(
            () -> Evaluation.fromLeads(BY_ATTRIBUTE, funnel, List.of(scored("a", 1, true))))
        .hasMessageContaining("at least 10 closed leads, got 1");
    List<Lead> allWon = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      allWon.add(scored("W" + i, i + 1, true));
    }
    assertThatThrownBy(() -> Evaluation.fromLeads(BY_ATTRIBUTE, funnel, allWon))
        .hasMessageContaining("10 won and 0 lost");
  }

  @Test
  void splitIsStratifiedDisjointAndReproducible() {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      leads.add(scored("L" + i, 1, i < 30));
    }
    TrainTestSplit split = TrainTestSplit.fromLeads(funnel, leads, 0.2, 7);
    assertThat(split.test()).hasSize(20);
    assertThat(split.train()).hasSize(80);
    assertThat(split.test().stream().filter(l -> l.currentStageId().equals("won")).count())
        .isEqualTo(6);
    Set<Lead> union = new HashSet<>(split.train());
    union.addAll(split.test());
    assertThat(union).hasSize(100);
    assertThat(TrainTestSplit.fromLeads(funnel, leads, 0.2, 7)).isEqualTo(split);
    assertThat(TrainTestSplit.fromLeads(funnel, leads, 0.2, 8).test()).isNotEqualTo(split.test());
    assertThatThrownBy(() -> TrainTestSplit.fromLeads(funnel, leads, 1, 7))
        .hasMessageContaining(": 1.0");
  }
}
