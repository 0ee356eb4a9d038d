package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Regrouping puts each subject's relevant events together, whatever the size of its buckets and the
 * number of threads.
 */
class GroupingTest {
  @Test
  void eachSubjectGetsItsRelevantEventsInInputOrderOrByTime() {
    qt().withFixedSeed(20261202L)
        .withExamples(500)
        .forAll(
            WindowFunnels.funnels(7).mix(WindowFunnels.defaultPolicyFunnels(7)),
            EventLogs.logs(7, 80),
            Orders.keys(),
            integers().between(1, 64).zip(integers().between(1, 3), (b, t) -> new int[] {b, t}))
        .checkAssert(
            (funnel, drawn, keys, bucketsAndThreads) -> {
              int bucketEvents = bucketsAndThreads[0];
              int threads = bucketsAndThreads[1];
              // An odd first key leaves the rows as shuffled; an even one sorts them by time.
              boolean arbitrary = keys.isEmpty() || keys.get(0) % 2 == 1;
              EventLog log = Orders.reorder(drawn, keys);
              EventBatch.Layout layout =
                  arbitrary ? EventBatch.Layout.ARBITRARY : EventBatch.Layout.TIME_ORDERED;
              EventLog ordered = log.ordered(layout);

              Grouping grouping =
                  Grouping.of(
                      funnel,
                      ordered.batch(layout),
                      false,
                      bucketEvents,
                      new Parallel(ForkJoinPool.commonPool(), threads));

              assertThat(groups(grouping)).isEqualTo(expected(funnel, ordered, arbitrary));
            });
  }

  /** Subject id → its events as "time:code", in the grouping's order. */
  private static Map<Long, List<String>> groups(Grouping grouping) {
    Map<Long, List<String>> groups = new TreeMap<>();
    for (int g = 0; g < grouping.groups; g++) {
      List<String> events = new ArrayList<>();
      for (int i = grouping.offsets[g]; i < grouping.offsets[g + 1]; i++) {
        events.add(grouping.timestamps[i] + ":" + grouping.codes[i]);
      }
      assertThat(groups.put(grouping.subjectIds[g], events))
          .as("subject %s once", grouping.subjectIds[g])
          .isNull();
    }
    return groups;
  }

  /**
   * Every subject, with the events that match a step or an exclusion, stably sorted by time if
   * asked.
   */
  private static Map<Long, List<String>> expected(
      WindowFunnel funnel, EventLog log, boolean byTime) {
    EventLog ordered = byTime ? log.ordered(EventBatch.Layout.TIME_ORDERED) : log;
    long[] subjects = ordered.subjects();
    long[] times = ordered.times();
    int[] codes = ordered.codes();
    Map<Long, List<String>> groups = new TreeMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      List<String> events = groups.computeIfAbsent(subjects[i], id -> new ArrayList<>());
      if ((funnel.stepMasks()[codes[i]] | funnel.exclusionMasks()[codes[i]]) != 0) {
        events.add(times[i] + ":" + codes[i]);
      }
    }
    return groups;
  }
}
