package dev.funnel.events;

/**
 * The kernel for sequential order with equal timestamps allowed, no gap limit and no exclusions:
 * for each step it keeps only the latest start among the chains that reached it, which is
 * enough, because a later start leaves more room in the window. Constant memory, no allocation.
 */
final class FastKernel implements Kernel {
  private final long window;
  private final boolean firstEntry;
  private final RepeatPolicy repeats;
  private final int steps;
  private final long[] start;
  private final long[][] chains;
  private final long[] best;
  private int reached; // bit i set when start[i] holds a chain that reached step i + 1
  private int level;
  private int segmentLevel;
  private boolean anchored;
  private boolean stopped;

  FastKernel(WindowFunnel funnel, boolean trackChain) {
    this.window = funnel.window();
    this.firstEntry = funnel.windowAnchor() == WindowAnchor.FIRST_ENTRY;
    this.repeats = funnel.repeats();
    this.steps = funnel.steps();
    this.start = new long[steps];
    this.chains = trackChain ? new long[steps][steps] : null;
    this.best = trackChain ? new long[steps] : null;
  }

  @Override
  public void reset() {
    reached = 0;
    level = 0;
    segmentLevel = 0;
    anchored = false;
    stopped = false;
  }

  @Override
  public boolean accept(long time, int stepMask, int exclusions) {
    if (stopped) {
      return false;
    }
    if (repeats != RepeatPolicy.IGNORE && (stepMask & ((1 << segmentLevel) - 1) & ~1) != 0) {
      if (repeats == RepeatPolicy.STOP) {
        stopped = true;
        return false;
      }
      reached = 0;
      segmentLevel = 0;
      anchored = false;
    }
    // Highest step first, so that one event never fills two steps of the same chain.
    for (int mask = stepMask; mask != 0; mask &= ~Integer.highestOneBit(mask)) {
      int i = 31 - Integer.numberOfLeadingZeros(mask);
      if (i == 0) {
        if (!firstEntry || !anchored) {
          start[0] = time;
          reached |= 1;
          anchored = true;
          if (chains != null) {
            chains[0][0] = time;
          }
          record(0);
        }
      } else if ((reached & (1 << (i - 1))) != 0 && time - start[i - 1] <= window) {
        start[i] = start[i - 1];
        reached |= 1 << i;
        if (chains != null) {
          System.arraycopy(chains[i - 1], 0, chains[i], 0, i);
          chains[i][i] = time;
        }
        record(i);
      }
    }
    return level < steps;
  }

  private void record(int i) {
    if (i + 1 > segmentLevel) {
      segmentLevel = i + 1;
    }
    if (i + 1 > level) {
      level = i + 1;
      if (chains != null) {
        System.arraycopy(chains[i], 0, best, 0, i + 1);
      }
    }
  }

  @Override
  public void copyFrom(Kernel other) {
    FastKernel that = (FastKernel) other;
    System.arraycopy(that.start, 0, start, 0, steps);
    if (chains != null) {
      for (int i = 0; i < steps; i++) {
        System.arraycopy(that.chains[i], 0, chains[i], 0, steps);
      }
      System.arraycopy(that.best, 0, best, 0, steps);
    }
    reached = that.reached;
    level = that.level;
    segmentLevel = that.segmentLevel;
    anchored = that.anchored;
    stopped = that.stopped;
  }

  @Override
  public int level() {
    return level;
  }

  @Override
  public void chain(long[] out) {
    System.arraycopy(best, 0, out, 0, level);
  }
}
