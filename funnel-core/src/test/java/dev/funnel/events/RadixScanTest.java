package dev.funnel.events;

import static dev.funnel.events.EventLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.funnel.metrics.DurationStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

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
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              WindowFunnel funnel = simpleFunnel(random);
              List<long[]> rows = randomLog(random);
              LevelCounts expected = grouped(funnel, rows);
              int bucketKeys = 1 << random.nextInt(8);
              int minKeysToSortByTime =
                  random.nextBoolean() ? random.nextInt(32) : Integer.MAX_VALUE;
              int threads = 1 + random.nextInt(3);

              for (EventBatch batch : unsortedBatches(rows, seed).keySet()) {
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
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              WindowFunnel funnel = EventLogs.randomFunnel(random, random.nextBoolean());
              List<long[]> rows = randomLog(random);
              int bucketKeys = 1 << random.nextInt(8);
              int threads = 1 + random.nextInt(3);

              for (Map.Entry<EventBatch, List<long[]>> unsorted :
                  unsortedBatches(rows, seed).entrySet()) {
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
  private static Map<EventBatch, List<long[]>> unsortedBatches(List<long[]> rows, long seed) {
    List<long[]> timeOrdered = new ArrayList<>(rows);
    timeOrdered.sort(Comparator.comparingLong(r -> r[1]));
    List<long[]> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(seed));
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

  private static WindowFunnel simpleFunnel(SplittableRandom random) {
    WindowFunnel.Builder builder =
        WindowFunnel.builder()
            .eventCodes(7)
            .window(random.nextInt(4) == 0 ? Long.MAX_VALUE : 1 + random.nextInt(50));
    for (int step = 0, steps = 1 + random.nextInt(5); step < steps; step++) {
      builder.step(step);
    }
    WindowFunnel funnel = builder.build();
    assertThat(funnel.isSimple()).isTrue();
    return funnel;
  }

  /**
   * Up to 400 subjects with ids spread from a random base, some absent; most have up to a dozen
   * events, some only events that match no step, a few long runs. Times are tight (ties are common)
   * or wide.
   */
  private static List<long[]> randomLog(SplittableRandom random) {
    List<long[]> rows = new ArrayList<>();
    int subjects = 1 + random.nextInt(400);
    long base = random.nextLong(1L << 40);
    long firstTime = random.nextLong(1L << 40);
    rows.add(new long[] {base, firstTime, 0}); // never empty: an empty batch has no id range
    long timeSpan = random.nextBoolean() ? 1 + random.nextInt(30) : 1_000_000_000L;
    for (int s = 0; s < subjects; s++) {
      long id = base + random.nextInt(2 * subjects);
      int kind = random.nextInt(20);
      int events = kind == 0 ? 33 + random.nextInt(90) : random.nextInt(13);
      for (int e = 0; e < events; e++) {
        int code = kind == 1 ? 6 : random.nextInt(7);
        rows.add(new long[] {id, firstTime + random.nextLong(timeSpan), code});
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
