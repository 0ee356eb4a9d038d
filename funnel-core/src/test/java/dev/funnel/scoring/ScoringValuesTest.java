package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.testing.EqualsTester;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scoring results that are classes rather than records keep a record's contract: equal when
 * every field is equal, with equal hash codes, and a {@code toString} naming the fields.
 */
class ScoringValuesTest {
  private static final Funnel FUNNEL = SampleFunnels.simple();

  /** EvaluationTest's scorer: points for attribute "s", or a probability when it is below 1. */
  private static final LeadScorer BY_S = EvaluationTest.BY_ATTRIBUTE;

  private static Evaluation evaluate(double... scores) {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      leads.add(EvaluationTest.scored("L" + i, scores[i], i % 2 == 0));
    }
    return Evaluation.fromLeads(BY_S, FUNNEL, leads);
  }

  @Test
  void decilesAndCalibrationBinsAreValues() {
    double[] probabilities = {0.15, 0.15, 0.85, 0.85, 0.55, 0.55, 0.35, 0.35, 0.95, 0.95};
    Evaluation a = evaluate(probabilities);
    Evaluation same = evaluate(probabilities);
    Evaluation other = evaluate(0.15, 0.25, 0.85, 0.75, 0.55, 0.65, 0.35, 0.45, 0.95, 0.05);
    EqualsTester deciles = new EqualsTester();
    for (int i = 0; i < a.deciles().size(); i++) {
      deciles.addEqualityGroup(a.deciles().get(i), same.deciles().get(i));
    }
    deciles.addEqualityGroup(other.deciles().get(9)).testEquals();
    EqualsTester bins = new EqualsTester();
    for (int i = 0; i < a.calibration().size(); i++) {
      bins.addEqualityGroup(a.calibration().get(i), same.calibration().get(i));
    }
    bins.addEqualityGroup(other.calibration().get(0)).testEquals();
    assertThat(a.calibration().get(0).toString()).contains("from=0.1", "leads=2");
    assertThat(a.deciles().get(0).toString()).contains("decile=1");
  }

  @Test
  void workItemsAndGradesAreValues() {
    Lead a = Lead.builder("a").attribute("s", 10).value(BigDecimal.TEN).startIn("new", T0).build();
    Lead b = Lead.builder("b").attribute("s", 30).value(BigDecimal.ONE).startIn("new", T0).build();
    List<WorkItem> items = WorkList.byScore(BY_S, List.of(a, b), T0);
    List<WorkItem> again = WorkList.byScore(BY_S, List.of(a, b), T0);
    new EqualsTester()
        .addEqualityGroup(items.get(0), again.get(0))
        .addEqualityGroup(items.get(1), again.get(1))
        .addEqualityGroup(WorkList.byScore(BY_S, List.of(a), T0).get(0))
        .testEquals();
    assertThat(items.get(0).toString()).contains("rank=1", "priority=30.0");

    GradeMatrix matrix = new GradeMatrix(BY_S, Tiers.of(25, 15), BY_S, Tiers.of(25, 5));
    new EqualsTester()
        .addEqualityGroup(matrix.grade(a, T0), matrix.grade(a, T0))
        .addEqualityGroup(matrix.grade(b, T0))
        .addEqualityGroup(
            new GradeMatrix(BY_S, Tiers.of(25, 5), BY_S, Tiers.of(25, 5)).grade(a, T0))
        .testEquals();
    assertThat(matrix.grade(a, T0).label()).isEqualTo("C2");
    assertThat(matrix.grade(b, T0).label()).isEqualTo("A1");
    assertThat(matrix.grade(b, T0)).hasToString("A1");

    // Hash codes spread: values that differ hash differently (here, not by contract in general).
    assertThat(items.get(0).hashCode()).isNotEqualTo(items.get(1).hashCode());
    assertThat(matrix.grade(a, T0).hashCode()).isNotEqualTo(matrix.grade(b, T0).hashCode());
  }

  @Test
  void hashCodesOfRowsAndScoresSpread() {
    Evaluation evaluation = evaluate(10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(evaluation.deciles().get(0).hashCode())
        .isNotEqualTo(evaluation.deciles().get(9).hashCode());
    Evaluation probabilities = evaluate(0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95);
    assertThat(probabilities.calibration().get(0).hashCode())
        .isNotEqualTo(probabilities.calibration().get(1).hashCode());
    Score one = Score.points(List.of(new Contribution("a", 1)));
    Score sameValueOtherReason = Score.points(List.of(new Contribution("b", 1)));
    Score other = Score.points(List.of(new Contribution("a", 2)));
    assertThat(one.hashCode())
        .isNotEqualTo(sameValueOtherReason.hashCode())
        .isNotEqualTo(other.hashCode());
    assertThat(one).isNotEqualTo(sameValueOtherReason).isNotEqualTo(other);
  }

  @Test
  void toStringsShowWhatAUserNeedsToRecogniseTheValue() {
    Contribution fit = new Contribution("fit", 2.5);
    assertThat(fit).hasToString("fit +2.500");
    assertThat(Score.points(List.of(fit))).hasToString("2.500 points [fit +2.500]");
    assertThat(Score.probability(List.of(new Contribution("x", 0))))
        .hasToString("p=0.5000 [x +0.000]");
    EngagementRule rule = EngagementRule.builder("visits").activity("visit").points(5).build();
    EngagementRule once = EngagementRule.builder("demo").activity("demo").points(20).once().build();
    assertThat(rule).hasToString("visits (5.0 points per visit)");
    assertThat(once).hasToString("demo (20.0 points per demo, once)");
    assertThat(EngagementScoring.builder().rule(rule).build())
        .hasToString("EngagementScoring[visits (5.0 points per visit)]");
    FitScorer fitScorer =
        FitScorer.builder()
            .attribute("big", dev.funnel.model.AttributeType.BOOLEAN)
            .rule(FitRule.isTrue("big company", "big", 10))
            .build();
    assertThat(fitScorer).hasToString("FitScorer[big company (10.0 points)]");
    assertThat(WeightedScorer.builder().add("fit", fitScorer, 0.6).build())
        .hasToString("WeightedScorer{fit=0.6}");
    // Won 10, 8, 6, 4, 2 against lost 9, 7, 5, 3, 1: 5 + 4 + 3 + 2 + 1 = 15 of 25 pairs.
    assertThat(evaluate(10, 9, 8, 7, 6, 5, 4, 3, 2, 1))
        .hasToString("Evaluation[10 leads, 5 won, AUC 0.600]");
  }
}
