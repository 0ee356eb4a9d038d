package dev.funnel.events;

/**
 * The kernel for the library's default policies on a {@linkplain WindowFunnel#isSimple() simple
 * funnel} (no code in two steps), counts only: branch-free, constant memory, no allocation.
 *
 * <p>{@code start[s]} is the latest start of a chain that reached step s, and bit s of {@code
 * reached} says whether there is one. Slot 0 is a virtual step that every event has "reached" at
 * its own time, so that step 1 needs no case of its own: an event of step s extends slot s − 1 if
 * that slot is reached and its start is within the window, and masks make both the test and the
 * store unconditional. Codes of no step go to slot steps + 1, which is never read.
 *
 * <p>The batch scans ({@link Scan}, {@link RadixScan}) call the static {@link #step} and {@link
 * #level} in their own loops, over a state array they lay out themselves (the bucketed scan keeps
 * the states of many subjects in one array); an instance is the same step behind the {@link Kernel}
 * interface, one subject at a time, which {@link WindowFunnel#newKernel} gives the tracker and the
 * scans' per-subject paths (grouped streams, ties, merged states).
 */
final class DefaultPolicyKernel implements Kernel {
  private final int steps;
  private final long window;
  private final long[] start;
  private final int levelMask;
  private int reached = 1;

  DefaultPolicyKernel(WindowFunnel funnel) {
    this.steps = funnel.steps();
    this.window = funnel.window();
    this.start = new long[steps + 2];
    this.levelMask = levelMask(steps);
  }

  /** Returns the mask of the bits of {@code reached} that are levels: bits 1 to {@code steps}. */
  static int levelMask(int steps) {
    return (1 << (steps + 1)) - 2;
  }

  /**
   * Returns the level that a mask of reached steps of {@link #step} stands for: its highest step
   * within {@code levelMask}, or 0.
   */
  static int level(int reached, int levelMask) {
    return 31 - Integer.numberOfLeadingZeros((reached & levelMask) | 1);
  }

  /** {@link #step(long[], int, int, int, long, long)} with the state at the start of the array. */
  static int step(long[] start, int reached, int slot, long time, long window) {
    return step(start, 0, reached, slot, time, window);
  }

  /**
   * Takes one event of slot {@code slot}: {@code start[offset + s]} holds the start of the chain
   * that reached step {@code s}, and {@code start[offset]} the subject's latest time. Returns the
   * new mask of reached steps.
   */
  static int step(long[] start, int offset, int reached, int slot, long time, long window) {
    start[offset] = time;
    long base = start[offset + slot - 1];
    // Garbage when the slot is not reached (a stale start may even overflow), but masked away.
    long inWindow = ((window - (time - base)) >>> 63) ^ 1;
    long ok = ((reached >>> (slot - 1)) & 1) & inWindow;
    long keep = ok - 1; // all ones when not ok, zero when ok
    start[offset + slot] = (base & ~keep) | (start[offset + slot] & keep);
    return reached | (int) (ok << slot);
  }

  @Override
  public void reset() {
    reached = 1;
  }

  @Override
  public boolean accept(long time, int stepMask, int exclusions) {
    // A simple funnel has no exclusions and at most one step per code.
    int slot = stepMask == 0 ? steps + 1 : Integer.numberOfTrailingZeros(stepMask) + 1;
    reached = step(start, reached, slot, time, window);
    return (reached & (1 << steps)) == 0;
  }

  @Override
  public int level() {
    return level(reached, levelMask);
  }

  @Override
  public void copyFrom(Kernel other) {
    DefaultPolicyKernel that = (DefaultPolicyKernel) other;
    System.arraycopy(that.start, 0, start, 0, start.length);
    reached = that.reached;
  }

  // start[0] is written before each read and start[steps + 1] never read: neither is state. Plain
  // loops: arraycopy costs more on a few longs.
  @Override
  public int stateSize() {
    return steps + 1;
  }

  @Override
  public void save(long[] to, int offset) {
    to[offset] = reached;
    for (int s = 1; s <= steps; s++) {
      to[offset + s] = start[s];
    }
  }

  @Override
  public void load(long[] from, int offset) {
    reached = (int) from[offset];
    for (int s = 1; s <= steps; s++) {
      start[s] = from[offset + s];
    }
  }

  /** Unsupported: this kernel keeps no chains; funnels that track them get another kernel. */
  @Override
  public void chain(long[] out) {
    throw new UnsupportedOperationException("the default-policy kernel keeps no chains");
  }
}
