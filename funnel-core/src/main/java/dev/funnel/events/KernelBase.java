package dev.funnel.events;

/**
 * What every kernel shares: the level reached, the level of the current segment (since the last
 * restart), the window anchor and the repeat policy. Subclasses keep the chains.
 */
abstract class KernelBase implements Kernel {
  final int steps;
  final boolean firstEntry;
  final RepeatPolicy repeats;
  int level;
  int segmentLevel;
  boolean anchored;
  boolean stopped;

  KernelBase(WindowFunnel funnel) {
    this.steps = funnel.steps();
    this.firstEntry = funnel.windowAnchor() == WindowAnchor.FIRST_ENTRY;
    this.repeats = funnel.repeats();
  }

  /** Forgets every chain in progress. */
  abstract void clearChains();

  /**
   * Applies the repeat policy to an event about to be taken: returns false when the search has
   * stopped, and clears the chains when the event restarts it.
   */
  final boolean beforeEvent(int stepMask) {
    if (stopped) {
      return false;
    }
    // A repeat is a match of a reached step other than step 1: bits 1 .. segmentLevel − 1.
    if (repeats != RepeatPolicy.IGNORE && (stepMask & ((1 << segmentLevel) - 1) & ~1) != 0) {
      if (repeats == RepeatPolicy.STOP) {
        stopped = true;
        return false;
      }
      clearChains();
      segmentLevel = 0;
      anchored = false;
    }
    return true;
  }

  /** Returns whether a step-1 event may open a window now, and marks the window opened. */
  final boolean anchor() {
    if (firstEntry && anchored) {
      return false;
    }
    anchored = true;
    return true;
  }

  /** Notes that a chain reached step {@code i + 1}; returns whether that raised the level. */
  final boolean reach(int i) {
    if (i + 1 > segmentLevel) {
      segmentLevel = i + 1;
    }
    if (i + 1 > level) {
      level = i + 1;
      return true;
    }
    return false;
  }

  @Override
  public void reset() {
    clearChains();
    level = 0;
    segmentLevel = 0;
    anchored = false;
    stopped = false;
  }

  final void copyBase(KernelBase other) {
    level = other.level;
    segmentLevel = other.segmentLevel;
    anchored = other.anchored;
    stopped = other.stopped;
  }

  /** Packs the shared state and 32 bits of the subclass's into one long, for {@link #save}. */
  final long packBase(int low) {
    return (low & 0xFFFF_FFFFL)
        | ((long) level << 32)
        | ((long) segmentLevel << 40)
        | (anchored ? 1L << 48 : 0)
        | (stopped ? 1L << 49 : 0);
  }

  /** Unpacks what {@link #packBase} packed and returns the subclass's 32 bits. */
  final int unpackBase(long packed) {
    level = (int) (packed >>> 32) & 0xFF;
    segmentLevel = (int) (packed >>> 40) & 0xFF;
    anchored = (packed & (1L << 48)) != 0;
    stopped = (packed & (1L << 49)) != 0;
    return (int) packed;
  }

  @Override
  public int level() {
    return level;
  }
}
