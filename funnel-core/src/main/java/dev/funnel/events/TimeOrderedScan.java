package dev.funnel.events;

/**
 * The scan of a time-ordered batch for {@linkplain WindowFunnel#isSimple() simple funnels},
 * counts only: instead of regrouping events by subject, it keeps each subject's branch-free state
 * (the latest start per step, the reached mask, and the last slot and time, to see ties) in one
 * flat array indexed by subject, so that an event costs one access to its subject's state.
 *
 * <p>Equal timestamps of a subject are fine as long as they arrive in step order; one that
 * arrives out of step order cannot be re-sorted here, so the scan gives up ({@link #run} returns
 * null) and the caller regroups the batch instead. Threads split the subject ids into contiguous
 * ranges, each with a state array of its own; each reads the whole batch.
 *
 * <p>Memory: (steps + 2) longs and one byte per subject id in the compact range. Not
 * thread-safe; one instance per thread.
 */
final class TimeOrderedScan {
  private TimeOrderedScan() {}

  /**
   * Returns the counts per level of the subjects {@code part} of {@code parts} is responsible
   * for, or null if a tie arrived out of step order; ids must be compact ({@code min} to {@code
   * min + range − 1}) and the batch already verified.
   */
  static long[] run(WindowFunnel funnel, EventBatch batch, long min, int range, int part, int parts) {
    long[] subjects = batch.subjects();
    long[] times = batch.timestamps();
    int[] codes = batch.codes();
    int[] slots = funnel.slots();
    int steps = funnel.steps();
    long window = funnel.window();
    int stride = steps + 2; // starts of steps 1..k, then reached | lastSlot << 32, then lastTime
    int from = (int) ((long) range * part / parts);
    int width = (int) ((long) range * (part + 1) / parts) - from;
    if ((long) width * stride > Integer.MAX_VALUE - 8) {
      return null;
    }
    long[] state = new long[width * stride];
    boolean[] present = new boolean[width];
    for (int i = 0; i < codes.length; i++) {
      int d = (int) (subjects[i] - min) - from;
      if (d < 0 || d >= width) {
        continue;
      }
      present[d] = true;
      int slot = slots[codes[i]];
      if (slot > steps) {
        continue;
      }
      long time = times[i];
      int base = d * stride;
      long packed = state[base + steps];
      int reached = (int) packed | 1;
      int lastSlot = (int) (packed >>> 32);
      if (lastSlot != 0 && time == state[base + steps + 1] && slot < lastSlot) {
        return null;
      }
      // Slot 0 is the virtual step every event has reached at its own time.
      long previous = slot == 1 ? time : state[base + slot - 2];
      long inWindow = ((window - (time - previous)) >>> 63) ^ 1;
      long ok = ((reached >>> (slot - 1)) & 1) & inWindow;
      long keep = ok - 1;
      state[base + slot - 1] = (previous & ~keep) | (state[base + slot - 1] & keep);
      reached |= (int) (ok << slot);
      state[base + steps] = (reached & 0xFFFFFFFFL) | ((long) slot << 32);
      state[base + steps + 1] = time;
    }
    long[] counts = new long[steps + 1];
    int levelMask = (1 << (steps + 1)) - 2;
    for (int d = 0; d < width; d++) {
      if (present[d]) {
        int reached = (int) state[d * stride + steps] | 1;
        counts[31 - Integer.numberOfLeadingZeros(reached & levelMask | 1)]++;
      }
    }
    return counts;
  }
}
