package dev.funnel.events;

import com.google.common.primitives.ImmutableLongArray;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One thread's share of an aggregation: a kernel, the level counts, and what else was asked for.
 * The loops verify the promised order in the same pass that aggregates, so a batch is read once.
 * Not thread-safe.
 */
final class Scan {
  private final WindowFunnel funnel;
  private final boolean trackChain;
  private final Kernel kernel;
  private final int[] stepMasks;
  private final int[] exclusionMasks;
  private final long[] counts;
  private final @Nullable SubjectListener listener;
  private final long unitNanos;
  private final LongList @Nullable [] times;
  // Empty unless times are kept; never null, so that only times needs a null check.
  private final LongList endToEnd;
  private final long[] chain;
  private int[] ties = new int[8];
  private final long[] simpleStart;
  private final int simpleLevelMask;
  // Where a grouped scan stands between batches: the subject in progress, if any.
  private boolean inSubject;
  private long current;
  private long previousTime;
  private boolean done;

  Scan(WindowFunnel funnel, @Nullable SubjectListener listener, @Nullable Duration timestampUnit) {
    this.funnel = funnel;
    this.listener = listener;
    this.trackChain = listener != null || timestampUnit != null;
    this.kernel = funnel.newKernel(trackChain);
    this.stepMasks = funnel.stepMasks();
    this.exclusionMasks = funnel.exclusionMasks();
    this.counts = new long[funnel.steps() + 1];
    this.unitNanos = timestampUnit == null ? 0 : timestampUnit.toNanos();
    this.chain = new long[funnel.steps()];
    this.simpleStart = new long[funnel.steps() + 2];
    this.simpleLevelMask = DefaultPolicyKernel.levelMask(funnel.steps());
    if (timestampUnit != null) {
      times = new LongList[Math.max(0, funnel.steps() - 1)];
      for (int i = 0; i < times.length; i++) {
        times[i] = new LongList();
      }
    } else {
      times = null;
    }
    endToEnd = new LongList();
  }

  /**
   * Aggregates events sorted by subject, then time, from {@code from} to {@code to}, verifying that
   * order, the codes and the timestamps. The last subject stays open, so that a later call can
   * continue it; {@link #complete()} closes it.
   */
  void grouped(long[] subjects, long[] timestamps, int[] codes, int from, int to) {
    if (from >= to) {
      return;
    }
    int codeCount = stepMasks.length;
    if (!inSubject) {
      inSubject = true;
      current = subjects[from];
      previousTime = 0;
      done = false;
      kernel.reset();
    }
    long current = this.current;
    long previousTime = this.previousTime;
    boolean done = this.done;
    for (int i = from; i < to; i++) {
      long subject = subjects[i];
      long time = timestamps[i];
      int code = codes[i];
      if (subject != current) {
        if (subject < current) {
          throw subjectOutOfOrder(subject, i, current);
        }
        finish(current);
        kernel.reset();
        current = subject;
        previousTime = 0;
        done = false;
      }
      if (time < previousTime || code < 0 || code >= codeCount) {
        throw badEvent(timestamps, codes, i, previousTime);
      }
      previousTime = time;
      if (done) {
        continue;
      }
      int steps = stepMasks[code];
      int exclusions = exclusionMasks[code];
      if ((steps | exclusions) == 0) {
        continue;
      }
      if (i + 1 < to && timestamps[i + 1] == time && subjects[i + 1] == subject) {
        int end = tieEnd(subjects, timestamps, i, to);
        done = !feedTies(timestamps, codes, i, end);
        i = end - 1;
        continue;
      }
      done = !kernel.accept(time, steps, exclusions);
    }
    this.current = current;
    this.previousTime = previousTime;
    this.done = done;
  }

  /** Whether the next grouped event at {@code subject} and {@code time} would split a tie group. */
  boolean continuesTie(long subject, long time) {
    return inSubject && subject == current && time == previousTime;
  }

  /** Closes the subject a grouped scan left open. */
  void complete() {
    if (inSubject) {
      finish(current);
      inSubject = false;
    }
  }

  /** Everything a failed batch could have changed, to put back. */
  Checkpoint checkpoint() {
    return new Checkpoint(this);
  }

  static final class Checkpoint {
    private final Scan scan;
    private final long[] counts;
    private final Kernel kernel;
    private final boolean inSubject;
    private final long current;
    private final long previousTime;
    private final boolean done;
    private final int[] sizes;

