package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.jspecify.annotations.Nullable;

/**
 * One aggregation of event batches into a {@link WindowFunnel}, with its options: threads,
 * per-subject results, conversion times. Get one from {@link WindowFunnel#aggregation()}.
 *
 * <pre>{@code
 * FunnelResult result = funnel.aggregation()
 *     .threads(2)
 *     .conversionTimes(Duration.ofMillis(1))   // timestamps are epoch milliseconds
 *     .run(batch);
 * }</pre>
 *
 * <p>Cost and memory: one pass over a grouped batch, with no allocation per event and memory
 * bounded by one subject's state (for default policies a few longs per step; for strict order,
 * strict increase, a gap or exclusions, the chains no other chain beats, bounded by the subject's
 * events within one window times the steps, in arrays reused from subject to subject). Time-ordered
 * and arbitrary batches are distributed as packed keys into buckets of subjects that fit in cache,
 * and each bucket is sorted by time and scanned there, subject by subject (transiently 8 bytes per
 * relevant event, one bit per subject id, and a bucket's worth of scratch space per thread). When
 * subject ids are sparse (more than four ids in their range per event) or the keys would not fit in
 * 63 bits, such batches are instead regrouped by subject through cache-sized buckets (about 12
 * bytes per relevant event and 8 per subject, and as much again transiently, plus a sort within
 * each subject for arbitrary ones). Several threads split the events or the subjects between them;
 * results equal the single-threaded ones. Measured throughput is in {@code
 * funnel-benchmarks/RESULTS.md}.
 *
 * <p>An options object is not thread-safe, but {@link #run} may be called again and again.
 */
public final class Aggregation {
  private static final int MIN_EVENTS_PER_THREAD = 1 << 16;

  /**
   * Returns the fewest events for which {@link #threads} starts one more thread: 65,536 today, a
   * tuning that may change (so a method, not a constant compiled into callers).
   */
  public static int eventsPerThread() {
    return MIN_EVENTS_PER_THREAD;
  }

  private final WindowFunnel funnel;
  private int threads = 1;
  private int minEventsPerThread = MIN_EVENTS_PER_THREAD;
  private Executor executor = ForkJoinPool.commonPool();
  private @Nullable SubjectListener listener;
  private @Nullable Duration timestampUnit;

  Aggregation(WindowFunnel funnel) {
    this.funnel = funnel;
  }

  /**
   * Sets how many threads aggregate at most (1 by default): the calling thread and up to {@code
   * threads − 1} tasks of the {@linkplain #executor executor}, for each phase of {@link #run}, all
   * ended before it returns. A batch gets one thread per {@link #eventsPerThread()} events at most,
   * because handing work to another thread costs more than aggregating fewer events; so a small
   * batch runs on the calling thread alone.
   *
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public Aggregation threads(int threads) {
    checkArgument(threads >= 1, "threads must be at least 1: %s", threads);
    this.threads = threads;
    return this;
  }

  /**
   * Sets where the threads beyond the calling one come from ({@link ForkJoinPool#commonPool()} by
   * default), as Caffeine's {@code executor} does: an application's own pool, or a virtual-thread
   * executor. Work is split into as many parts as {@link #threads} allows and the executor's tasks
   * take parts as they start; the calling thread takes every part no task has started, so an
   * executor that is busy, has fewer threads, rejects tasks, or runs them on the caller ({@code
   * Runnable::run}) costs speed, never a stall. No task outlives {@link #run}'s return in any part
   * of the aggregation (a task the executor starts later finds nothing to do).
   */
  public Aggregation executor(Executor executor) {
    this.executor = requireNonNull(executor, "executor");
    return this;
  }

  /** Lowers {@link #eventsPerThread()}, for tests of the parallel paths on small batches. */
  Aggregation minEventsPerThread(int events) {
    checkArgument(events >= 1, "events per thread must be at least 1: %s", events);
    this.minEventsPerThread = events;
    return this;
  }

