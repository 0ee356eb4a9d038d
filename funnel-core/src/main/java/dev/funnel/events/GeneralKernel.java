package dev.funnel.events;

import java.util.Arrays;

/**
 * The kernel for every policy: strict order, strict increase, a per-step gap and exclusions.
 *
 * <p>For each step it keeps the candidate chains that no other candidate dominates: a later start
 * (more room in the window), a later last step (more room under the gap) and a higher limit (fewer
 * exclusions hit) are each better, and a candidate worse on all three can be dropped. Candidates
 * that can no longer be extended are pruned once time has passed the window or the gap of one of
 * them. The candidates live in primitive arrays that grow to the largest set seen and are then
 * reused, so the kernel does not allocate per event. A step holds at most one candidate per event
 * of the subject within one window and per exclusion limit (at most the number of steps).
 */
final class GeneralKernel extends KernelBase {
  /** The chain of candidates that track none: an empty array, so that no field is null. */
  private static final long[] NO_CHAIN = new long[0];

  /**
   * The candidates that reached one step, in the order they were added, as parallel arrays; with
   * chains tracked, candidate c's timestamps are {@code chain[c * length .. c * length + length)}.
   */
  private static final class Candidates {
    final int length;
    final boolean tracked;
    long[] start = new long[4];
    long[] last = new long[4];
    int[] limit = new int[4];
    long[] chain;
    int size;

    Candidates(int length, boolean tracked) {
      this.length = length;
      this.tracked = tracked;
      this.chain = tracked ? new long[4 * length] : NO_CHAIN;
    }

    /**
     * Appends a candidate; its chain, if tracked, is {@code length − 1} timestamps of {@code from}
     * from {@code offset}, then {@code time}.
     */
    void add(long start, long last, int limit, long[] from, int offset, long time) {
      if (size == this.start.length) {
        int capacity = size * 2;
        this.start = Arrays.copyOf(this.start, capacity);
        this.last = Arrays.copyOf(this.last, capacity);
        this.limit = Arrays.copyOf(this.limit, capacity);
        chain = tracked ? Arrays.copyOf(chain, capacity * length) : NO_CHAIN;
      }
      this.start[size] = start;
      this.last[size] = last;
      this.limit[size] = limit;
      if (tracked) {
        if (length > 1) {
          System.arraycopy(from, offset, chain, size * length, length - 1);
        }
        chain[size * length + length - 1] = time;
      }
      size++;
    }

    /** Moves candidate {@code from} to position {@code to}, for removals that keep the order. */
    void move(int from, int to) {
      if (from == to) {
        return;
      }
      start[to] = start[from];
      last[to] = last[from];
      limit[to] = limit[from];
      if (tracked) {
        System.arraycopy(chain, from * length, chain, to * length, length);
      }
    }

    void copyFrom(Candidates other) {
      start = other.start.clone();
      last = other.last.clone();
      limit = other.limit.clone();
      chain = tracked ? other.chain.clone() : NO_CHAIN;
      size = other.size;
    }
  }

  private final Exclusion[] exclusions;
  private final long window;
  private final long gap;
  private final boolean strictOrder;
  private final boolean strictIncrease;
  private Candidates[] sets;
  private Candidates[] fresh;
  private final boolean trackChain;
  // Empty unless chains are tracked.
  private final long[] best;
  // The earliest time at which a kept candidate can no longer be extended; pruning before then
  // would find nothing to drop. Expired candidates are harmless until pruned: they fail every
  // fit test and cannot dominate a newer candidate.
  private long pruneAfter = Long.MAX_VALUE;

  GeneralKernel(WindowFunnel funnel, boolean trackChain) {
    super(funnel);
    this.exclusions = funnel.exclusions().toArray(new Exclusion[0]);
    this.window = funnel.window();
    this.gap = funnel.maxGap().orElse(-1);
    this.strictOrder = funnel.order() == StepOrder.STRICT;
    this.strictIncrease = funnel.ties() == TiePolicy.STRICT_INCREASE;
    this.sets = new Candidates[steps];
    this.fresh = new Candidates[steps];
    for (int i = 0; i < steps; i++) {
      sets[i] = new Candidates(i + 1, trackChain);
      fresh[i] = new Candidates(i + 1, trackChain);
    }
    this.trackChain = trackChain;
    this.best = trackChain ? new long[steps] : NO_CHAIN;
  }

  @Override
  void clearChains() {
    for (Candidates set : sets) {
      set.size = 0;
    }
    pruneAfter = Long.MAX_VALUE;
  }