    private Checkpoint(Scan scan) {
      this.scan = scan;
      this.counts = scan.counts.clone();
      this.kernel = scan.funnel.newKernel(scan.trackChain);
      this.kernel.copyFrom(scan.kernel);
      this.inSubject = scan.inSubject;
      this.current = scan.current;
      this.previousTime = scan.previousTime;
      this.done = scan.done;
      LongList @Nullable [] times = scan.times;
      this.sizes = new int[times == null ? 0 : times.length + 1];
      if (times != null) {
        for (int i = 0; i < sizes.length; i++) {
          sizes[i] = i < times.length ? times[i].size() : scan.endToEnd.size();
        }
      }
    }

    void restore() {
      System.arraycopy(counts, 0, scan.counts, 0, counts.length);
      scan.kernel.copyFrom(kernel);
      scan.inSubject = inSubject;
      scan.current = current;
      scan.previousTime = previousTime;
      scan.done = done;
      LongList @Nullable [] times = scan.times;
      if (times != null) {
        for (int i = 0; i < sizes.length; i++) {
          (i < times.length ? times[i] : scan.endToEnd).truncate(sizes[i]);
        }
      }
    }
  }

  /** Whether {@link #groupedSimple} computes what {@link #grouped} would. */
  boolean canScanSimply() {
    return funnel.isSimple() && !trackChain;
  }

  /**
   * {@link #grouped} for {@linkplain WindowFunnel#isSimple() simple funnels}, counts only, with the
   * step of the {@link DefaultPolicyKernel} inlined: no branch that depends on the data in the
   * common path.
   */
  void groupedSimple(long[] subjects, long[] timestamps, int[] codes, int from, int to) {
    if (from >= to) {
      return;
    }
    int[] slots = funnel.slots();
    int codeCount = slots.length;
    long window = funnel.window();
    int levelMask = DefaultPolicyKernel.levelMask(funnel.steps());
    long[] start = new long[funnel.steps() + 2];
    int reached = 1;
    long current = subjects[from];
    long previousTime = 0;
    for (int i = from; i < to; i++) {
      long subject = subjects[i];
      long time = timestamps[i];
      int code = codes[i];
      if (subject != current) {
        if (subject < current) {
          throw subjectOutOfOrder(subject, i, current);
        }
        counts[DefaultPolicyKernel.level(reached, levelMask)]++;
        reached = 1;
        current = subject;
        previousTime = 0;
      }
      if (time < previousTime || code < 0 || code >= codeCount) {
        throw badEvent(timestamps, codes, i, previousTime);
      }
      previousTime = time;
      if (i + 1 < to && timestamps[i + 1] == time && subjects[i + 1] == subject) {
        int end = tieEnd(subjects, timestamps, i, to);
        reached = simpleTies(start, reached, slots, timestamps, codes, i, end, window);
        i = end - 1;
        continue;
      }
      reached = DefaultPolicyKernel.step(start, reached, slots[code], time, window);
    }
    counts[DefaultPolicyKernel.level(reached, levelMask)]++;
  }

  /** Applies a group of equal timestamps in step order (stable for equal steps). */
  private int simpleTies(
      long[] start,
      int reached,
      int[] slots,
      long[] timestamps,
      int[] codes,
      int from,
      int to,
      long window) {
    int n = sortTies(codes, from, to);
    for (int k = 0; k < n; k++) {
      reached = DefaultPolicyKernel.step(start, reached, slots[ties[k]], timestamps[from], window);
    }
    return reached;
  }

  /**
   * {@link #subject} for {@linkplain WindowFunnel#isSimple() simple funnels}, counts only, with the
   * step of the {@link DefaultPolicyKernel} inlined.
   */
  void subjectSimple(long[] timestamps, int[] codes, int from, int to) {
    int[] slots = funnel.slots();
    long window = funnel.window();
    long[] start = simpleStart;
    int reached = 1;
    for (int i = from; i < to; i++) {
      long time = timestamps[i];
      if (i + 1 < to && timestamps[i + 1] == time) {
        int end = tieEnd(null, timestamps, i, to);
        reached = simpleTies(start, reached, slots, timestamps, codes, i, end, window);
        i = end - 1;
        continue;
      }
      reached = DefaultPolicyKernel.step(start, reached, slots[codes[i]], time, window);
    }
    counts[DefaultPolicyKernel.level(reached, simpleLevelMask)]++;
  }

