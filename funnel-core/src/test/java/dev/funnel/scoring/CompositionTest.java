package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.model.Lead;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositionTest {
  private static final LeadScorer FIT = points("industry", 40);
  private static final LeadScorer ENGAGEMENT = points("visits", 10);

  private static LeadScorer points(String factor, double fallback) {
    return (lead, now) ->
        Score.points(
            List.of(new Contribution(factor, lead.attributes().number(factor).orElse(fallback))));
  }

  private static Lead lead(String id) {
    return Lead.builder(id).startIn("new", T0).build();
  }

  @Test
  void weightedSumScalesAndPrefixesEveryContribution() {
    WeightedScorer sum =
        WeightedScorer.builder().add("fit", FIT, 0.6).add("engagement", ENGAGEMENT, 0.4).build();
    Score score = sum.score(lead("a"), T0);
    assertThat(score.value()).isCloseTo(0.6 * 40 + 0.4 * 10, within(1e-12));
    assertThat(score.contributions())
        .extracting(Contribution::factor)
        .containsExactly("fit: industry", "engagement: visits");
    LeadScorer probability = (lead, now) -> Score.probability(List.of(new Contribution("x", 0)));
    Score mixed = WeightedScorer.builder().add("p", probability, 100).build().score(lead("b"), T0);
    assertThat(mixed.contributions()).containsExactly(new Contribution("p", 50));
    assertThatThrownBy(() -> WeightedScorer.builder().add("fit", FIT, Double.NaN))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> WeightedScorer.builder().build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void tiersAndGradeMatrix() {
    Tiers tiers = Tiers.of(70, 40);
    assertThat(tiers.tierOf(70)).isEqualTo(Tier.HIGH);
    assertThat(tiers.tierOf(69.9)).isEqualTo(Tier.MEDIUM);
    assertThat(tiers.tierOf(39)).isEqualTo(Tier.LOW);
    assertThatThrownBy(() -> Tiers.of(10, 20))
        .hasMessageContaining("20.0")
        .hasMessageContaining("10.0");
    assertThatThrownBy(() -> tiers.tierOf(Double.NaN)).hasMessageContaining("NaN");

    GradeMatrix matrix = new GradeMatrix(FIT, Tiers.of(30, 20), ENGAGEMENT, Tiers.of(50, 5));
    assertThat(matrix.grade(lead("a"), T0).label()).isEqualTo("A2"); // fit 40, engagement 10
    Lead poorFitBusy =
        Lead.builder("b")
            .attribute("industry", 1)
            .attribute("visits", 80)
            .startIn("new", T0)
            .build();
    assertThat(matrix.grade(poorFitBusy, T0).label()).isEqualTo("C1");
  }

  @Test
  void workListsOrderByScoreOrExpectedValueWithTiesById() {
    Lead a =
        Lead.builder("a")
            .attribute("industry", 10)
            .value(new BigDecimal("1000"))
            .startIn("new", T0)
            .build();
    Lead b =
        Lead.builder("b")
            .attribute("industry", 30)
            .value(new BigDecimal("100"))
            .startIn("new", T0)
            .build();
    Lead c =
        Lead.builder("c")
            .attribute("industry", 30)
            .value(new BigDecimal("500"))
            .startIn("new", T0)
            .build();
    assertThat(WorkList.byScore(FIT, List.of(a, b, c), T0))
        .extracting(item -> item.rank() + ":" + item.lead().id())
        .containsExactly("1:b", "2:c", "3:a");

    LeadScorer winProbability =
        (lead, now) -> {
          double p = lead.attributes().number("industry").orElseThrow() / 100;
          return Score.probability(List.of(new Contribution("p", Math.log(p / (1 - p)))));
        };
    // Expected values: a 0.1 × 1000 = 100, b 0.3 × 100 = 30, c 0.3 × 500 = 150
    List<WorkItem> items = WorkList.byExpectedValue(winProbability, List.of(a, b, c), T0);
    assertThat(items).extracting(item -> item.lead().id()).containsExactly("c", "a", "b");
    assertThat(items.get(0).priority()).isCloseTo(150, within(1e-9));
    assertThatThrownBy(() -> WorkList.byExpectedValue(FIT, List.of(a), T0))
        .hasMessageContaining("lead 'a'")
        .hasMessageContaining("win probability");
  }
}
