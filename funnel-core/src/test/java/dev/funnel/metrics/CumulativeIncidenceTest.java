package dev.funnel.metrics;

import static dev.funnel.metrics.CumulativeIncidence.Observation.ended;
import static dev.funnel.metrics.CumulativeIncidence.Observation.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Aalen–Johansen cumulative incidence of won and lost, worked by hand in fractions for eight
 * deals: won on days 2, 3, 6 and 7, lost on days 3 and 5, open after 4 and 7 days.
 */
class CumulativeIncidenceTest {
  private static Duration days(int n) {
    return Duration.ofDays(n);
  }

  private static List<CumulativeIncidence.Observation> deals() {
    return List.of(
        ended(days(2), "won"),
        ended(days(3), "lost"),
        ended(days(3), "won"),
        open(days(4)),
        ended(days(5), "lost"),
        ended(days(6), "won"),
        open(days(7)),
        ended(days(7), "won"));
  }

  @Test
  void incidencesAreTheHandWorkedFractions() {
    CumulativeIncidence incidence = CumulativeIncidence.estimate(deals());
    // Day 2: 1 of 8 won: F_won = 1/8, S = 7/8. Day 3: of 7, one won and one lost, each S·1/7 =
    // 1/8: F_won = 2/8, F_lost = 1/8, S = 5/8. Day 5: of 4 (one left open on day 4), one lost:
    // F_lost += 5/8·1/4 → 9/32, S = 15/32. Day 6: of 3, one won: F_won += 15/32·1/3 → 13/32, S =
    // 10/32. Day 7: of 2 (the open deal counts at its own time), one won: F_won += 10/32·1/2 →
    // 18/32, S = 5/32.
    assertEquals(1.0 / 8, incidence.at("won", days(2)), 1e-15);
    assertEquals(2.0 / 8, incidence.at("won", days(3)), 1e-15);
    assertEquals(1.0 / 8, incidence.at("lost", days(3)), 1e-15);
    assertEquals(9.0 / 32, incidence.at("lost", days(5)), 1e-15);
    assertEquals(13.0 / 32, incidence.at("won", days(6)), 1e-15);
    assertEquals(18.0 / 32, incidence.at("won", days(7)), 1e-15);
    assertEquals(9.0 / 32, incidence.at("lost", days(100)), 1e-15);
    assertEquals(5.0 / 32, incidence.openAt(days(7)), 1e-15);
    assertEquals(0, incidence.at("won", days(1)));
    // Won, lost and still open add up to 1 at every time.
    for (CumulativeIncidence.Point point : incidence.points()) {
      double sum = point.open();
      for (double f : point.incidence().values()) {
        sum += f;
      }
      assertEquals(1, sum, 1e-15, point.toString());
    }
    assertThat(incidence.outcomes()).containsExactly("lost", "won");
  }

  @Test
  void theKaplanMeierCurveOfWinningOverstatesIt() {
    // Lost deals censored: S_win = 7/8 · 6/7 · 2/3 · 1/2 = 1/4 by day 7, so "P(won)" = 3/4,
    // against the cumulative incidence 18/32 = 9/16.
    List<SurvivalCurve.Observation> asCensored = new ArrayList<>();
    for (CumulativeIncidence.Observation deal : deals()) {
      asCensored.add(
          new SurvivalCurve.Observation(
              deal.time(), deal.outcome().map("won"::equals).orElse(false)));
    }
    assertEquals(0.75, 1 - SurvivalCurve.estimate(asCensored).survivalAt(days(7)), 1e-15);
    assertEquals(9.0 / 16, CumulativeIncidence.estimate(deals()).at("won", days(7)), 1e-15);
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> CumulativeIncidence.estimate(List.of()))
        .hasMessageContaining("needs observations");
    assertThatThrownBy(() -> CumulativeIncidence.estimate(deals()).at("abandoned", days(1)))
        .hasMessageContaining("no outcome 'abandoned'; the outcomes are [lost, won]");
    assertThatThrownBy(() -> ended(days(1), " "))
        .hasMessageContaining("an outcome must not be blank");
  }

  @Test
  void aSalesCycleGivesTheIncidenceOfWonAndLost() {
    dev.funnel.model.Funnel funnel =
        dev.funnel.model.Funnel.builder("sales")
            .stage(dev.funnel.model.Stage.open("new"))
            .stage(dev.funnel.model.Stage.won("won"))
            .stage(dev.funnel.model.Stage.lost("lost"))
            .build();
    java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
    dev.funnel.model.Lead open = dev.funnel.model.Lead.builder("a").startIn("new", start).build();
    dev.funnel.model.Lead won =
        open.toBuilder().build().withStageChange("won", start.plus(days(10)), "signed");
    dev.funnel.model.Lead lost =
        dev.funnel.model.Lead.builder("c")
            .startIn("new", start)
            .build()
            .withStageChange("lost", start.plus(days(20)), "no budget");
    CumulativeIncidence outcomes =
        SalesCycle.fromLeads(funnel, List.of(open, won, lost), start.plus(days(30))).outcomes();
    // Day 10: one of three won (1/3); day 20: one of the two left lost (2/3 · 1/2 = 1/3).
    assertEquals(1.0 / 3, outcomes.at("won", days(30)), 1e-15);
    assertEquals(1.0 / 3, outcomes.at("lost", days(30)), 1e-15);
    assertEquals(1.0 / 3, outcomes.openAt(days(30)), 1e-15);
  }
}