  /** Aggregates one subject's events, already in time order and verified. */
  void subject(long subject, long[] timestamps, int[] codes, int from, int to) {
    kernel.reset();
    for (int i = from; i < to; i++) {
      long time = timestamps[i];
      if (i + 1 < to && timestamps[i + 1] == time) {
        int end = tieEnd(null, timestamps, i, to);
        boolean more = feedTies(timestamps, codes, i, end);
        i = end - 1;
        if (!more) {
          break;
        }
        continue;
      }
      int code = codes[i];
      if (!kernel.accept(time, stepMasks[code], exclusionMasks[code])) {
        break;
      }
    }
    finish(subject);
  }

  /**
   * Returns the end of the run of events from {@code i} with {@code i}'s timestamp (and subject, if
   * {@code subjects} is given).
   */
  private static int tieEnd(long @Nullable [] subjects, long[] timestamps, int i, int to) {
    int end = i + 1;
    while (end < to
        && timestamps[end] == timestamps[i]
        && (subjects == null || subjects[end] == subjects[i])) {
      end++;
    }
    return end;
  }

  /** Feeds events with equal timestamps in chain order: lowest step first, then input order. */
  private boolean feedTies(long[] timestamps, int[] codes, int from, int to) {
    int n = sortTies(codes, from, to);
    long time = timestamps[from];
    for (int k = 0; k < n; k++) {
      int code = ties[k];
      if (!kernel.accept(time, stepMasks[code], exclusionMasks[code])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Puts the codes of the events from {@code from} to {@code to} that match a step or an exclusion
   * into {@code ties}, in chain order, and returns how many there are. In a simple funnel a code's
   * slot is its rank + 1, so the simple scans use the same order.
   */
  private int sortTies(int[] codes, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      int code = codes[i];
      if (code < 0 || code >= stepMasks.length) {
        throw badCode(codes, i);
      }
      if ((stepMasks[code] | exclusionMasks[code]) != 0) {
        ties = funnel.addToTieGroup(ties, n++, code);
      }
    }
    return n;
  }

  /** Says that a grouped batch has {@code subject} at index {@code i}, after {@code previous}. */
  static IllegalArgumentException subjectOutOfOrder(long subject, int i, long previous) {
    return new IllegalArgumentException(
        String.format(
            "batch promised GROUPED order, but subject %s at index %s comes after subject %s",
            subject, i, previous));
  }

  private IllegalArgumentException badCode(int[] codes, int i) {
    return new IllegalArgumentException(
        String.format(
            "event code %s at index %s is outside the declared range [0, %s)",
            codes[i], i, stepMasks.length));
  }

  /** Says what is wrong with event {@code i} of a grouped batch: its code, time or order. */
  private IllegalArgumentException badEvent(
      long[] timestamps, int[] codes, int i, long previousTime) {
    if (codes[i] < 0 || codes[i] >= stepMasks.length) {
      return badCode(codes, i);
    }
    if (timestamps[i] < 0) {
      return new IllegalArgumentException(
          String.format("timestamp at index %s is negative: %s", i, timestamps[i]));
    }
    return new IllegalArgumentException(
        String.format(
            "batch promised GROUPED order, but timestamp %s at index %s is before %s of the same"
                + " subject",
            timestamps[i], i, previousTime));
  }

  private void finish(long subject) {
    finish(subject, kernel);
  }

  /** Counts a subject whose events {@code kernel} has taken, and tells what was asked for. */
  void finish(long subject, Kernel kernel) {
    int level = kernel.level();
    counts[level]++;
    if (listener == null && times == null) {
      return;
    }
    kernel.chain(chain);
    if (times != null && level >= 2) {
      for (int step = 1; step < level; step++) {
        times[step - 1].add(toMillis(chain[step] - chain[step - 1]));
      }
      if (level == funnel.steps()) {
        endToEnd.add(toMillis(chain[level - 1] - chain[0]));
      }
    }
    if (listener != null) {
      listener.accept(
          subject,
          new SubjectResult(level, ImmutableLongArray.copyOf(Arrays.copyOf(chain, level))));
    }
  }

  private long toMillis(long units) {
    return Math.multiplyExact(units, unitNanos) / 1_000_000;
  }

  void addCounts(long[] more) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += more[i];
    }
  }

  long[] counts() {
    return counts;
  }

  void mergeInto(long[] totalCounts, LongList[] totalTimes, LongList totalEndToEnd) {
    for (int i = 0; i < counts.length; i++) {
      totalCounts[i] += counts[i];
    }
    if (times != null) {
      for (int i = 0; i < times.length; i++) {
        totalTimes[i].addAll(times[i]);
      }
      totalEndToEnd.addAll(endToEnd);
    }
  }
}
