package dev.funnel.events;

import static dev.funnel.events.SeededLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.funnel.metrics.DurationStats;
import dev.funnel.testkit.WindowFunnels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link RadixScan} on logs large enough for its every path (many buckets, buckets sorted by time
 * or not, ties that send a bucket to the per-subject scan, subjects with long runs, subjects with
 * no relevant event), against the grouped scan of the same events, which the property tests hold to
 * the brute-force oracle. Bucket sizes are shrunk so that small logs have many buckets.
 */
class RadixScanTest {
  private static final long SEED = 20261201L;

  @Test
  void everyBucketingAndThreadCountEqualsTheGroupedScan() {
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(simpleFunnels(), logs(), Orders.keys(), settings())
        .checkAssert(
            (funnel, rows, keys, settings) -> {
              LevelCounts expected = grouped(funnel, rows);
              int bucketKeys = settings[0];
              int minKeysToSortByTime = settings[1];
              int threads = settings[2];

              for (EventBatch batch : unsortedBatches(rows, keys).keySet()) {
                BatchSummary summary = Grouping.verify(funnel, batch);
                int range = summary.compactSubjectRange(batch.size());
                assertThat(range).isPositive();
                List<Scan> scans = scans(funnel, threads);
                assertThat(
                        RadixScan.run(
                            funnel,
                            batch,
                            summary,
                            range,
                            scans,
                            new Parallel(ForkJoinPool.commonPool(), scans.size()),
                            bucketKeys,
                            minKeysToSortByTime))
                    .isTrue();
                assertThat(Aggregation.result(funnel, scans, false).counts())
                    .as(batch.layout().name())
                    .isEqualTo(expected);
                assertThat(
                        funnel
                            .aggregation()
                            .threads(threads)
                            .minEventsPerThread(1)
                            .run(batch)
                            .counts())
                    .as(batch.layout().name())
                    .isEqualTo(expected);
              }
            });
  }

