package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * Aggregates a stream of time-ordered batches (every event at or after the one before it, across
 * the whole stream; subjects interleave freely) in memory that grows with the number of subjects,
 * not events: each subject's funnel state is kept between its events, and nothing else. This is how
 * an export in time order, the common case, is aggregated in one pass however long it is. Get one
 * from {@link Aggregation#timeOrderedStream()}.
 *
 * <pre>{@code
 * TimeOrderedStream stream = funnel.aggregation().timeOrderedStream();
 * for (EventBatch batch : batches) {       // each TIME_ORDERED, each after the one before
 *   stream.add(batch);
 * }
 * FunnelResult result = stream.finish();
 * }</pre>
 *
 * <p>The result equals that of {@link Aggregation#run} on one batch of every event, and events with
 * equal timestamps are put in chain order even when a batch boundary falls among them (the events
 * of the latest timestamp wait for the next batch or {@link #finish}). Per-subject results go to
 * the {@linkplain Aggregation#subjects listener} when the stream finishes, in no promised order.
 *
 * <p>Memory per subject: the kernel state, for the default policies {@code 8 × (steps + 1)} bytes
 * (counts only) or {@code 8 × (1 + 2 × steps + steps × (steps + 1) / 2)} bytes (with per-subject
 * results or conversion times); every other policy and dialect keeps a small object per subject
 * instead (a few hundred bytes). Subject ids that are small non-negative numbers, such as dense ids
 * 0, 1, 2… that a reader assigns, index the state directly; other ids add a hash map, about 40
 * bytes per subject. Besides, the events of one timestamp are held until the next timestamp comes.
 *
 * <p>A batch that is not time-ordered, goes back before the previous batch, or holds a bad code or
 * timestamp is rejected before anything of it is taken, and the stream is as it was. Not
 * thread-safe: add batches from one thread (a reader's parsing threads feed one that adds).
 */
public final class TimeOrderedStream {
  private static final int PAGE_SHIFT = 12; // subjects per page of state
  private static final int PAGE = 1 << PAGE_SHIFT;

  private final Scan scan;
  private final WindowFunnel funnel;
  private final boolean withTimes;
  private final boolean trackChain;
  private final int[] stepMasks;
  private final int[] exclusionMasks;
  private final Kernel kernel;
  // Longs of state per subject, or -1 when each subject keeps a kernel of its own.
  private final int width;
  private final long[] fresh;
  private long[][] pages = new long[0][];
  private Kernel[] kernels = new Kernel[0];
  private long[] done = new long[0]; // bit per slot: later events cannot change its result
  private final SubjectSlots slots = new SubjectSlots();
  private final SubjectSlots.Mover mover = this::move;
  private long lastTime;
  private long events;
  // The events of the latest timestamp, which the next batch may continue.
  private long pendingTime;
  private long[] pendingSubjects = new long[16];
  private int[] pendingCodes = new int[16];
  private int pendingSize;
  private long[] keys = new long[16];
  private int[] ties = new int[8];
  private boolean finished;

  TimeOrderedStream(WindowFunnel funnel, Scan scan, boolean withTimes, boolean trackChain) {
    this.funnel = funnel;
    this.scan = scan;
    this.withTimes = withTimes;
    this.trackChain = trackChain;
    this.stepMasks = funnel.stepMasks();
    this.exclusionMasks = funnel.exclusionMasks();
    this.kernel = funnel.newKernel(trackChain);
    this.width = kernel.stateSize();
    this.fresh = new long[Math.max(0, width)];
    if (width >= 0) {
      kernel.reset();
      kernel.save(fresh, 0);
    }
  }

  /**
   * Aggregates the next batch.
   *
   * @throws IllegalArgumentException if the batch is not {@code TIME_ORDERED}, breaks time order
   *     (within it or against the previous batch), or holds a code outside the declared range or a
   *     negative timestamp; the message names the index and the values, and the stream is unchanged
   * @throws IllegalStateException if the stream is finished
   */
  public void add(EventBatch batch) {
    requireNonNull(batch, "batch");
    checkState(!finished, "the stream is finished");
    checkArgument(
        batch.layout() == EventBatch.Layout.TIME_ORDERED,
        "a time-ordered stream takes TIME_ORDERED batches, not %s",
        batch.layout());
    long[] s = batch.subjects();
    long[] t = batch.timestamps();
    int[] c = batch.codes();
    int n = batch.size();
    verify(t, c, n);
    events += n;
    int i = 0;
    if (pendingSize > 0 && n > 0 && t[0] == pendingTime) {
      while (i < n && t[i] == pendingTime) {
        pend(s[i], c[i]);
        i++;
      }
    }
    if (i == n) {
      return;
    }
    takePending();
    while (i < n) {
      long time = t[i];
      int end = i + 1;
      while (end < n && t[end] == time) {
        end++;
      }
      if (end == n) {
        pendingTime = time;
        for (int k = i; k < n; k++) {
          pend(s[k], c[k]);
        }
        lastTime = time;
        return;
      }
      if (end == i + 1) {
        take(s[i], time, c[i]);
      } else {
        takeTies(s, c, i, end, time);
      }
      i = end;
    }
  }

  private void verify(long[] t, int[] c, int n) {
    long previous = lastTime;
    for (int i = 0; i < n; i++) {
      if (c[i] < 0 || c[i] >= stepMasks.length) {
        throw new IllegalArgumentException(
            String.format(
                "event code %s at index %s is outside the declared range [0, %s)",
                c[i], i, stepMasks.length));
      }
      if (t[i] < 0) {
        throw new IllegalArgumentException(
            String.format("timestamp at index %s is negative: %s", i, t[i]));
      }
      if (t[i] < previous) {
        throw new IllegalArgumentException(
            String.format(
                "batch promised TIME_ORDERED order, but timestamp %s at index %s is before %s%s",
                t[i], i, previous, i == 0 ? ", the last of the previous batch" : ""));
      }
      previous = t[i];
    }
  }

  /** Returns the number of distinct subjects so far. */
  public long subjects() {
    return slots.size();
  }

  /** Returns the number of events added so far. */
  public long events() {
    return events;
  }

  /**
   * Returns the result of every batch added, and tells the listener each subject's.
   *
   * @throws IllegalStateException if the stream is already finished
   */
  public FunnelResult finish() {
    checkState(!finished, "the stream is finished");
    finished = true;
    takePending();
    for (int slot = 0; slot < slots.limit(); slot++) {
      if (slots.used(slot)) {
        scan.finish(slots.idOf(slot), load(slot));
      }
    }
    return Aggregation.result(funnel, List.of(scan), withTimes);
  }

  private void pend(long subject, int code) {
    slotOf(subject); // so that subjects() counts it already
    if (pendingSize == pendingSubjects.length) {
      pendingSubjects = Arrays.copyOf(pendingSubjects, pendingSize * 2);
      pendingCodes = Arrays.copyOf(pendingCodes, pendingSize * 2);
    }
    pendingSubjects[pendingSize] = subject;
    pendingCodes[pendingSize++] = code;
  }

  private void takePending() {
    if (pendingSize == 1) {
      take(pendingSubjects[0], pendingTime, pendingCodes[0]);
    } else if (pendingSize > 1) {
      takeTies(pendingSubjects, pendingCodes, 0, pendingSize, pendingTime);
    }
    pendingSize = 0;
  }

  /** Takes one event, the only one at its timestamp. */
  private void take(long subject, long time, int code) {
    int slot = slotOf(subject);
    int steps = stepMasks[code];
    int exclusions = exclusionMasks[code];
    if ((steps | exclusions) == 0 || isDone(slot)) {
      return;
    }
    Kernel k = load(slot);
    if (!k.accept(time, steps, exclusions)) {
      done[slot >>> 6] |= 1L << slot;
    }
    save(slot, k);
  }

  /** Takes events with one timestamp: each subject's in chain order, as the batch scans do. */
  private void takeTies(long[] subjects, int[] codes, int from, int to, long time) {
    int n = to - from;
    if (keys.length < n) {
      keys = new long[Math.max(n, keys.length * 2)];
    }
    boolean hashed = slots.hashed();
    for (int k = 0; k < n; k++) {
      keys[k] = ((long) slotOf(subjects[from + k]) << 32) | k;
    }
    if (hashed != slots.hashed()) {
      // The slots were compacted midway: those taken before moved.
      for (int k = 0; k < n; k++) {
        keys[k] = ((long) slotOf(subjects[from + k]) << 32) | k;
      }
    }
    // By slot, then position: each subject's events together, in input order.
    Arrays.sort(keys, 0, n);
    for (int a = 0; a < n; ) {
      int slot = (int) (keys[a] >>> 32);
      int b = a;
      int m = 0;
      for (; b < n && (int) (keys[b] >>> 32) == slot; b++) {
        int code = codes[from + (int) keys[b]];
        if ((stepMasks[code] | exclusionMasks[code]) != 0) {
          ties = funnel.addToTieGroup(ties, m++, code);
        }
      }
      if (m > 0 && !isDone(slot)) {
        Kernel k = load(slot);
        for (int j = 0; j < m; j++) {
          int code = ties[j];
          if (!k.accept(time, stepMasks[code], exclusionMasks[code])) {
            done[slot >>> 6] |= 1L << slot;
            break;
          }
        }
        save(slot, k);
      }
      a = b;
    }
  }

  private boolean isDone(int slot) {
    return (done[slot >>> 6] & (1L << slot)) != 0;
  }

  private int slotOf(long subject) {
    int slot = slots.slotOf(subject, mover);
    ensure(slot);
    return slot;
  }

  /** Makes room for the slot's state; a slot never used before gets a fresh one. */
  private void ensure(int slot) {
    if (slot >>> 6 >= done.length) {
      done = Arrays.copyOf(done, Math.max((slot >>> 6) + 1, done.length * 2));
    }
    if (width >= 0) {
      int page = slot >>> PAGE_SHIFT;
      if (page >= pages.length) {
        pages = Arrays.copyOf(pages, Math.max(page + 1, pages.length * 2));
      }
      if (pages[page] == null) {
        long[] state = new long[PAGE * width];
        for (int at = 0; at < state.length; at += width) {
          System.arraycopy(fresh, 0, state, at, width);
        }
        pages[page] = state;
      }
    } else {
      if (slot >= kernels.length) {
        kernels = Arrays.copyOf(kernels, Math.max(slot + 1, kernels.length * 2));
      }
      if (kernels[slot] == null) {
        kernels[slot] = funnel.newKernel(trackChain);
      }
    }
  }

  /** Returns the slot's kernel: its own, or the shared one loaded with its state. */
  private Kernel load(int slot) {
    if (width < 0) {
      return kernels[slot];
    }
    kernel.load(pages[slot >>> PAGE_SHIFT], (slot & (PAGE - 1)) * width);
    return kernel;
  }

  private void save(int slot, Kernel k) {
    if (width >= 0) {
      k.save(pages[slot >>> PAGE_SHIFT], (slot & (PAGE - 1)) * width);
    }
  }

  /** Moves a subject's state when the slots are compacted (to a lower slot, already vacated). */
  private void move(int from, int to) {
    ensure(to);
    if (width >= 0) {
      save(to, load(from));
      // A later subject may get the vacated slot.
      System.arraycopy(fresh, 0, pages[from >>> PAGE_SHIFT], (from & (PAGE - 1)) * width, width);
    } else {
      kernels[to] = kernels[from];
      kernels[from] = null;
    }
    boolean wasDone = isDone(from);
    done[from >>> 6] &= ~(1L << from);
    done[to >>> 6] = wasDone ? done[to >>> 6] | (1L << to) : done[to >>> 6] & ~(1L << to);
  }
}