  @Override
  public boolean accept(long time, int stepMask, int exclusionMask) {
    if (stopped) {
      return false;
    }
    if (exclusionMask != 0) {
      taint(exclusionMask);
    }
    if (stepMask == 0) {
      return level < steps;
    }
    if (!beforeEvent(stepMask)) {
      return false;
    }
    for (Candidates added : fresh) {
      added.size = 0;
    }
    for (int mask = stepMask; mask != 0; mask &= ~Integer.highestOneBit(mask)) {
      int i = 31 - Integer.numberOfLeadingZeros(mask);
      if (i == 0) {
        if (anchor()) {
          fresh[0].add(time, time, steps, NO_CHAIN, 0, time);
        }
        continue;
      }
      Candidates from = sets[i - 1];
      for (int c = 0; c < from.size; c++) {
        boolean fits =
            time <= expiry(from.start[c], from.last[c])
                && (!strictIncrease || from.last[c] < time)
                && from.limit[c] >= i + 1;
        if (fits) {
          addUndominated(fresh[i], from.start[c], time, from.limit[c], from.chain, c * i, time);
        }
      }
    }
    for (int i = steps - 1; i >= 0; i--) {
      Candidates added = fresh[i];
      if (added.size == 0) {
        continue;
      }
      record(i, added);
      if (strictOrder) {
        continue;
      }
      for (int c = 0; c < added.size; c++) {
        addUndominated(
            sets[i], added.start[c], added.last[c], added.limit[c], added.chain, c * (i + 1), time);
        pruneAfter = Math.min(pruneAfter, expiry(added.start[c], added.last[c]));
      }
    }
    if (strictOrder) {
      // Only chains that end at this event may continue at the next tracked event: the fresh
      // sets become the sets, and the old ones are cleared before the next event fills them.
      Candidates[] old = sets;
      sets = fresh;
      fresh = old;
      pruneAfter = Long.MIN_VALUE;
    }
    if (time > pruneAfter) {
      prune(time);
    }
    return level < steps;
  }

  private void taint(int exclusionMask) {
    for (int e = 0; e < exclusions.length; e++) {
      if ((exclusionMask & (1 << e)) == 0) {
        continue;
      }
      Exclusion exclusion = exclusions[e];
      for (int step = exclusion.fromStep(); step < exclusion.toStep() && step <= steps; step++) {
        Candidates set = sets[step - 1];
        for (int c = 0; c < set.size; c++) {
          set.limit[c] = Math.min(set.limit[c], exclusion.toStep() - 1);
        }
      }
    }
  }

  /** Raises the level if step i + 1 is new; the chain is that of the latest-starting candidate. */
  private void record(int i, Candidates added) {
    if (reach(i) && trackChain) {
      int chosen = 0;
      for (int c = 1; c < added.size; c++) {
        if (added.start[c] > added.start[chosen]) {
          chosen = c;
        }
      }
      System.arraycopy(added.chain, chosen * added.length, best, 0, added.length);
    }
  }

  /**
   * Adds a candidate unless one in the set dominates it, and drops those it dominates. Its chain,
   * if tracked, is {@code set.length − 1} timestamps of {@code chain} from {@code offset}, then
   * {@code time}.
   */
  private void addUndominated(
      Candidates set, long start, long last, int limit, long[] chain, int offset, long time) {
    for (int c = 0; c < set.size; c++) {
      if (dominates(set.start[c], set.last[c], set.limit[c], start, last, limit)) {
        return;
      }
    }
    int kept = 0;
    for (int c = 0; c < set.size; c++) {
      if (!dominates(start, last, limit, set.start[c], set.last[c], set.limit[c])) {
        set.move(c, kept++);
      }
    }
    set.size = kept;
    set.add(start, last, limit, chain, offset, time);
  }

  private boolean dominates(
      long start, long last, int limit, long otherStart, long otherLast, int otherLimit) {
    // Under strict increase a later last step is not always better: a chain that ended at the
    // current time cannot take another event at that same time, where an earlier one can.
    return start >= otherStart
        && limit >= otherLimit
        && (strictIncrease ? last == otherLast : last >= otherLast);
  }

  /** Drops the candidates that can no longer be extended at {@code now} or later. */
  private void prune(long now) {
    pruneAfter = Long.MAX_VALUE;
    for (Candidates set : sets) {
      int kept = 0;
      for (int c = 0; c < set.size; c++) {
        long expiry = expiry(set.start[c], set.last[c]);
        if (now <= expiry) {
          set.move(c, kept++);
          pruneAfter = Math.min(pruneAfter, expiry);
        }
      }
      set.size = kept;
    }
  }

  /** The last time at which a candidate of this start and last step can still be extended. */
  private long expiry(long start, long last) {
    // Saturating: a window or gap near Long.MAX_VALUE never expires.
    long byWindow = start > Long.MAX_VALUE - window ? Long.MAX_VALUE : start + window;
    return gap < 0 || last > Long.MAX_VALUE - gap ? byWindow : Math.min(byWindow, last + gap);
  }

  @Override
  public void copyFrom(Kernel other) {
    GeneralKernel that = (GeneralKernel) other;
    for (int i = 0; i < steps; i++) {
      sets[i].copyFrom(that.sets[i]);
    }
    if (trackChain) {
      System.arraycopy(that.best, 0, best, 0, steps);
    }
    pruneAfter = that.pruneAfter;
    copyBase(that);
  }

  @Override
  public void chain(long[] out) {
    System.arraycopy(best, 0, out, 0, level);
  }
}
