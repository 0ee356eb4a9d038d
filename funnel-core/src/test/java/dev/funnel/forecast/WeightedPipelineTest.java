package dev.funnel.forecast;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.ForecastCategory;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedPipelineTest {
  private final Funnel funnel = SampleFunnels.projectSale();

  private static Lead deal(String id, String stage, String value) {
    return Lead.builder(id).value(new BigDecimal(value)).startIn(stage, T0).build();
  }

  @Test
  void weightedPipelineAndCumulativeRollUp() {
    List<Lead> leads =
        List.of(
            deal("a", "approved", "100000"), // 30 %, pipeline
            deal("b", "vendor", "200000"), // 60 %, best case
            deal("c", "negotiation", "50000"), // 80 %, commit
            deal("d", "won", "70000"), // closed
            deal("e", "lost", "90000"), // omitted
            deal("f", "target", "10000")); // 2 %, no category: pipeline

    WeightedPipeline pipeline = WeightedPipeline.fromLeads(funnel, leads);

    // 100,000 × 0.3 + 200,000 × 0.6 + 50,000 × 0.8 + 10,000 × 0.02 = 190,200
    assertThat(pipeline.weightedTotal()).isEqualByComparingTo("190200.00");
    assertThat(pipeline.stages())
        .extracting(WeightedPipeline.StageValue::stageId)
        .containsExactly("target", "potential", "intent", "approved", "vendor", "negotiation");
    assertThat(pipeline.stages().get(4).weighted()).isEqualByComparingTo("120000.00");
    assertThat(pipeline.rollUp().get(ForecastCategory.CLOSED)).isEqualByComparingTo("70000.00");
    assertThat(pipeline.rollUp().get(ForecastCategory.COMMIT)).isEqualByComparingTo("120000.00");
    assertThat(pipeline.rollUp().get(ForecastCategory.BEST_CASE)).isEqualByComparingTo("320000.00");
    assertThat(pipeline.rollUp().get(ForecastCategory.PIPELINE)).isEqualByComparingTo("430000.00");
    assertThat(pipeline.rollUp().get(ForecastCategory.OMITTED)).isEqualByComparingTo("90000.00");
  }

  @Test
  void anOpenStageWithDealsNeedsAWinProbability() {
    Funnel noProbabilities = SampleFunnels.simple();

    assertThat(WeightedPipeline.fromLeads(noProbabilities, List.of()).weightedTotal())
        .isEqualByComparingTo("0");
    assertThatThrownBy(
            () -> WeightedPipeline.fromLeads(noProbabilities, List.of(deal("a", "contacted", "5"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'contacted' holds 1 leads but has no win probability");
  }

  @Test
  void aDealGivenTwiceIsRejected() {
    Lead a = deal("a", "approved", "100000");

    assertThatThrownBy(() -> WeightedPipeline.fromLeads(funnel, List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lead 'a' is given twice; each deal counts once");
  }
}