  /** Asks for each subject's level and chain, given to {@code listener} as subjects finish. */
  public Aggregation subjects(SubjectListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Asks for time to convert per step; {@code timestampUnit} is the length of one timestamp unit
   * (one millisecond for epoch milliseconds), and times are kept to the millisecond.
   *
   * @throws IllegalArgumentException if the unit is not positive
   */
  public Aggregation conversionTimes(Duration timestampUnit) {
    requireNonNull(timestampUnit, "timestampUnit");
    checkArgument(
        !timestampUnit.isNegative() && !timestampUnit.isZero(),
        "timestamp unit must be positive: %s",
        timestampUnit);
    this.timestampUnit = timestampUnit;
    return this;
  }

  /**
   * Aggregates the batch.
   *
   * @throws IllegalArgumentException if a code is outside the declared range, a timestamp is
   *     negative, or the batch breaks the order its layout promised; the message names the index
   *     and the values
   * @throws IllegalStateException if the calling thread is interrupted while other threads
   *     aggregate: run waits until every thread it started has ended (none outlives it, and the
   *     listener is not called after it returns), then throws with the interrupt status set
   */
  public FunnelResult run(EventBatch batch) {
    requireNonNull(batch, "batch");
    int parts = (int) Math.max(1, Math.min(threads, (long) batch.size() / minEventsPerThread));
    Parallel parallel = new Parallel(executor, parts);
    List<Scan> scans = new ArrayList<>();
    for (int t = 0; t < parts; t++) {
      scans.add(new Scan(funnel, listener, timestampUnit));
    }
    if (batch.layout() == EventBatch.Layout.GROUPED) {
      runGrouped(batch, scans, parallel);
    } else {
      // Verified once here, whichever of the two unsorted paths then takes the batch.
      BatchSummary verified = Grouping.verify(funnel, batch, parallel);
      if (!runBucketed(batch, verified, scans, parallel)) {
        runGroups(Grouping.ofVerified(funnel, batch, verified, parallel), scans, parallel);
      }
    }
    return result(funnel, scans, timestampUnit != null);
  }

  /**
   * Aggregates everything merged into a partial state, with this aggregation's options: the result
   * equals that of one batch of all the state's events (ties in code order), the listener hears
   * every subject, those whose events all matched nothing at level 0 with no chain, and conversion
   * times are those of the same chains.
   *
   * @throws IllegalArgumentException if the state belongs to another funnel definition
   */
  public FunnelResult run(FunnelState state) {
    requireNonNull(state, "state");
    checkArgument(
        funnel.equals(state.funnel()),
        "the state belongs to another funnel definition: %s, not %s",
        state.funnel(),
        funnel);
    FunnelResult result = run(state.groupedEvents());
    long[] idle = state.idleSubjects();
    if (idle.length == 0) {
      return result;
    }
    if (listener != null) {
      for (long subject : idle) {
        listener.accept(subject, SubjectResult.none());
      }
    }
    long[] counts = new long[funnel.steps() + 1];
    for (int level = 0; level < counts.length; level++) {
      counts[level] = result.counts().exactly(level);
    }
    counts[0] += idle.length;
    return new FunnelResult(LevelCounts.ofExactly(counts), result.conversionTimes());
  }

  static FunnelResult result(WindowFunnel funnel, List<Scan> scans, boolean withTimes) {
    long[] counts = new long[funnel.steps() + 1];
    LongList[] times = new LongList[Math.max(0, funnel.steps() - 1)];
    for (int i = 0; i < times.length; i++) {
      times[i] = new LongList();
    }
    LongList endToEnd = new LongList();
    for (Scan scan : scans) {
      scan.mergeInto(counts, times, endToEnd);
    }
    Optional<ConversionTimes> conversionTimes = Optional.empty();
    if (withTimes) {
      long[][] millis = new long[times.length][];
      for (int i = 0; i < times.length; i++) {
        millis[i] = times[i].toArray();
      }
      conversionTimes = Optional.of(ConversionTimes.of(millis, endToEnd.toArray()));
    }
    return new FunnelResult(LevelCounts.ofExactly(counts), conversionTimes);
  }

  private static void runGrouped(EventBatch batch, List<Scan> scans, Parallel parallel) {
    long[] subjects = batch.subjects();
    int n = batch.size();
    int parts = scans.size();
    int[] bounds = new int[parts + 1];
    bounds[parts] = n;
    for (int p = 1; p < parts; p++) {
      int b = Math.max(bounds[p - 1], Parallel.share(n, p, parts));
      // Move the cut to the start of a subject, so that no subject is split between threads.
      while (b > 0 && b < n && subjects[b] == subjects[b - 1]) {
        b++;
      }
      bounds[p] = b;
    }
    parallel.run(
        p -> {
          // Each part checks where it meets the one before, first, so that the lowest part's
          // failure is the batch's first bad event.
          int b = bounds[p];
          if (b > 0 && b < n && subjects[b] < subjects[b - 1]) {
            throw Scan.subjectOutOfOrder(subjects[b], b, subjects[b - 1]);
          }
          Scan scan = scans.get(p);
          if (scan.canScanSimply()) {
            scan.groupedSimple(
                subjects, batch.timestamps(), batch.codes(), bounds[p], bounds[p + 1]);
          } else {
            scan.grouped(subjects, batch.timestamps(), batch.codes(), bounds[p], bounds[p + 1]);
            scan.complete();
          }
        });
  }

  /**
   * Opens a stream of grouped batches, for inputs too large to hold at once: subjects may run on
   * from one batch into the next. Runs on one thread.
   */
  public GroupedStream stream() {
    return new GroupedStream(
        funnel, new Scan(funnel, listener, timestampUnit), timestampUnit != null);
  }

  /**
   * Opens a stream of time-ordered batches (every event at or after the one before it, across the
   * whole stream), for inputs too large to hold at once: memory grows with the number of subjects,
   * not events. Runs on one thread.
   */
  public TimeOrderedStream timeOrderedStream() {
    boolean withTimes = timestampUnit != null;
    return new TimeOrderedStream(
        funnel,
        new Scan(funnel, listener, timestampUnit),
        withTimes,
        listener != null || withTimes);
  }

  /**
   * Runs {@link RadixScan} on a batch that {@link Grouping#verify} has passed, given what it
   * returned, when the ids are compact and the keys fit; returns false, having changed nothing,
   * when the batch must be regrouped instead.
   */
  private boolean runBucketed(
      EventBatch batch, BatchSummary summary, List<Scan> scans, Parallel parallel) {
    int range = summary.compactSubjectRange(batch.size());
    return batch.size() > 0
        && range >= 0
        && RadixScan.run(
            funnel,
            batch,
            summary,
            range,
            scans,
            parallel,
            RadixScan.BUCKET_KEYS,
            RadixScan.MIN_KEYS_TO_SORT_BY_TIME);
  }

  private static void runGroups(Grouping grouping, List<Scan> scans, Parallel parallel) {
    int parts = scans.size();
    int[] bounds = new int[parts + 1];
    bounds[parts] = grouping.groups;
    long events = grouping.offsets[grouping.groups];
    int g = 0;
    for (int p = 1; p < parts; p++) {
      // Cut where the events, not the subjects, are split evenly.
      long target = events * p / parts;
      while (g < grouping.groups && grouping.offsets[g] < target) {
        g++;
      }
      bounds[p] = Math.max(g, bounds[p - 1]);
    }
    parallel.run(
        p -> {
          Scan scan = scans.get(p);
          if (scan.canScanSimply()) {
            for (int k = bounds[p]; k < bounds[p + 1]; k++) {
              scan.subjectSimple(
                  grouping.timestamps,
                  grouping.codes,
                  grouping.offsets[k],
                  grouping.offsets[k + 1]);
            }
            return;
          }
          for (int k = bounds[p]; k < bounds[p + 1]; k++) {
            scan.subject(
                grouping.subjectIds[k],
                grouping.timestamps,
                grouping.codes,
                grouping.offsets[k],
                grouping.offsets[k + 1]);
          }
        });
  }
}
