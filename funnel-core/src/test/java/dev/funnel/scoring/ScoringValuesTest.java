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
  }
}
