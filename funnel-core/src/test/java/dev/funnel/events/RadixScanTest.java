package dev.funnel.events;

import static dev.funnel.events.EventLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RadixScan} on logs large enough for its every path (many buckets, buckets sorted by time
 * or not, ties that send a bucket to the per-subject scan, subjects with long runs, subjects with
 * no relevant event), against the grouped scan of the same events, which the property tests hold
 * to the brute-force oracle. Bucket sizes are shrunk so that small logs have many buckets.
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

              List<long[]> timeOrdered = new ArrayList<>(rows);
              timeOrdered.sort(Comparator.comparingLong(r -> r[1]));
              List<long[]> shuffled = new ArrayList<>(rows);
              Collections.shuffle(shuffled, new Random(seed));
              int bucketKeys = 1 << random.nextInt(8);
              int minKeysToSortByTime = random.nextBoolean() ? random.nextInt(32) : Integer.MAX_VALUE;
              int threads = 1 + random.nextInt(3);

              for (EventBatch batch :
                  List.of(
                      batch(timeOrdered, EventBatch.Layout.TIME_ORDERED),
                      batch(shuffled, EventBatch.Layout.ARBITRARY))) {
                long[] ranges = Grouping.verify(funnel, batch);
                int range = Grouping.compactRange(ranges[0], ranges[1], batch.size());
                assertThat(range).isPositive();
                long[] counts =
                    RadixScan.run(
                        funnel,
                        batch,
                        ranges[0],
                        range,
                        ranges[2],
                        ranges[3],
                        threads,
                        bucketKeys,
                        minKeysToSortByTime);
                assertThat(LevelCounts.ofExactly(counts)).as(batch.layout().name()).isEqualTo(expected);
                assertThat(funnel.aggregation().threads(threads).minEventsPerThread(1).run(batch).counts())
                    .as(batch.layout().name())
                    .isEqualTo(expected);
              }
            });
  }

  @Test
  void keysThatDoNotFitAreLeftToTheRegroupingScan() {
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(10).build();
    EventBatch batch =
        EventBatch.arbitrary(
            new long[] {0, 1, 0}, new long[] {Long.MAX_VALUE - 5, 0, Long.MAX_VALUE}, new int[] {0, 0, 1});
    assertThat(
            RadixScan.run(
                funnel,
                batch,
                0,
                2,
                0,
                Long.MAX_VALUE,
                1,
                RadixScan.BUCKET_KEYS,
                RadixScan.MIN_KEYS_TO_SORT_BY_TIME))
        .isNull();
    assertThat(funnel.aggregation().run(batch).counts()).isEqualTo(LevelCounts.ofExactly(0, 1, 1));
  }

  private static WindowFunnel simpleFunnel(SplittableRandom random) {
    WindowFunnel.Builder builder =
        WindowFunnel.builder()
            .eventCodes(6)
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
   * events, some only events that match no step, a few long runs. Times are tight (ties are
   * common) or wide.
   */
  private static List<long[]> randomLog(SplittableRandom random) {
    List<long[]> rows = new ArrayList<>();
    int subjects = 1 + random.nextInt(400);
    long base = random.nextLong(1L << 40);
    rows.add(new long[] {base, 0, 0}); // never empty: an empty batch has no id range
    long timeSpan = random.nextBoolean() ? 1 + random.nextInt(30) : 1_000_000_000L;
    for (int s = 0; s < subjects; s++) {
      long id = base + random.nextInt(2 * subjects);
      int kind = random.nextInt(20);
      int events = kind == 0 ? 33 + random.nextInt(90) : random.nextInt(13);
      for (int e = 0; e < events; e++) {
        int code = kind == 1 ? 5 : random.nextInt(6);
        rows.add(new long[] {id, random.nextLong(timeSpan), code});
      }
    }
    return rows;
  }

  private static LevelCounts grouped(WindowFunnel funnel, List<long[]> rows) {
    List<long[]> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
    return funnel.aggregation().run(batch(sorted, EventBatch.Layout.GROUPED)).counts();
  }
}
