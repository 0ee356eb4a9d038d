package dev.funnel.events;

/**
 * The kernel for sequential order with equal timestamps allowed, no gap limit and no exclusions:
 * for each step it keeps only the latest start among the chains that reached it, which is enough,
 * because a later start leaves more room in the window. Constant memory, no allocation.
 */
final class FastKernel extends KernelBase {
  private final long window;
  private final long[] start;
  private final boolean tracked;
  // Empty unless chains are tracked.
  private final long[][] chains;
  private final long[] best;
  private int reached; // bit i set when start[i] holds a chain that reached step i + 1

  FastKernel(WindowFunnel funnel, boolean trackChain) {
    super(funnel);
    this.window = funnel.window();
    this.start = new long[steps];
    this.tracked = trackChain;
    this.chains = trackChain ? new long[steps][steps] : new long[0][];
    this.best = trackChain ? new long[steps] : new long[0];
  }

  @Override
  void clearChains() {
    reached = 0;
  }

  @Override
  public boolean accept(long time, int stepMask, int exclusions) {
    if (!beforeEvent(stepMask)) {
      return false;
    }
    // Highest step first, so that one event never fills two steps of the same chain.
    for (int mask = stepMask; mask != 0; mask &= ~Integer.highestOneBit(mask)) {
      int i = 31 - Integer.numberOfLeadingZeros(mask);
      if (i == 0) {
        if (anchor()) {
          start[0] = time;
          reached |= 1;
          if (tracked) {
            chains[0][0] = time;
          }
          record(0);
        }
      } else if ((reached & (1 << (i - 1))) != 0 && time - start[i - 1] <= window) {
        start[i] = start[i - 1];
        reached |= 1 << i;
        if (tracked) {
          System.arraycopy(chains[i - 1], 0, chains[i], 0, i);
          chains[i][i] = time;
        }
        record(i);
      }
    }
    return level < steps;
  }

  private void record(int i) {
    if (reach(i) && tracked) {
      System.arraycopy(chains[i], 0, best, 0, i + 1);
    }
  }

  @Override
  public void copyFrom(Kernel other) {
    FastKernel that = (FastKernel) other;
    System.arraycopy(that.start, 0, start, 0, steps);
    if (tracked) {
      for (int i = 0; i < steps; i++) {
        System.arraycopy(that.chains[i], 0, chains[i], 0, steps);
      }
      System.arraycopy(that.best, 0, best, 0, steps);
    }
    reached = that.reached;
    copyBase(that);
  }

  // The chain to step i + 1 holds i + 1 times, the first its start: with chains tracked, only that
  // triangle and the best chain are state. Plain loops: arraycopy costs more on a few longs.
  @Override
  public int stateSize() {
    return 1 + (tracked ? steps * (steps + 1) / 2 + steps : steps);
  }

  @Override
  public void save(long[] to, int offset) {
    int at = offset;
    to[at++] = packBase(reached);
    if (!tracked) {
      for (int i = 0; i < steps; i++) {
        to[at++] = start[i];
      }
      return;
    }
    for (int i = 0; i < steps; i++) {
      long[] chain = chains[i];
      for (int j = 0; j <= i; j++) {
        to[at++] = chain[j];
      }
    }
    for (int i = 0; i < steps; i++) {
      to[at++] = best[i];
    }
  }

  @Override
  public void load(long[] from, int offset) {
    int at = offset;
    reached = unpackBase(from[at++]);
    if (!tracked) {
      for (int i = 0; i < steps; i++) {
        start[i] = from[at++];
      }
      return;
    }
    for (int i = 0; i < steps; i++) {
      long[] chain = chains[i];
      for (int j = 0; j <= i; j++) {
        chain[j] = from[at++];
      }
      start[i] = chain[0];
    }
    for (int i = 0; i < steps; i++) {
      best[i] = from[at++];
    }
  }

  @Override
  public void chain(long[] out) {
    System.arraycopy(best, 0, out, 0, level);
  }
}
