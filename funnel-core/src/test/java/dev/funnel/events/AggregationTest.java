package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.metrics.ConversionReport;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AggregationTest {
  private static final int VIEW = 0;
  private static final int CART = 1;
  private static final int PAY = 2;
  private static final int OTHER = 3;
  private final WindowFunnel funnel =
      WindowFunnel.builder().eventCodes(4).step(VIEW).step(CART).step(PAY).window(100).build();

  // Subject 1 pays, 2 stops at the cart, 3 only views, 4 does something else.
  private final long[] subjects = {1, 1, 1, 2, 2, 3, 4};
  private final long[] times = {0, 10, 40, 5, 50, 7, 9};
  private final int[] codes = {VIEW, CART, PAY, VIEW, CART, VIEW, OTHER};

  @Test
  void countsPerLevelFeedTheConversionReports() {
    LevelCounts counts = funnel.aggregate(EventBatch.grouped(subjects, times, codes)).counts();

    assertThat(counts.exactly(0)).isEqualTo(1);
    assertThat(counts.exactly(3)).isEqualTo(1);
    assertThat(counts.reachedAtLeast(1)).isEqualTo(3);
    assertThat(counts.reachedAtLeast(2)).isEqualTo(2);
    assertThat(counts.subjects()).isEqualTo(4);
    ConversionReport report =
        ConversionReport.of(counts.toFunnelCounts(List.of("view", "cart", "pay")));
    assertThat(report.step("cart").fromPrevious().value().getAsDouble()).isEqualTo(2.0 / 3);
    assertThat(report.overall().value().getAsDouble()).isEqualTo(1.0 / 3);
  }

  @Test
  void conversionTimesAndPerSubjectResultsComeFromOneChain() {
    Map<Long, Integer> levels = new ConcurrentHashMap<>();
    FunnelResult result =
        funnel
            .aggregation()
            .threads(2)
            .minEventsPerThread(1)
            .conversionTimes(Duration.ofSeconds(1))
            .subjects((subject, found) -> levels.put(subject, found.level()))
            .run(EventBatch.arbitrary(subjects, times, codes));

    ConversionTimes conversion = result.conversionTimes().orElseThrow();
    assertThat(conversion.toStep(2).count()).isEqualTo(2); // 10 s and 45 s
    assertThat(conversion.toStep(2).median()).contains(Duration.ofMillis(27_500));
    assertThat(conversion.toStep(3).mean()).contains(Duration.ofSeconds(30));
    assertThat(conversion.endToEnd().mean()).contains(Duration.ofSeconds(40));
    assertThat(levels).containsExactlyInAnyOrderEntriesOf(Map.of(1L, 3, 2L, 2, 3L, 1, 4L, 0));
    assertThatThrownBy(() -> conversion.toStep(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 has no time to convert; steps 2 to 3 do");
  }

  /** A unit that is not a whole number of milliseconds converts exactly, truncated to the ms. */
  @Test
  void conversionTimesInUnitsFinerThanAMillisecond() {
    WindowFunnel inMicros =
        WindowFunnel.builder()
            .eventCodes(4)
            .step(VIEW)
            .step(CART)
            .step(PAY)
            .window(100_000_000)
            .build();
    long[] micros = Arrays.stream(times).map(t -> t * 1_000_000 + 999).toArray();
    micros[1] += 1_500; // subject 1's cart 1.5 ms later: 10.0015 s after its view

    ConversionTimes conversion =
        inMicros
            .aggregation()
            .conversionTimes(Duration.ofNanos(1_000))
            .run(EventBatch.arbitrary(subjects, micros, codes))
            .conversionTimes()
            .orElseThrow();

    assertThat(conversion.toStep(2).min()).contains(Duration.ofMillis(10_001)); // 10.0015 s
    assertThat(conversion.toStep(2).max()).contains(Duration.ofSeconds(45));
    assertThat(conversion.toStep(3).min()).contains(Duration.ofMillis(29_998)); // 29.9985 s
    assertThat(conversion.endToEnd().mean()).contains(Duration.ofSeconds(40));
  }

  @Test
  void promisedOrderIsVerified() {
    assertThatThrownBy(
            () ->
                funnel.aggregate(
                    EventBatch.grouped(new long[] {2, 1}, new long[] {0, 0}, new int[] {0, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch promised GROUPED order, but subject 1 at index 1 comes after subject 2");
    assertThatThrownBy(
            () ->
                funnel.aggregate(
                    EventBatch.grouped(new long[] {1, 1}, new long[] {5, 4}, new int[] {0, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "batch promised GROUPED order, but timestamp 4 at index 1 is before 5 of the same subject");
    assertThatThrownBy(
            () ->
                funnel.aggregate(
                    EventBatch.timeOrdered(new long[] {1, 2}, new long[] {5, 4}, new int[] {0, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch promised TIME_ORDERED order, but timestamp 4 at index 1 is before 5");
    // A violation right where two threads would split the batch is caught as well.
    long[] unsorted = {1, 1, 3, 3, 2, 2};
    assertThatThrownBy(
            () ->
                funnel
                    .aggregation()
                    .threads(3)
                    .minEventsPerThread(1)
                    .run(EventBatch.grouped(unsorted, new long[6], new int[6])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject 2 at index 4 comes after subject 3");
    // Threads verify a share each: a step back where the shares meet is seen, and of two
    // problems in different shares the first one is named.
    long[] times = {1, 2, 3, 2, 5, 6};
    assertThatThrownBy(
            () ->
                funnel
                    .aggregation()
                    .threads(2)
                    .minEventsPerThread(1)
                    .run(EventBatch.timeOrdered(new long[6], times, new int[6])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch promised TIME_ORDERED order, but timestamp 2 at index 3 is before 3");
    assertThatThrownBy(
            () ->
                funnel
                    .aggregation()
                    .threads(2)
                    .minEventsPerThread(1)
                    .run(
                        EventBatch.arbitrary(
                            new long[6], new long[] {0, 0, -1, 0, 0, -2}, new int[6])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timestamp at index 2 is negative: -1");
  }

  @Test
  void badEventsAreRejectedWithIndexAndValue() {
    for (EventBatch.Layout layout : EventBatch.Layout.values()) {
      assertThatThrownBy(
              () -> funnel.aggregate(batch(layout, new long[] {1}, new long[] {0}, new int[] {9})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("event code 9 at index 0 is outside the declared range [0, 4)");
      assertThatThrownBy(
              () -> funnel.aggregate(batch(layout, new long[] {1}, new long[] {-3}, new int[] {0})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timestamp at index 0 is negative: -3");
    }
    assertThatThrownBy(
            () ->
                funnel.state(
                    EventBatch.timeOrdered(new long[] {1, 2}, new long[] {5, 4}, new int[] {0, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch promised TIME_ORDERED order, but timestamp 4 at index 1 is before 5");
    assertThatThrownBy(
            () -> funnel.state(EventBatch.arbitrary(new long[] {1}, new long[] {0}, new int[] {9})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event code 9 at index 0 is outside the declared range [0, 4)");
    assertThatThrownBy(() -> EventBatch.grouped(new long[2], new long[2], new int[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("arrays differ in length: 2 subjects, 2 timestamps, 1 codes");
    assertThatThrownBy(() -> funnel.aggregation().threads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be at least 1: 0");
    assertThatThrownBy(() -> funnel.aggregation().conversionTimes(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timestamp unit must be positive: PT0S");
  }

  @Test
  void groupedBatchesNameTheFirstBadEventWhereverItIs() {
    // The counts-only scan of a simple funnel checks each event against the one before it, and
    // handles ties apart; the general scan checks each event on its own. Both must name the same
    // event, wherever it is: after a run of one subject, after a tie group, or at the end.
    WindowFunnel strict =
        WindowFunnel.builder()
            .eventCodes(4)
            .step(VIEW)
            .step(CART)
            .window(100)
            .order(StepOrder.STRICT)
            .build();
    for (WindowFunnel f : List.of(funnel, strict)) {
      assertThatThrownBy(
              () ->
                  f.aggregate(
                      EventBatch.grouped(new long[] {1, 1, 2}, new long[] {1, 2, -5}, new int[3])))
          .hasMessage("timestamp at index 2 is negative: -5");
      assertThatThrownBy(
              () ->
                  f.aggregate(
                      EventBatch.grouped(
                          new long[] {1, 1, 1, 1}, new long[] {3, 3, 3, 2}, new int[4])))
          .hasMessage(
              "batch promised GROUPED order, but timestamp 2 at index 3 is before 3 of the same subject");
      assertThatThrownBy(
              () ->
                  f.aggregate(
                      EventBatch.grouped(new long[] {2, 2, 1}, new long[] {3, 3, 0}, new int[3])))
          .hasMessage(
              "batch promised GROUPED order, but subject 1 at index 2 comes after subject 2");
      assertThatThrownBy(
              () ->
                  f.aggregate(
                      EventBatch.grouped(
                          new long[] {1, 1, 1}, new long[] {3, 3, 4}, new int[] {0, 9, 0})))
          .hasMessage("event code 9 at index 1 is outside the declared range [0, 4)");
      assertThatThrownBy(
              () ->
                  f.aggregate(
                      EventBatch.grouped(
                          new long[] {1, 1, 2}, new long[] {1, 2, 0}, new int[] {0, 1, 7})))
          .hasMessage("event code 7 at index 2 is outside the declared range [0, 4)");
      // A bad code and a time out of order at one index: the code is named, as for one event.
      assertThatThrownBy(
              () ->
                  f.aggregate(
                      EventBatch.grouped(new long[] {1, 1}, new long[] {5, 4}, new int[] {0, -1})))
          .hasMessage("event code -1 at index 1 is outside the declared range [0, 4)");
    }
  }

  @Test
  void withThreadsTheFirstBadEventIsNamedWhicheverThreadFailsFirst() {
    // Two threads, one problem each: the second thread's is at its very start and the first
    // thread's at its very end, so the second usually fails first.
    int n = 200_000;
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = i;
    }
    int[] c = new int[n];
    c[n / 2 - 1] = 9;
    c[n / 2] = 8;
    for (EventBatch.Layout layout : EventBatch.Layout.values()) {
      for (int attempt = 0; attempt < 20; attempt++) {
        assertThatThrownBy(
                () -> funnel.aggregation().threads(2).run(batch(layout, s, new long[n], c)))
            .as(layout.name())
            .hasMessage("event code 9 at index 99999 is outside the declared range [0, 4)");
      }
    }
  }

  @Test
  void smallBatchesRunOnTheCallingThreadAlone() {
    AtomicInteger tasks = new AtomicInteger();
    Executor counting =
        task -> {
          tasks.incrementAndGet();
          new Thread(task).start();
        };
    int n = 2 * Aggregation.eventsPerThread();
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = i;
    }
    // Grouped: one phase, two parts, so one task beside the calling thread.
    funnel
        .aggregation()
        .threads(4)
        .executor(counting)
        .run(EventBatch.grouped(s, new long[n], new int[n]));
    assertThat(tasks).hasValue(1);

    tasks.set(0);
    int small = n - 1;
    funnel
        .aggregation()
        .threads(4)
        .executor(counting)
        .run(EventBatch.grouped(Arrays.copyOf(s, small), new long[small], new int[small]));
    assertThat(tasks).hasValue(0);
  }

  @Test
  void anyExecutorGivesTheSameResultAndNoneStallsTheRun() throws Exception {
    int n = 50_000;
    SplittableRandom random = new SplittableRandom(7);
    long[] s = new long[n];
    long[] t = new long[n];
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = random.nextInt(5_000);
      t[i] = random.nextInt(1_000);
      c[i] = random.nextInt(4);
    }
    EventBatch batch = EventBatch.arbitrary(s, t, c);
    FunnelResult expected = funnel.aggregation().conversionTimes(Duration.ofSeconds(1)).run(batch);
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      Executor rejecting =
          task -> {
            throw new RejectedExecutionException("full");
          };
      for (Executor executor :
          List.of(Runnable::run, rejecting, single, ForkJoinPool.commonPool())) {
        FunnelResult result =
            funnel
                .aggregation()
                .threads(4)
                .minEventsPerThread(1)
                .conversionTimes(Duration.ofSeconds(1))
                .executor(executor)
                .run(batch);
        assertThat(result.counts()).isEqualTo(expected.counts());
        assertThat(summary(result)).isEqualTo(summary(expected));
      }
      // The calling thread is the executor's only thread: its tasks cannot start until the run
      // ends, so the caller takes every part itself instead of waiting for them.
      Future<LevelCounts> inside =
          single.submit(
              () ->
                  funnel
                      .aggregation()
                      .threads(4)
                      .minEventsPerThread(1)
                      .executor(single)
                      .run(batch)
                      .counts());
      assertThat(inside.get(10, TimeUnit.SECONDS)).isEqualTo(expected.counts());
    } finally {
      single.shutdownNow();
    }
  }

  private static List<String> summary(FunnelResult result) {
    ConversionTimes times = result.conversionTimes().orElseThrow();
    return List.of(
        times.toStep(2).toString(), times.toStep(3).toString(), times.endToEnd().toString());
  }

  private static EventBatch batch(EventBatch.Layout layout, long[] s, long[] t, int[] c) {
    return switch (layout) {
      case GROUPED -> EventBatch.grouped(s, t, c);
      case TIME_ORDERED -> EventBatch.timeOrdered(s, t, c);
      case ARBITRARY -> EventBatch.arbitrary(s, t, c);
    };
  }

  @Test
  void emptyBatchesAndLevelCountsValidation() {
    assertThat(
            funnel.aggregate(EventBatch.timeOrdered(new long[0], new long[0], new int[0])).counts())
        .isEqualTo(LevelCounts.empty(3));
    assertThat(
            funnel
                .aggregate(EventBatch.grouped(new long[0], new long[0], new int[0]))
                .counts()
                .subjects())
        .isZero();
    assertThatThrownBy(() -> LevelCounts.ofExactly(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count of level 1 must not be negative: -1");
    assertThatThrownBy(() -> LevelCounts.empty(3).plus(LevelCounts.empty(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add counts of a 2-step funnel to a 3-step one");
    assertThatThrownBy(() -> LevelCounts.empty(3).toFunnelCounts(List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 names for 3 steps");
    assertThatThrownBy(() -> LevelCounts.empty(3).exactly(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level 4 is outside [0, 3]");
  }

  /**
   * The audit's case: interrupted while a worker was still busy, run() used to return at once, and
   * the worker went on writing shared arrays and calling the listener. Now run() waits for it, and
   * nothing calls the listener after run() has returned.
   */
  @Test
  void anInterruptedRunEndsOnlyAfterEveryWorkerHasEnded() throws Exception {
    int n = 64;
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    CountDownLatch workerBusy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean returned = new AtomicBoolean();
    AtomicBoolean interruptKept = new AtomicBoolean();
    AtomicBoolean calledAfterReturn = new AtomicBoolean();
    SubjectListener listener =
        (subject, found) -> {
          if (returned.get()) {
            calledAfterReturn.set(true);
          }
          boolean onWorker = Thread.currentThread().getName().startsWith("test-worker");
          try {
            if (onWorker && workerBusy.getCount() > 0) {
              workerBusy.countDown();
              release.await();
            } else if (!onWorker) {
              // Hold the calling thread in its part until a worker is busy in the other one.
              workerBusy.await(10, TimeUnit.SECONDS);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Executor workers = task -> new Thread(task, "test-worker").start();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                funnel
                    .aggregation()
                    .threads(2)
                    .minEventsPerThread(1)
                    .executor(workers)
                    .subjects(listener)
                    .run(EventBatch.grouped(ids, new long[n], new int[n]));
              } catch (Throwable t) {
                thrown.set(t);
                interruptKept.set(Thread.currentThread().isInterrupted());
              } finally {
                returned.set(true);
              }
            });
    caller.start();
    assertThat(workerBusy.await(10, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(300);
    assertThat(caller.isAlive()).as("run() must wait for its busy worker").isTrue();
    assertThat(returned).isFalse();

    release.countDown();
    caller.join(10_000);
    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("interrupted while aggregating");
    assertThat(interruptKept).as("the caller's interrupt is restored").isTrue();
    Thread.sleep(50);
    assertThat(calledAfterReturn).isFalse();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("test-worker"));
  }
}
