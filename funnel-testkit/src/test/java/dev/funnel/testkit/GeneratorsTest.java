package dev.funnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.events.Dialect;
import dev.funnel.events.EventBatch;
import dev.funnel.events.WindowFunnel;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

  @Test
  void aFalsifiedPropertyShrinksToTheSmallestLog() {
    // False for every log of three rows or more: QuickTheories reports the smallest it finds.
    Throwable failure =
        catchThrowable(
            () ->
                qt().withExamples(200)
                    .withFixedSeed(3)
                    .forAll(EventLogs.logs(7))
                    .check(log -> log.size() < 3));
    assertThat(failure).isInstanceOf(AssertionError.class);
    assertThat(failure.getMessage()).contains("EventLog[0@0:0, 0@0:0, 0@0:0]");
  }

  @Test
  void dialectFunnelsDrawEveryEngineAndShrinkToClickHousesDefault() {
    Set<Dialect.Engine> engines = EnumSet.noneOf(Dialect.Engine.class);
    qt().withExamples(300)
        .withFixedSeed(6)
        .forAll(WindowFunnels.dialectFunnels(7))
        .checkAssert(funnel -> engines.add(funnel.dialect().orElseThrow().engine()));
    assertThat(engines).containsExactlyInAnyOrder(Dialect.Engine.values());

    Throwable failure =
        catchThrowable(
            () ->
                qt().withExamples(300)
                    .withFixedSeed(7)
                    .forAll(WindowFunnels.dialectFunnels(7))
                    .check(funnel -> funnel.window() > 5));
    assertThat(failure.getMessage()).contains("window=0").contains("dialect=CLICKHOUSE[]");
  }

  @Test
  void funnelsHaveRequiredEndsAndOneWonStage() {
    qt().withExamples(200)
        .withFixedSeed(4)
        .forAll(Funnels.funnels())
        .checkAssert(
            funnel -> {
              List<dev.funnel.model.Stage> open =
                  funnel.stages().stream().filter(s -> s.kind() == StageKind.OPEN).toList();
              assertThat(open).isNotEmpty();
              assertThat(open.get(0).optional()).isFalse();
              assertThat(open.get(open.size() - 1).optional()).isFalse();
              assertThat(funnel.stages().stream().filter(s -> s.kind() == StageKind.WON))
                  .hasSize(1);
            });
  }

  @Test
  void dealBooksHaveDistinctIdsAndLeadsStartInTheEntryStage() {
    qt().withExamples(200)
        .withFixedSeed(5)
        .forAll(
            Funnels.funnels().flatMap(f -> Leads.dealBooks(f, 6).map(book -> Map.entry(f, book))))
        .checkAssert(
            funnelAndBook -> {
              Funnel funnel = funnelAndBook.getKey();
              List<Lead> book = funnelAndBook.getValue();
              assertThat(new HashSet<>(book.stream().map(Lead::id).toList())).hasSize(book.size());
              for (Lead lead : book) {
                StageVisit first = lead.history().get(0);
                assertThat(first.entered()).isEqualTo(Leads.START);
                assertThat(first.stageId()).isEqualTo(funnel.entryStage().id());
                for (StageVisit visit : lead.history()) {
                  funnel.stage(visit.stageId()); // every stage is the funnel's
                }
              }
            });
  }

  @Test
  void activityHistoriesAreInTimeOrder() {
    qt().withExamples(200)
        .withFixedSeed(6)
        .forAll(Activities.histories(10))
        .checkAssert(
            history -> {
              for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).at()).isAfterOrEqualTo(history.get(i - 1).at());
              }
              history.forEach(a -> assertThat(Activities.TYPES).contains(a.type()));
            });
  }

  @Test
  void aLogBecomesABatchOfEachLayoutWithTheSameRows() {
    EventLog log = EventLog.of(new long[] {2, 1, 2}, new long[] {5, 9, 1}, new int[] {0, 1, 2});
    // Each batch keeps the order its layout promises, or the aggregation would refuse it.
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(3).step(2).step(0).window(10).build();
    for (EventBatch.Layout layout : EventBatch.Layout.values()) {
      assertThat(funnel.aggregate(log.batch(layout)).counts().exactly(2)).as("%s", layout).isOne();
    }
    assertThat(log).hasToString("EventLog[2@5:0, 1@9:1, 2@1:2]");
    assertThat(log.ofSubject(2).times()).containsExactly(5, 1);
  }
}
