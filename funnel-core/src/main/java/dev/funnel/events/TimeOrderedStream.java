package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
 * equal timestamps are put in chain order even when a batch boundary falls among them. Per-subject
 * results go to the {@linkplain Aggregation#subjects listener} when the stream finishes, in no
 * promised order.
 *
 * <p>Memory per subject: the funnel state, for the default policies {@code 8 × (steps + 1)} bytes
 * (counts only) or {@code 8 × (1 + steps + steps × (steps + 1) / 2)} bytes (with per-subject
 * results or conversion times: 80 bytes for three steps); every other policy and dialect keeps a
 * kernel object per subject instead (a few hundred bytes). Subject ids that are small non-negative
 * numbers, such as the dense ids 0, 1, 2… a reader assigns, index the state directly; other ids add
 * a hash map, about 40 bytes per subject. Besides, the events that match a step or an exclusion are
 * taken about a million at a time, sorted by subject so that the subjects' state is visited in the
 * order it lies in memory (16 bytes an event, twice: about 32 MB), and those of the latest
 * timestamp wait for the next batch or {@link #finish}.
 *
 * <p>A batch that is not time-ordered, goes back before the previous batch, or holds a bad code or
 * timestamp is rejected before anything of it is taken, and the stream is as it was. Not
 * thread-safe: add batches from one thread (a reader's parsing threads feed one that adds).
 */
public final class TimeOrderedStream {
  private static final int PAGE_SHIFT = 12; // subjects per page of state
  private static final int PAGE = 1 << PAGE_SHIFT;
  // Events are taken a chunk at a time, sorted by subject, so that the subjects' state is visited
  // in memory order: one event at a time in time order, nearly each would miss the cache.
  private int digitBits = 11;
  private int chunk = 1 << 20;

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
  private int ready; // slots below this have their state's room (with state in pages)
  private Kernel[] kernels = new Kernel[0];
  private long[] done = new long[0]; // bit per slot: later events cannot change its result
  private final SubjectSlots slots = new SubjectSlots();
  private final SubjectSlots.Mover mover = this::move;
  private int @Nullable [] moved; // where compacting the slots moved each, while it does
  private long lastTime;
  private long events;
  // The events not yet taken that match a step or an exclusion, in time order.
  private int[] chunkSlots = new int[1024];
  private long[] chunkTimes = new long[1024];
  private int[] chunkCodes = new int[1024];
  private int chunkSize;
  private int[] counts = new int[0];
  private int[] sortedSlots = new int[0];
  private long[] sortedTimes = new long[0];
  private int[] sortedCodes = new int[0];
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

  /** Takes chunks of {@code events}, sorted by digits of {@code bits} bits, for tests. */
  TimeOrderedStream tuned(int events, int bits) {
    this.chunk = events;
    this.digitBits = bits;
    return this;
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
    for (int i = 0; i < n; i++) {
      int slot = slotOf(s[i]);
      int code = c[i];
      if ((stepMasks[code] | exclusionMasks[code]) == 0) {
        continue; // the subject counts, at level 0 if nothing else comes
      }
      if (chunkSize == chunkSlots.length) {
        if (chunkSize >= chunk) {
          takeChunk(false);
        }
        if (chunkSize == chunkSlots.length) {
          growChunk();
        }
      }
      chunkSlots[chunkSize] = slot;
      chunkTimes[chunkSize] = t[i];
      chunkCodes[chunkSize++] = code;
    }
    if (n > 0) {
      lastTime = t[n - 1];
    }
  }

  private void growChunk() {
    int grown = chunkSlots.length * 2;
    chunkSlots = Arrays.copyOf(chunkSlots, grown);
    chunkTimes = Arrays.copyOf(chunkTimes, grown);
    chunkCodes = Arrays.copyOf(chunkCodes, grown);
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
    takeChunk(true);
    for (int slot = 0; slot < slots.limit(); slot++) {
      if (slots.used(slot)) {
        scan.finish(slots.idOf(slot), load(slot));
      }
    }
    // Let the state go before the result is made: sorting the conversion times needs room.
    pages = new long[0][];
    kernels = new Kernel[0];
    chunkSlots = sortedSlots = new int[0];
    chunkCodes = sortedCodes = new int[0];
    chunkTimes = sortedTimes = new long[0];
    return Aggregation.result(funnel, List.of(scan), withTimes);
  }

  /**
   * Takes the chunk's events, but for those of its latest timestamp unless {@code all}: a later
   * batch may bring more of that timestamp, and a subject's events of one timestamp must be taken
   * together to be put in chain order. Keeps a chunk of one timestamp whole (it grows instead).
   */
  private void takeChunk(boolean all) {
    int n = chunkSize;
    if (!all) {
      while (n > 0 && chunkTimes[n - 1] == chunkTimes[chunkSize - 1]) {
        n--;
      }
    }
    if (n == 0) {
      return;
    }
    int[] bySlot = bySubject(n);
    int[] slotOf = bySlot == chunkSlots ? chunkSlots : sortedSlots;
    long[] timeOf = bySlot == chunkSlots ? chunkTimes : sortedTimes;
    int[] codeOf = bySlot == chunkSlots ? chunkCodes : sortedCodes;
    for (int a = 0; a < n; ) {
      int slot = slotOf[a];
      int b = a + 1;
      while (b < n && slotOf[b] == slot) {
        b++;
      }
      if (!isDone(slot)) {
        take(slot, timeOf, codeOf, a, b);
      }
      a = b;
    }
    int kept = chunkSize - n;
    System.arraycopy(chunkSlots, n, chunkSlots, 0, kept);
    System.arraycopy(chunkTimes, n, chunkTimes, 0, kept);
    System.arraycopy(chunkCodes, n, chunkCodes, 0, kept);
    chunkSize = kept;
  }

  /**
   * Sorts the chunk's first {@code n} events stably by slot (least significant digit first), so
   * that each subject's are together, in time order, and the subjects' state is visited in the
   * order it lies in memory. Returns the slots' array that holds the result: the chunk's or the
   * sorted copy's, beside their times and codes.
   */
  private int[] bySubject(int n) {
    if (sortedSlots.length < n) {
      sortedSlots = new int[chunkSlots.length];
      sortedTimes = new long[chunkSlots.length];
      sortedCodes = new int[chunkSlots.length];
    }
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, slots.limit() - 1));
    int radix = 1 << digitBits;
    if (counts.length < radix + 1) {
      counts = new int[radix + 1];
    }
    int[] fromSlots = chunkSlots;
    long[] fromTimes = chunkTimes;
    int[] fromCodes = chunkCodes;
    int[] toSlots = sortedSlots;
    long[] toTimes = sortedTimes;
    int[] toCodes = sortedCodes;
    for (int shift = 0; shift < bits; shift += digitBits) {
      Arrays.fill(counts, 0, radix + 1, 0);
      for (int i = 0; i < n; i++) {
        counts[((fromSlots[i] >>> shift) & (radix - 1)) + 1]++;
      }
      for (int d = 0; d < radix; d++) {
        counts[d + 1] += counts[d];
      }
      for (int i = 0; i < n; i++) {
        int at = counts[(fromSlots[i] >>> shift) & (radix - 1)]++;
        toSlots[at] = fromSlots[i];
        toTimes[at] = fromTimes[i];
        toCodes[at] = fromCodes[i];
      }
      int[] s = fromSlots;
      fromSlots = toSlots;
      toSlots = s;
      long[] t = fromTimes;
      fromTimes = toTimes;
      toTimes = t;
      int[] c = fromCodes;
      fromCodes = toCodes;
      toCodes = c;
    }
    return fromSlots;
  }

  /**
   * Takes one subject's events from {@code from} to {@code to}, in time order, those of one
   * timestamp in chain order, as the batch scans do.
   */
  private void take(int slot, long[] times, int[] codes, int from, int to) {
    Kernel k = load(slot);
    for (int i = from; i < to; i++) {
      long time = times[i];
      boolean more;
      if (i + 1 < to && times[i + 1] == time) {
        int m = 0;
        int end = i;
        for (; end < to && times[end] == time; end++) {
          ties = funnel.addToTieGroup(ties, m++, codes[end]);
        }
        more = true;
        for (int j = 0; j < m && more; j++) {
          more = k.accept(time, stepMasks[ties[j]], exclusionMasks[ties[j]]);
        }
        i = end - 1;
      } else {
        more = k.accept(time, stepMasks[codes[i]], exclusionMasks[codes[i]]);
      }
      if (!more) {
        done[slot >>> 6] |= 1L << slot;
        break;
      }
    }
    save(slot, k);
  }

  private boolean isDone(int slot) {
    return (done[slot >>> 6] & (1L << slot)) != 0;
  }

  private int slotOf(long subject) {
    int slot = slots.slotOf(subject, mover);
    int[] compacted = moved;
    if (compacted != null) {
      // The slots were compacted just now: the chunk's events move with their subjects.
      for (int i = 0; i < chunkSize; i++) {
        int was = chunkSlots[i];
        chunkSlots[i] = was < compacted.length && compacted[was] >= 0 ? compacted[was] : was;
      }
      moved = null;
    }
    ensure(slot);
    return slot;
  }

  /** Makes room for the slot's state; a slot never used before gets a fresh one. */
  private void ensure(int slot) {
    if (slot < ready) {
      return;
    }
    int words = ((width >= 0 ? (slot | (PAGE - 1)) : slot) >>> 6) + 1;
    if (words > done.length) {
      done = Arrays.copyOf(done, Math.max(words, done.length * 2));
    }
    if (width >= 0) {
      // Every page up to the slot's: in direct mode ids leave gaps, but small ones.
      int last = slot >>> PAGE_SHIFT;
      if (last >= pages.length) {
        pages = Arrays.copyOf(pages, Math.max(last + 1, pages.length * 2));
      }
      for (int page = ready >>> PAGE_SHIFT; page <= last; page++) {
        if (pages[page] == null) {
          long[] state = new long[PAGE * width];
          for (int at = 0; at < state.length; at += width) {
            System.arraycopy(fresh, 0, state, at, width);
          }
          pages[page] = state;
        }
      }
      ready = (last + 1) << PAGE_SHIFT;
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
    int[] compacted = moved;
    if (compacted == null) {
      compacted = new int[slots.limit()];
      Arrays.fill(compacted, -1);
      moved = compacted;
    }
    compacted[from] = to;
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
