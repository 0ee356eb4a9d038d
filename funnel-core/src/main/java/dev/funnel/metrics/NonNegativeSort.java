package dev.funnel.metrics;

import java.util.Arrays;

/**
 * Sorts non-negative longs by least-significant-digit radix, 11 bits per pass and only as many
 * passes as the largest value needs: durations in milliseconds take two or three, where a
 * comparison sort of millions of them costs several times more.
 */
final class NonNegativeSort {
  private static final int DIGIT_BITS = 11;
  private static final int DIGITS = 1 << DIGIT_BITS;
  // Below this, the counting arrays and the scratch copy cost more than they save.
  private static final int MIN_LENGTH = 4_096;

  private NonNegativeSort() {}

  /** Sorts {@code values}, all of which must be zero or more, in ascending order. */
  static void sort(long[] values) {
    if (values.length < MIN_LENGTH) {
      Arrays.sort(values);
      return;
    }
    long max = 0;
    for (long value : values) {
      max |= value;
    }
    int bits = 64 - Long.numberOfLeadingZeros(max);
    long[] from = values;
    long[] to = new long[values.length];
    int[] counts = new int[DIGITS];
    for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
      Arrays.fill(counts, 0);
      for (long value : from) {
        counts[(int) (value >>> shift) & (DIGITS - 1)]++;
      }
      int offset = 0;
      for (int d = 0; d < DIGITS; d++) {
        int count = counts[d];
        counts[d] = offset;
        offset += count;
      }
      for (long value : from) {
        to[counts[(int) (value >>> shift) & (DIGITS - 1)]++] = value;
      }
      long[] swap = from;
      from = to;
      to = swap;
    }
    if (from != values) {
      System.arraycopy(from, 0, values, 0, values.length);
    }
  }
}
