package dev.funnel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.funnel.forecast.WeightedPipeline;
import dev.funnel.metrics.StepConversion;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StaleLead;
import dev.funnel.model.StaleLeadPolicy;
import dev.funnel.rules.TransitionEngine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline report over a store, against numbers worked by hand for five leads. */
class PipelineReportTest {
  private static final Instant DAY0 = Instant.parse("2026-02-02T09:00:00Z");

  private static final Funnel FUNNEL =
      Funnel.builder("sales")
          .stage(Stage.open("new").winProbability(0.1))
          .stage(Stage.open("qualified").winProbability(0.3))
          .stage(Stage.open("proposal").winProbability(0.6))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();

  private static Instant day(int n) {
    return DAY0.plus(Duration.ofDays(n));
  }

  /** A lead created in "new" on day 0 that moved to each stage on the given day. */
  private static Lead lead(String id, int value, Object... moves) {
    Lead lead = Lead.builder(id).value(BigDecimal.valueOf(value)).startIn("new", DAY0).build();
    for (int i = 0; i < moves.length; i += 2) {
      lead = lead.withStageChange((String) moves[i], day((Integer) moves[i + 1]), "moved");
    }
    return lead;
  }

  private static LeadStore store() {
    LeadStore store = InMemoryLeadStore.of(TransitionEngine.builder(FUNNEL).build());
    store.add(lead("E", 700, "lost", 4));
    store.add(lead("A", 1_000));
    store.add(lead("C", 5_000, "qualified", 1, "proposal", 3));
    store.add(lead("B", 2_000, "qualified", 2));
    store.add(lead("D", 4_000, "qualified", 1, "proposal", 2, "won", 5));
    return store;
  }

  @Test
  void fiveLeadsWorkedByHand() {
    StaleLeadPolicy policy =
        StaleLeadPolicy.builder(FUNNEL)
            .maxTimeIn("new", Duration.ofDays(5))
            .maxTimeIn("qualified", Duration.ofDays(7))
            .build();
    PipelineReport report = PipelineReport.of(FUNNEL, store(), policy, day(10));

    // Reached: new all five; qualified B, C, D; proposal C, D; won D (E was lost from new).
    assertThat(report.conversion().steps())
        .extracting(StepConversion::step, StepConversion::count)
        .containsExactly(
            tuple("new", 5L), tuple("qualified", 3L), tuple("proposal", 2L), tuple("won", 1L));
    // Days in "new": A 10, B 2, C 1, D 1, E 4 → median 2; in "qualified": B 8, C 2, D 1 → 2.
    assertThat(report.conversion().step("new").timeInStage().flatMap(s -> s.median()))
        .contains(Duration.ofDays(2));
    assertThat(report.conversion().step("qualified").timeInStage().flatMap(s -> s.median()))
        .contains(Duration.ofDays(2));
    // Open value: A 1,000 × 0.1 + B 2,000 × 0.3 + C 5,000 × 0.6 = 100 + 600 + 3,000.
    assertThat(report.pipeline().weightedTotal()).isEqualByComparingTo("3700.00");
    assertThat(report.pipeline().stages())
        .extracting(WeightedPipeline.StageValue::stageId, WeightedPipeline.StageValue::deals)
        .containsExactly(tuple("new", 1L), tuple("qualified", 1L), tuple("proposal", 1L));
    // A has sat in "new" 10 days (limit 5: 5 over), B in "qualified" 8 (limit 7: 1 over).
    assertThat(report.staleLeads())
        .extracting(s -> s.lead().id(), StaleLead::overdueBy)
        .containsExactly(tuple("A", Duration.ofDays(5)), tuple("B", Duration.ofDays(1)));
    assertThat(report.asOf()).isEqualTo(day(10));
  }

  @Test
  void aLeadInAStageWithoutAWinProbabilityNamesTheStage() {
    Funnel bare = Funnel.of("bare", "new", "qualified");
    LeadStore store = InMemoryLeadStore.of(TransitionEngine.builder(bare).build());
    store.add(Lead.builder("A").startIn("new", DAY0).build());
    StaleLeadPolicy none = StaleLeadPolicy.builder(bare).build();
    assertThatThrownBy(() -> PipelineReport.of(bare, store, none, day(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'new'");
  }

  @Test
  void idsInCodePointOrderNotUtf16Order() {
    // U+FFFD is one UTF-16 unit 0xFFFD; U+1F600 is the pair 0xD83D 0xDE00. compareTo puts the
    // emoji first (0xD83D < 0xFFFD); by code point (and by UTF-8 bytes) U+FFFD comes first.
    String replacement = "\uFFFD";
    String emoji = "\uD83D\uDE00";
    assertThat(emoji.compareTo(replacement)).isNegative();
    assertThat(LeadStore.idOrder().compare(replacement, emoji)).isNegative();
    assertThat(LeadStore.idOrder().compare("L1", "L10")).isNegative();
    assertThat(LeadStore.idOrder().compare("L2", "L10")).isPositive();
    assertThat(LeadStore.idOrder().compare("é", "é")).isZero();
  }

  @Test
  void thePipelineInIdOrderRefusesLeadsOutOfOrderOrTwice() {
    Lead a = lead("A", 1);
    Lead b = lead("B", 1);
    assertThat(
            WeightedPipeline.fromLeadsInIdOrder(FUNNEL, List.of(a, b), LeadStore.idOrder())
                .weightedTotal())
        .isEqualByComparingTo("0.20");
    assertThatThrownBy(
            () -> WeightedPipeline.fromLeadsInIdOrder(FUNNEL, List.of(b, a), LeadStore.idOrder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'A' follows 'B'");
    assertThatThrownBy(
            () -> WeightedPipeline.fromLeadsInIdOrder(FUNNEL, List.of(a, a), LeadStore.idOrder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'A' follows 'A'");
  }
}
