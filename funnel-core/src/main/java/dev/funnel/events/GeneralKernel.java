package dev.funnel.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel for every policy: strict order, strict increase, a per-step gap and exclusions.
 *
 * <p>For each step it keeps the candidate chains that no other candidate dominates: a later
 * start (more room in the window), a later last step (more room under the gap) and a higher limit
 * (fewer exclusions hit) are each better, and a candidate worse on all three can be dropped.
 * Candidates that can no longer be extended are pruned as time moves on. Exact, but it allocates:
 * the fast kernel serves the default policies.
 */
final class GeneralKernel extends KernelBase {
  private static final class Candidate {
    final long start;
    final long last;
    int limit; // the highest step (1-based) this chain may still reach
    final long[] chain;

    Candidate(long start, long last, int limit, long[] chain) {
      this.start = start;
      this.last = last;
      this.limit = limit;
      this.chain = chain;
    }

    boolean dominates(Candidate other, boolean strictIncrease) {
      // Under strict increase a later last step is not always better: a chain that ended at the
      // current time cannot take another event at that same time, where an earlier one can.
      return start >= other.start
          && limit >= other.limit
          && (strictIncrease ? last == other.last : last >= other.last);
    }
  }

  private final WindowFunnel funnel;
  private final long window;
  private final long gap;
  private final boolean strictOrder;
  private final boolean strictIncrease;
  private final List<List<Candidate>> sets = new ArrayList<>();
  private final List<List<Candidate>> fresh = new ArrayList<>();
  private long[] best = new long[0];

  GeneralKernel(WindowFunnel funnel) {
    super(funnel);
    this.funnel = funnel;
    this.window = funnel.window();
    this.gap = funnel.maxGap().orElse(-1);
    this.strictOrder = funnel.order() == StepOrder.STRICT;
    this.strictIncrease = funnel.ties() == TiePolicy.STRICT_INCREASE;
    for (int i = 0; i < steps; i++) {
      sets.add(new ArrayList<>());
      fresh.add(new ArrayList<>());
    }
  }

  @Override
  void clearChains() {
    sets.forEach(List::clear);
  }

  @Override
  public void reset() {
    super.reset();
    best = new long[0];
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
    fresh.forEach(List::clear);
    for (int mask = stepMask; mask != 0; mask &= ~Integer.highestOneBit(mask)) {
      int i = 31 - Integer.numberOfLeadingZeros(mask);
      if (i == 0) {
        if (anchor()) {
          fresh.get(0).add(new Candidate(time, time, steps, new long[] {time}));
        }
        continue;
      }
      for (Candidate c : sets.get(i - 1)) {
        boolean fits =
            time - c.start <= window
                && (gap < 0 || time - c.last <= gap)
                && (!strictIncrease || c.last < time)
                && c.limit >= i + 1;
        if (fits) {
          long[] chain = Arrays.copyOf(c.chain, i + 1);
          chain[i] = time;
          addUndominated(fresh.get(i), new Candidate(c.start, time, c.limit, chain));
        }
      }
    }
    for (int i = steps - 1; i >= 0; i--) {
      List<Candidate> added = fresh.get(i);
      if (added.isEmpty()) {
        continue;
      }
      record(i, added);
      if (strictOrder) {
        continue;
      }
      for (Candidate c : added) {
        addUndominated(sets.get(i), c);
      }
    }
    if (strictOrder) {
      // Only chains that end at this event may continue at the next tracked event.
      for (int i = 0; i < steps; i++) {
        sets.get(i).clear();
        sets.get(i).addAll(fresh.get(i));
      }
    }
    prune(time);
    return level < steps;
  }

  private void taint(int exclusionMask) {
    for (int e = 0; e < funnel.exclusions().size(); e++) {
      if ((exclusionMask & (1 << e)) == 0) {
        continue;
      }
      Exclusion exclusion = funnel.exclusions().get(e);
      for (int step = exclusion.fromStep(); step < exclusion.toStep() && step <= steps; step++) {
        for (Candidate c : sets.get(step - 1)) {
          c.limit = Math.min(c.limit, exclusion.toStep() - 1);
        }
      }
    }
  }

  private void record(int i, List<Candidate> added) {
    if (reach(i)) {
      Candidate chosen = added.get(0);
      for (Candidate c : added) {
        if (c.start > chosen.start) {
          chosen = c;
        }
      }
      best = chosen.chain.clone();
    }
  }

  private void addUndominated(List<Candidate> set, Candidate candidate) {
    for (Candidate c : set) {
      if (c.dominates(candidate, strictIncrease)) {
        return;
      }
    }
    set.removeIf(c -> candidate.dominates(c, strictIncrease));
    set.add(candidate);
  }

  private void prune(long now) {
    for (List<Candidate> set : sets) {
      set.removeIf(c -> now - c.start > window || (gap >= 0 && now - c.last > gap));
    }
  }

  @Override
  public void copyFrom(Kernel other) {
    GeneralKernel that = (GeneralKernel) other;
    for (int i = 0; i < steps; i++) {
      List<Candidate> set = sets.get(i);
      set.clear();
      for (Candidate c : that.sets.get(i)) {
        set.add(new Candidate(c.start, c.last, c.limit, c.chain));
      }
    }
    best = that.best;
    copyBase(that);
  }

  @Override
  public void chain(long[] out) {
    System.arraycopy(best, 0, out, 0, level);
  }
}