  /**
   * Funnels with every policy, per-subject results and conversion times go through the bucketed
   * scan too (each bucket sorted by time, grouped by subject, each subject through the general
   * scan): the same subjects, levels, chains and conversion times as the grouped scan of the same
   * rows, whose ties are in the same input order.
   */
  @Test
  void everyPolicyAndOptionEqualsTheGroupedScan() {
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(
            WindowFunnels.funnels(7).mix(WindowFunnels.defaultPolicyFunnels(7)),
            logs(),
            Orders.keys(),
            settings())
        .checkAssert(
            (funnel, rows, keys, settings) -> {
              int bucketKeys = settings[0];
              int threads = settings[2];

              for (Map.Entry<EventBatch, List<long[]>> unsorted :
                  unsortedBatches(rows, keys).entrySet()) {
                EventBatch batch = unsorted.getKey();
                List<long[]> batchRows = unsorted.getValue();
                Map<Long, String> expectedSubjects = new TreeMap<>();
                FunnelResult expected =
                    funnel
                        .aggregation()
                        .subjects(record(expectedSubjects))
                        .conversionTimes(Duration.ofMillis(1))
                        .run(batch(groupedBySubject(batchRows), EventBatch.Layout.GROUPED));

                BatchSummary summary = Grouping.verify(funnel, batch);
                int range = summary.compactSubjectRange(batch.size());
                assertThat(range).isPositive();
                Map<Long, String> actualSubjects = new ConcurrentSkipListMap<>();
                List<Scan> scans = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                  scans.add(new Scan(funnel, record(actualSubjects), Duration.ofMillis(1)));
                }
                assertThat(
                        RadixScan.run(
                            funnel,
                            batch,
                            summary,
                            range,
                            scans,
                            new Parallel(ForkJoinPool.commonPool(), scans.size()),
                            bucketKeys,
                            1))
                    .isTrue();
                FunnelResult actual = Aggregation.result(funnel, scans, true);

                String layout = batch.layout().name();
                assertThat(actual.counts()).as(layout).isEqualTo(expected.counts());
                assertThat(actualSubjects).as(layout).isEqualTo(expectedSubjects);
                assertThat(summary(funnel, actual)).as(layout).isEqualTo(summary(funnel, expected));
              }
            });
  }

  private static SubjectListener record(Map<Long, String> into) {
    return (subject, found) -> {
      assertThat(into.put(subject, found.level() + " " + found.chain()))
          .as("subject %s given twice", subject)
          .isNull();
    };
  }

  /** Every step's and the end-to-end count, minimum, median and maximum. */
  private static List<String> summary(WindowFunnel funnel, FunnelResult result) {
    ConversionTimes times = result.conversionTimes().orElseThrow();
    List<DurationStats> stats = new ArrayList<>();
    for (int step = 2; step <= funnel.steps(); step++) {
      stats.add(times.toStep(step));
    }
    stats.add(times.endToEnd());
    List<String> summary = new ArrayList<>();
    for (DurationStats s : stats) {
      summary.add(s.count() + " " + s.min() + " " + s.median() + " " + s.max());
    }
    return summary;
  }

  @Test
  void keysThatDoNotFitAreLeftToTheRegroupingScan() {
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10).build();
    EventBatch batch =
        EventBatch.arbitrary(
            new long[] {0, 1, 0},
            new long[] {Long.MAX_VALUE - 5, 0, Long.MAX_VALUE},
            new int[] {0, 0, 1});
    assertThat(
            RadixScan.run(
                funnel,
                batch,
                new BatchSummary(0, 1, 0, Long.MAX_VALUE),
                2,
                scans(funnel, 1),
                Parallel.callerOnly(),
                RadixScan.BUCKET_KEYS,
                RadixScan.MIN_KEYS_TO_SORT_BY_TIME))
        .isFalse();
    assertThat(funnel.aggregation().run(batch).counts()).isEqualTo(LevelCounts.ofExactly(0, 1, 1));
  }

  /** The rows as a time-ordered batch and as an arbitrary one, each with its rows in its order. */
  private static Map<EventBatch, List<long[]>> unsortedBatches(
      List<long[]> rows, List<Integer> keys) {
    List<long[]> timeOrdered = new ArrayList<>(rows);
    timeOrdered.sort(Comparator.comparingLong(r -> r[1]));
    // Row i's key is keys[i mod size]; a stable sort by key shuffles, and shrinks to no change.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> keys.isEmpty() ? 0 : keys.get(i % keys.size())));
    List<long[]> shuffled = order.stream().map(rows::get).toList();
    Map<EventBatch, List<long[]>> batches = new LinkedHashMap<>();
    batches.put(batch(timeOrdered, EventBatch.Layout.TIME_ORDERED), timeOrdered);
    batches.put(batch(shuffled, EventBatch.Layout.ARBITRARY), shuffled);
    return batches;
  }

  private static List<Scan> scans(WindowFunnel funnel, int threads) {
    List<Scan> scans = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      scans.add(new Scan(funnel, null, null));
    }
    return scans;
  }

  /** Bucket keys (1 to 128), keys that a bucket needs to be sorted by time, threads (1 to 3). */
  private static Gen<int[]> settings() {
    return integers()
        .between(0, 7)
        .zip(
            integers().between(0, 32),
            integers().between(1, 3),
            (bucketBits, minKeys, threads) ->
                new int[] {1 << bucketBits, minKeys == 32 ? Integer.MAX_VALUE : minKeys, threads});
  }

  /** One to five steps, step i of code i − 1 alone, a window of 1 to 50 or unbounded. */
  private static Gen<WindowFunnel> simpleFunnels() {
    return integers()
        .between(1, 5)
        .zip(
            longs().between(1, 50).toOptionals(20),
            (steps, window) -> {
              WindowFunnel.Builder builder =
                  WindowFunnel.builder().eventCodes(7).window(window.orElse(Long.MAX_VALUE));
              for (int step = 0; step < steps; step++) {
                builder.step(step);
              }
              WindowFunnel funnel = builder.build();
              assertThat(funnel.isSimple()).isTrue();
              return funnel;
            })
        .describedAs(WindowFunnel::toString);
  }

  /** A subject of a log: its id's offset from the base, its kind, its events' times and codes. */
  private record SubjectSpec(int idOffset, int kind, List<long[]> events) {}

  /**
   * Up to 400 subjects with ids spread from a base, some absent (ids may repeat); most have up to a
   * dozen events, one in twenty only events that match no step, one in twenty a long run (its
   * events ten times over). Times are tight (within 30, ties are common) or wide.
   */
  private static Gen<List<long[]>> logs() {
    Gen<long[]> event =
        longs()
            .between(0, 999_999_999L)
            .zip(integers().between(0, 6), (time, code) -> new long[] {time, code});
    Gen<SubjectSpec> subject =
        integers()
            .between(0, 799)
            .zip(
                integers().between(0, 19),
                lists().of(event).ofSizeBetween(0, 12),
                SubjectSpec::new);
    return longs()
        .between(0, 1L << 40)
        .zip(
            longs().between(0, 1L << 40),
            booleans().all(),
            lists().of(subject).ofSizeBetween(1, 400),
            RadixScanTest::toRows)
        .describedAs(rows -> rows.size() + " rows");
  }

  private static List<long[]> toRows(
      long base, long firstTime, boolean wide, List<SubjectSpec> subjects) {
    List<long[]> rows = new ArrayList<>();
    rows.add(new long[] {base, firstTime, 0}); // never empty: an empty batch has no id range
    for (SubjectSpec spec : subjects) {
      int repeats = spec.kind() == 0 ? 10 : 1;
      for (int r = 0; r < repeats; r++) {
        for (long[] e : spec.events()) {
          long time = firstTime + (wide ? e[0] : e[0] % 30);
          int code = spec.kind() == 1 ? 6 : (int) e[1];
          rows.add(new long[] {base + spec.idOffset(), time, code});
        }
      }
    }
    return rows;
  }

  private static LevelCounts grouped(WindowFunnel funnel, List<long[]> rows) {
    return funnel
        .aggregation()
        .run(batch(groupedBySubject(rows), EventBatch.Layout.GROUPED))
        .counts();
  }

  /** The rows by subject, then time, and in their own order at equal times. */
  private static List<long[]> groupedBySubject(List<long[]> rows) {
    List<long[]> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
    return sorted;
  }
}
