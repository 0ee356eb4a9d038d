package dev.funnel.events;

import java.util.Arrays;

/**
 * The scan of a time-ordered or arbitrary batch for {@linkplain WindowFunnel#isSimple() simple
 * funnels}, counts only: each relevant event becomes one packed key (subject index, time since the
 * batch's first, step), the keys are sorted by a least-significant-digit radix sort, and one pass
 * over them runs the branch-free step of {@link Scan#groupedSimple}.
 *
 * <p>Sorting by step within equal timestamps is exact here: in a simple funnel every code
 * matches at most one step, so two events with the same step are interchangeable. The radix sort
 * makes a few sequential passes where regrouping would write each event to a random place; on a
 * time-ordered batch, whose keys are already in time order, it sorts by subject only, unless a
 * subject has two events with the same timestamp.
 *
 * <p>Applies when the subject ids are compact and the packed key fits in 63 bits; {@link #run}
 * returns null otherwise. Memory: 16 bytes per relevant event and one byte per subject id.
 * Threads split the subject ids into contiguous ranges; each reads the whole batch.
 */
final class RadixScan {
  private static final int DIGIT_BITS = 11;

  private RadixScan() {}

  /**
   * Returns the counts per level of the subjects {@code part} of {@code parts} is responsible
   * for, or null if the key does not fit; the batch must be verified, with subject ids from
   * {@code minSubject} (a compact {@code range}) and timestamps from {@code minTime} to {@code
   * maxTime}.
   */
  static long[] run(
      WindowFunnel funnel,
      EventBatch batch,
      long minSubject,
      int range,
      long minTime,
      long maxTime,
      int part,
      int parts) {
    int steps = funnel.steps();
    int slotBits = bits(steps + 1);
    int timeBits = bits(maxTime - minTime);
    int subjectBits = bits(range - 1);
    if (slotBits + timeBits + subjectBits > 63) {
      return null;
    }
    long[] subjects = batch.subjects();
    long[] times = batch.timestamps();
    int[] codes = batch.codes();
    int[] slots = funnel.slots();
    int from = (int) ((long) range * part / parts);
    int width = (int) ((long) range * (part + 1) / parts) - from;
    boolean[] present = new boolean[width];
    int relevant = 0;
    for (int i = 0; i < codes.length; i++) {
      int d = (int) (subjects[i] - minSubject) - from;
      if (d >= 0 && d < width) {
        present[d] = true;
        if (slots[codes[i]] <= steps) {
          relevant++;
        }
      }
    }
    long[] keys = new long[relevant];
    int k = 0;
    int timeShift = slotBits;
    int subjectShift = slotBits + timeBits;
    // In a time-ordered batch, a stable sort by subject alone is enough unless one subject has
    // two relevant events at the same time (their steps must be ordered too). Equal times are
    // adjacent in such a batch, so each run of them is checked for a repeated subject.
    boolean timeOrdered = batch.layout() == EventBatch.Layout.TIME_ORDERED;
    boolean subjectTies = false;
    int runStart = 0;
    long runTime = -1;
    for (int i = 0; i < codes.length; i++) {
      int d = (int) (subjects[i] - minSubject) - from;
      int slot = slots[codes[i]];
      if (d >= 0 && d < width && slot <= steps) {
        long key = ((long) d << subjectShift) | ((times[i] - minTime) << timeShift) | slot;
        if (timeOrdered && !subjectTies) {
          if (times[i] != runTime) {
            runTime = times[i];
            runStart = k;
          }
          for (int j = runStart; j < k; j++) {
            if (keys[j] >>> subjectShift == d) {
              subjectTies = true;
            }
          }
        }
        keys[k++] = key;
      }
    }
    keys =
        timeOrdered && !subjectTies
            ? sort(keys, subjectShift, subjectShift + subjectBits)
            : sort(keys, 0, subjectShift + subjectBits);
    long[] counts = new long[steps + 1];
    long window = funnel.window();
    int levelMask = (1 << (steps + 1)) - 2;
    long slotMask = (1L << slotBits) - 1;
    long timeMask = (1L << timeBits) - 1;
    long[] start = new long[steps + 2];
    int reached = 1;
    long current = -1;
    int scanned = 0;
    for (long key : keys) {
      long subject = key >>> subjectShift;
      if (subject != current) {
        if (current >= 0) {
          counts[31 - Integer.numberOfLeadingZeros(reached & levelMask | 1)]++;
          scanned++;
        }
        reached = 1;
        current = subject;
      }
      reached = Scan.simpleStep(start, reached, (int) (key & slotMask), (key >>> timeShift) & timeMask, window);
    }
    if (current >= 0) {
      counts[31 - Integer.numberOfLeadingZeros(reached & levelMask | 1)]++;
      scanned++;
    }
    int subjectsPresent = 0;
    for (boolean p : present) {
      subjectsPresent += p ? 1 : 0;
    }
    counts[0] += subjectsPresent - scanned;
    return counts;
  }

  /** Returns the number of bits that {@code value} (not negative) needs. */
  private static int bits(long value) {
    return 64 - Long.numberOfLeadingZeros(value);
  }

  /**
   * Sorts the keys stably by their bits {@code from} (inclusive) to {@code to} (exclusive), least
   * significant digit first; returns the sorted array, which may be a new one.
   */
  private static long[] sort(long[] keys, int from, int to) {
    long[] source = keys;
    long[] target = new long[keys.length];
    int[] count = new int[1 << DIGIT_BITS];
    for (int shift = from; shift < to; shift += DIGIT_BITS) {
      int mask = (1 << Math.min(DIGIT_BITS, to - shift)) - 1;
      Arrays.fill(count, 0);
      for (long key : source) {
        count[(int) (key >>> shift) & mask]++;
      }
      int sum = 0;
      for (int digit = 0; digit <= mask; digit++) {
        int c = count[digit];
        count[digit] = sum;
        sum += c;
      }
      for (long key : source) {
        target[count[(int) (key >>> shift) & mask]++] = key;
      }
      long[] swap = source;
      source = target;
      target = swap;
    }
    return source;
  }
}
