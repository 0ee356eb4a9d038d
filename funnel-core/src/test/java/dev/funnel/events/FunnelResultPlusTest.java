package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnels;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Results of disjoint subjects added with {@link FunnelResult#plus}, and results sent through Java
 * serialization, as an engine that aggregates each partition apart (Spark) does with them. The
 * reference is the aggregation of all subjects in one run: the law is that adding the parts gives
 * the whole.
 */
class FunnelResultPlusTest {
  @Test
  void thePartsOfDisjointSubjectsAddUpToTheWhole() {
    qt().withFixedSeed(20261207L)
        .withExamples(400)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7))
        .checkAssert(
            (funnel, log) -> {
              Aggregation timed = funnel.aggregation().conversionTimes(Duration.ofSeconds(1));
              FunnelResult whole = timed.run(log.batch(EventBatch.Layout.ARBITRARY));
              FunnelResult even = timed.run(part(log, 0).batch(EventBatch.Layout.ARBITRARY));
              FunnelResult odd = timed.run(part(log, 1).batch(EventBatch.Layout.ARBITRARY));
              assertThat(even.plus(odd)).isEqualTo(whole);
              assertThat(odd.plus(even)).isEqualTo(whole);
              assertThat(WindowFunnelSerializationTest.roundTrip(whole)).isEqualTo(whole);
              FunnelResult untimed = funnel.aggregate(log.batch(EventBatch.Layout.ARBITRARY));
              assertThat(WindowFunnelSerializationTest.roundTrip(untimed)).isEqualTo(untimed);
            });
  }

  @Test
  void resultsWithAndWithoutTimesOrOfOtherFunnelsDoNotAdd() {
    WindowFunnel twoSteps = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10).build();
    EventBatch batch = EventBatch.grouped(new long[] {1, 1}, new long[] {0, 5}, new int[] {0, 1});
    FunnelResult timed = twoSteps.aggregation().conversionTimes(Duration.ofSeconds(1)).run(batch);
    FunnelResult untimed = twoSteps.aggregate(batch);
    assertThatThrownBy(() -> timed.plus(untimed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add a result without conversion times to one with them");
    WindowFunnel oneStep = WindowFunnel.builder().eventCodes(2).step(0).window(10).build();
    assertThatThrownBy(() -> untimed.plus(oneStep.aggregate(batch)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add counts of a 1-step funnel to a 2-step one");
  }

  /** The rows of the subjects whose id has the given parity. */
  private static EventLog part(EventLog log, int parity) {
    long[] subjects = log.subjects();
    int[] rows =
        IntStream.range(0, log.size())
            .filter(i -> Math.floorMod(subjects[i], 2) == parity)
            .toArray();
    long[] times = log.times();
    int[] codes = log.codes();
    return EventLog.of(
        IntStream.of(rows).mapToLong(i -> subjects[i]).toArray(),
        IntStream.of(rows).mapToLong(i -> times[i]).toArray(),
        IntStream.of(rows).map(i -> codes[i]).toArray());
  }
}
