package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnelOracle;
import dev.funnel.testkit.WindowFunnels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The time-ordered stream against one batch of the same events (which the other property tests hold
 * to the brute-force oracle), and against the oracle directly where it covers the funnel.
 */
class TimeOrderedStreamTest {
  private static final long SEED = 20261207L;

  /**
   * Ids as a reader gives them (small), spread far apart, negative, small and then one huge (which
   * makes the stream compact its state midway), or small with gaps (on several pages of state).
   */
  private static final List<LongUnaryOperator> IDS =
      List.of(
          id -> id,
          id -> id * 1_000_003L + 70_000,
          id -> -1 - id,
          id -> id == 3 ? Long.MAX_VALUE : id,
          id -> id * 5,
          id -> id * 700);

  @Test
  void aStreamInAnyBatchesEqualsOneBatch() {
    qt().withFixedSeed(SEED)
        .withExamples(1500)
        .forAll(
            WindowFunnels.funnels(7),
            EventLogs.logs(7),
            Orders.keys(),
            integers().between(0, IDS.size() - 1))
        .checkAssert((funnel, log, keys, ids) -> checkStream(funnel, log, keys, IDS.get(ids)));
  }

  @Test
  void aStreamOfEveryDialectEqualsOneBatch() {
    qt().withFixedSeed(SEED)
        .withExamples(1000)
        .forAll(
            WindowFunnels.dialectFunnels(7),
            EventLogs.logs(7),
            Orders.keys(),
            integers().between(0, IDS.size() - 1))
        .checkAssert((funnel, log, keys, ids) -> checkStream(funnel, log, keys, IDS.get(ids)));
  }

  @Test
  void countsOnlyEqualTheOracle() {
    qt().withFixedSeed(SEED)
        .withExamples(1000)
        .forAll(WindowFunnels.defaultPolicyFunnels(7), EventLogs.logs(7), Orders.keys())
        .checkAssert(
            (funnel, log, keys) -> {
              TimeOrderedStream stream = funnel.aggregation().timeOrderedStream();
              for (EventLog batch : cuts(log.ordered(EventBatch.Layout.TIME_ORDERED), keys)) {
                stream.add(batch.batch(EventBatch.Layout.TIME_ORDERED));
              }
              assertThat(stream.finish().counts())
                  .isEqualTo(WindowFunnelOracle.counts(funnel, log));
            });
  }

  private static void checkStream(
      WindowFunnel funnel, EventLog log, List<Integer> keys, LongUnaryOperator ids) {
    long[] subjects = log.subjects();
    for (int i = 0; i < subjects.length; i++) {
      subjects[i] = ids.applyAsLong(subjects[i]);
    }
    EventLog ordered =
        EventLog.of(subjects, log.times(), log.codes()).ordered(EventBatch.Layout.TIME_ORDERED);
    Map<Long, SubjectResult> expected = new HashMap<>();
    FunnelResult one =
        funnel
            .aggregation()
            .conversionTimes(Duration.ofMillis(1))
            .subjects(expected::put)
            .run(ordered.batch(EventBatch.Layout.TIME_ORDERED));

    Map<Long, SubjectResult> streamed = new HashMap<>();
    TimeOrderedStream stream =
        funnel
            .aggregation()
            .conversionTimes(Duration.ofMillis(1))
            .subjects(streamed::put)
            .timeOrderedStream();
    // Small chunks sorted by digits of one bit or three, so that every path is taken on small logs.
    int chunk = 1 + (keys.isEmpty() ? 0 : keys.get(0) % 5);
    stream.tuned(chunk, 1);
    TimeOrderedStream countsOnly = funnel.aggregation().timeOrderedStream().tuned(chunk + 1, 3);
    for (EventLog batch : cuts(ordered, keys)) {
      stream.add(batch.batch(EventBatch.Layout.TIME_ORDERED));
      countsOnly.add(batch.batch(EventBatch.Layout.TIME_ORDERED));
    }
    assertThat(stream.subjects()).isEqualTo(expected.size());
    assertThat(stream.events()).isEqualTo(log.size());
    assertThat(stream.finish()).isEqualTo(one);
    assertThat(streamed).isEqualTo(expected);
    assertThat(countsOnly.finish().counts()).isEqualTo(one.counts());
  }

  /**
   * Returns consecutive runs of the log, the k-th of {@code 1 + key(k) % 4} rows, cut anywhere:
   * also among events of one subject and one timestamp, which the stream must still put in chain
   * order.
   */
  private static List<EventLog> cuts(EventLog log, List<Integer> keys) {
    List<EventLog> batches = new ArrayList<>();
    int from = 0;
    for (int k = 0; from < log.size(); k++) {
      int to =
          Math.min(log.size(), from + 1 + (keys.isEmpty() ? 0 : keys.get(k % keys.size())) % 4);
      List<Integer> rows = new ArrayList<>();
      for (int i = from; i < to; i++) {
        rows.add(i);
      }
      batches.add(Orders.select(log, rows));
      from = to;
    }
    return batches;
  }

  /**
   * A hand-worked tie across a batch boundary: step 1 is code 0, step 2 code 1, window 10. Subject
   * 7's events at time 5 come step 2 first, then step 1, in two batches; put in chain order (step 1
   * first, as the library documents for equal timestamps) they make a chain of two steps.
   */
  @Test
  void eventsOfOneTimestampInTwoBatchesArePutInChainOrder() {
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10).build();
    TimeOrderedStream stream = funnel.aggregation().timeOrderedStream();
    stream.add(EventBatch.timeOrdered(new long[] {7}, new long[] {5}, new int[] {1}));
    stream.add(EventBatch.timeOrdered(new long[] {7, 8}, new long[] {5, 6}, new int[] {0, 0}));

    assertThat(stream.finish().counts()).isEqualTo(LevelCounts.ofExactly(0, 1, 1));
  }

  @Test
  void aRejectedBatchLeavesTheStreamAsItWas() {
    WindowFunnel funnel =
        WindowFunnel.builder().eventCodes(3).step(0).step(1).step(2).window(100).build();
    TimeOrderedStream stream = funnel.aggregation().timeOrderedStream();
    stream.add(EventBatch.timeOrdered(new long[] {1, 2}, new long[] {0, 5}, new int[] {0, 0}));

    assertThatThrownBy(
            () ->
                stream.add(
                    EventBatch.timeOrdered(
                        new long[] {1, 2, 2}, new long[] {6, 9, 8}, new int[] {1, 1, 2})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch promised TIME_ORDERED order, but timestamp 8 at index 2 is before 9");
    assertThatThrownBy(
            () -> stream.add(EventBatch.timeOrdered(new long[] {1}, new long[] {4}, new int[] {1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "batch promised TIME_ORDERED order, but timestamp 4 at index 0 is before 5, the last"
                + " of the previous batch");
    assertThatThrownBy(
            () ->
                stream.add(
                    EventBatch.timeOrdered(new long[] {1, 1}, new long[] {6, 7}, new int[] {1, 3})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event code 3 at index 1 is outside the declared range [0, 3)");
    assertThatThrownBy(() -> stream.add(EventBatch.grouped(new long[0], new long[0], new int[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a time-ordered stream takes TIME_ORDERED batches, not GROUPED");
    assertThat(stream.events()).isEqualTo(2);
    stream.add(
        EventBatch.timeOrdered(new long[] {1, 1, 2}, new long[] {6, 7, 7}, new int[] {1, 2, 1}));

    assertThat(stream.finish().counts()).isEqualTo(LevelCounts.ofExactly(0, 0, 1, 1));
    assertThatThrownBy(stream::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the stream is finished");
  }
}
