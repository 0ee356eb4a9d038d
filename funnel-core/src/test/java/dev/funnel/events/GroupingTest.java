package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
        .forAll(longs().all(), integers().between(1, 64), integers().between(1, 3))
        .checkAssert(
            (seed, bucketEvents, threads) -> {
              SplittableRandom random = new SplittableRandom(seed);
              WindowFunnel funnel = EventLogs.randomFunnel(random, random.nextBoolean());
              boolean sparse = random.nextInt(4) == 0;
              int subjects = 1 + random.nextInt(40);
              List<long[]> rows = new ArrayList<>();
              for (int s = 0; s < subjects; s++) {
                long id =
                    sparse ? random.nextLong(Long.MAX_VALUE) : 100 + s * (1 + random.nextInt(3));
                for (int k = random.nextInt(12); k > 0; k--) {
                  rows.add(new long[] {id, random.nextLong(50), random.nextInt(7)});
                }
              }
              java.util.Collections.shuffle(rows, new java.util.Random(seed));
              boolean arbitrary = random.nextBoolean();
              if (!arbitrary) {
                rows.sort(Comparator.comparingLong(r -> r[1]));
              }
              EventBatch batch =
                  EventLogs.batch(
                      rows,
                      arbitrary ? EventBatch.Layout.ARBITRARY : EventBatch.Layout.TIME_ORDERED);

              Grouping grouping =
                  Grouping.of(
                      funnel,
                      batch,
                      false,
                      bucketEvents,
                      new Parallel(ForkJoinPool.commonPool(), threads));

              assertThat(groups(grouping)).isEqualTo(expected(funnel, rows, arbitrary));
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
      WindowFunnel funnel, List<long[]> rows, boolean byTime) {
    List<long[]> ordered = new ArrayList<>(rows);
    if (byTime) {
      ordered.sort(Comparator.comparingLong(r -> r[1]));
    }
    Map<Long, List<String>> groups = new TreeMap<>();
    for (long[] row : ordered) {
      List<String> events = groups.computeIfAbsent(row[0], id -> new ArrayList<>());
      int code = (int) row[2];
      if ((funnel.stepMasks()[code] | funnel.exclusionMasks()[code]) != 0) {
        events.add(row[1] + ":" + code);
      }
    }
    return groups;
  }
}
