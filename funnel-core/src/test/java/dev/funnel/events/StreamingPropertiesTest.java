package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnelOracle;
import dev.funnel.testkit.WindowFunnels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracker, the partial states and grouped streams against the batch path and the oracle. */
class StreamingPropertiesTest {
  private static final long SEED = 20261122L;

  @Test
  void theTrackerEqualsTheBatchAggregation() {
    qt().withFixedSeed(SEED)
        .withExamples(1500)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7))
        .checkAssert(
            (funnel, log) -> {
              EventBatch batch = log.batch(EventBatch.Layout.TIME_ORDERED);
              EventLog stream = log.ordered(EventBatch.Layout.TIME_ORDERED);
              FunnelTracker tracker = funnel.newTracker();
              long[] subjects = stream.subjects();
              long[] times = stream.times();
              int[] codes = stream.codes();
              for (int i = 0; i < stream.size(); i++) {
                tracker.accept(subjects[i], times[i], codes[i]);
              }

              assertThat(tracker.snapshot()).isEqualTo(funnel.aggregate(batch).counts());
              funnel
                  .aggregation()
                  .subjects(
                      (subject, found) ->
                          assertThat(tracker.level(subject)).isEqualTo(found.level()))
                  .run(batch);
            });
  }

  @Test
  void partialStatesMergeInAnyOrderAndEqualTheOracle() {
    qt().withFixedSeed(SEED)
        .withExamples(1000)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7), Orders.keys())
        .checkAssert(
            (funnel, log, keys) -> {
              // Three partitions that split subjects arbitrarily, each in its own order.
              List<FunnelState> parts = new ArrayList<>();
              for (EventLog part : Orders.split(log, keys, 3)) {
                parts.add(
                    funnel.state(Orders.reorder(part, keys).batch(EventBatch.Layout.ARBITRARY)));
              }
              FunnelState a = parts.get(0);
              FunnelState b = parts.get(1);
              FunnelState c = parts.get(2);

              LevelCounts merged = a.plus(b).plus(c).finish();
              assertThat(a.plus(b.plus(c)).finish()).isEqualTo(merged);
              assertThat(c.plus(a).plus(b).finish()).isEqualTo(merged);
              assertThat(a.plus(funnel.emptyState()).finish()).isEqualTo(a.finish());
              assertThat(merged).isEqualTo(WindowFunnelOracle.counts(funnel, log, true));
            });
  }

  @Test
  void aGroupedStreamInAnyBatchesEqualsOneBatch() {
    qt().withFixedSeed(SEED)
        .withExamples(1000)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7), Orders.keys())
        .checkAssert(
            (funnel, log, keys) -> {
              EventLog grouped = log.ordered(EventBatch.Layout.GROUPED);
              GroupedStream stream = funnel.aggregation().stream();
              for (EventLog batch : Orders.batches(grouped, keys)) {
                stream.add(batch.batch(EventBatch.Layout.GROUPED));
              }

              assertThat(stream.finish().counts())
                  .isEqualTo(funnel.aggregate(grouped.batch(EventBatch.Layout.GROUPED)).counts());
            });
  }

  @Test
  void aRejectedBatchLeavesTheStreamAsItWas() {
    WindowFunnel funnel =
        WindowFunnel.builder().eventCodes(3).step(0).step(1).step(2).window(100).build();
    GroupedStream stream = funnel.aggregation().stream();
    stream.add(EventBatch.grouped(new long[] {1, 1}, new long[] {0, 5}, new int[] {0, 1}));

    assertThatThrownBy(
            () ->
                stream.add(
                    EventBatch.grouped(
                        new long[] {1, 2, 2}, new long[] {9, 3, 1}, new int[] {2, 0, 1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timestamp 1 at index 2 is before 3");
    assertThatThrownBy(
            () -> stream.add(EventBatch.grouped(new long[] {1}, new long[] {5}, new int[] {2})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep a subject's events with equal timestamps in one batch");
    assertThatThrownBy(() -> stream.add(EventBatch.arbitrary(new long[0], new long[0], new int[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a grouped stream takes GROUPED batches, not ARBITRARY");
    stream.add(EventBatch.grouped(new long[] {1}, new long[] {9}, new int[] {2}));

    assertThat(stream.finish().counts()).isEqualTo(LevelCounts.ofExactly(0, 0, 0, 1));
    assertThatThrownBy(stream::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the stream is finished");
  }

  /**
   * DESIGN.md §3 for streams that track conversion times: a batch refused after part of it was
   * scanned (its last event goes back in time) leaves no trace, so the stream still finishes with
   * the result of one aggregation of the good batches, conversion times included.
   */
  @Test
  void aBatchRefusedMidwayLeavesNoTraceInCountsOrConversionTimes() {
    qt().withExamples(300)
        .withFixedSeed(11)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7), Orders.keys())
        .checkAssert(
            (funnel, log, keys) -> {
              Aggregation timed = funnel.aggregation().conversionTimes(Duration.ofMillis(1));
              EventLog grouped = log.ordered(EventBatch.Layout.GROUPED);
              GroupedStream stream = timed.stream();
              for (EventLog batch : Orders.batches(grouped, keys)) {
                int last = batch.size() - 1;
                if (batch.times()[last] > 0) {
                  // Built directly: an EventLog's batch would put the rows in grouped order.
                  EventBatch backInTime =
                      EventBatch.grouped(
                          append(batch.subjects(), batch.subjects()[last]),
                          append(batch.times(), batch.times()[last] - 1),
                          Arrays.copyOf(batch.codes(), batch.size() + 1));
                  assertThatThrownBy(() -> stream.add(backInTime))
                      .isInstanceOf(IllegalArgumentException.class);
                }
                stream.add(batch.batch(EventBatch.Layout.GROUPED));
              }
              assertThat(stream.finish())
                  .isEqualTo(timed.run(grouped.batch(EventBatch.Layout.GROUPED)));
            });
  }

  private static long[] append(long[] values, long value) {
    long[] longer = Arrays.copyOf(values, values.length + 1);
    longer[values.length] = value;
    return longer;
  }

  @Test
  void theTrackerRejectsEventsOutOfOrderAndChangesNothing() {
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(3).step(0).step(1).window(100).build();
    FunnelTracker tracker = funnel.newTracker();
    tracker.accept(7, 10, 0);

    assertThatThrownBy(() -> tracker.accept(7, 9, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timestamp 9 of subject 7 is before its previous event at 10");
    assertThatThrownBy(() -> tracker.accept(8, 9, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event code 3 is outside the declared range [0, 3)");
    assertThat(tracker.subjects()).isEqualTo(1);
    tracker.accept(7, 12, 1);
    assertThat(tracker.level(7)).isEqualTo(2);
    assertThat(tracker.level(99)).isZero();
    assertThat(tracker.snapshot()).isEqualTo(LevelCounts.ofExactly(0, 0, 1));
  }

  /**
   * The audit's case: a subject whose events all match no step (ClickHouse counts it at level 0,
   * and so do aggregate() and the tracker) was missing from merged states. Subject 1 reaches step
   * 2; subject 2 only ever does "other"; subject 3 does "other" in one partition and step 1 in the
   * other, so it counts once, at level 1.
   */
  @Test
  void mergedStatesCountSubjectsThatMatchNothingAtLevelZero() {
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(3).step(0).step(1).window(100).build();
    int other = 2;
    EventBatch first =
        EventBatch.arbitrary(
            new long[] {1, 2, 3}, new long[] {0, 5, 7}, new int[] {0, other, other});
    EventBatch second =
        EventBatch.arbitrary(new long[] {2, 1, 3}, new long[] {6, 9, 8}, new int[] {other, 1, 0});
    EventBatch all =
        EventBatch.arbitrary(
            new long[] {1, 2, 3, 2, 1, 3},
            new long[] {0, 5, 7, 6, 9, 8},
            new int[] {0, other, other, other, 1, 0});

    LevelCounts merged = funnel.state(first).plus(funnel.state(second)).finish();
    FunnelTracker tracker = funnel.newTracker();
    for (long[] e :
        new long[][] {
          {1, 0, 0}, {2, 5, other}, {2, 6, other}, {3, 7, other}, {3, 8, 0}, {1, 9, 1}
        }) {
      tracker.accept(e[0], e[1], (int) e[2]);
    }

    assertThat(merged).isEqualTo(LevelCounts.ofExactly(1, 1, 1));
    assertThat(merged).isEqualTo(funnel.aggregate(all).counts());
    assertThat(merged).isEqualTo(tracker.snapshot());
    assertThat(funnel.state(first).plus(funnel.emptyState()).finish())
        .isEqualTo(LevelCounts.ofExactly(2, 1, 0));
  }
}
