package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One tracker fed by eight threads at once, activities of the same leads interleaved and scores
 * read while they arrive, ends as a tracker fed the same activities on one thread: the law that
 * recording is safe under contention. (The tracker on a plain HashMap threw here.)
 */
class EngagementTrackerConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 5_000;
  private static final int LEADS = 40;
  private static final Instant END = T0.plus(Duration.ofDays(61));

  private final EngagementScoring scoring =
      EngagementScoring.builder()
          .rule(
              EngagementRule.builder("visit")
                  .activity("page_view")
                  .points(5)
                  .within(Duration.ofDays(30))
                  .build())
          .rule(EngagementRule.builder("download").activity("download").points(10).once().build())
          .rule(
              EngagementRule.builder("webinar")
                  .activity("webinar")
                  .points(20)
                  .decay(Decay.halfLife(Duration.ofDays(14)))
                  .build())
          .build();

  @Test
  void eightThreadsRecordWhatOneThreadRecords() throws Exception {
    String[] types = {"page_view", "download", "webinar", "other"};
    List<List<String>> leadIds = new ArrayList<>();
    List<List<Activity>> activities = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(19);
    for (int t = 0; t < THREADS; t++) {
      List<String> ids = new ArrayList<>();
      List<Activity> acts = new ArrayList<>();
      for (int i = 0; i < PER_THREAD; i++) {
        ids.add("L-" + random.nextInt(LEADS));
        acts.add(
            Activity.of(
                types[random.nextInt(types.length)],
                T0.plusSeconds(random.nextLong(60L * 86_400))));
      }
      leadIds.add(ids);
      activities.add(acts);
    }

    EngagementTracker shared = scoring.newTracker();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < PER_THREAD; i++) {
                    String lead = leadIds.get(thread).get(i);
                    shared.record(lead, activities.get(thread).get(i));
                    if (i % 16 == 0) {
                      assertThat(shared.score(lead, END).total()).isFinite();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    EngagementTracker alone = scoring.newTracker();
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < PER_THREAD; i++) {
        alone.record(leadIds.get(t).get(i), activities.get(t).get(i));
      }
    }
    assertThat(shared.leads()).isEqualTo(alone.leads()).hasSize(LEADS);
    for (String lead : alone.leads()) {
      Score expected = alone.score(lead, END);
      Score actual = shared.score(lead, END);
      // Decayed points are summed in the order activities came, which differs between the two.
      assertThat(actual.total()).as(lead).isCloseTo(expected.total(), within(1e-9));
      assertThat(actual.contributions()).hasSameSizeAs(expected.contributions());
    }
  }
}
