package dev.funnel.events;

import java.util.Arrays;

/** A growable list of primitive longs, to collect values without boxing. Not thread-safe. */
final class LongList {
  private long[] values = new long[16];
  private int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  void addAll(LongList other) {
    if (values.length - size < other.size) {
      values = Arrays.copyOf(values, Math.max(size + other.size, values.length * 2));
    }
    System.arraycopy(other.values, 0, values, size, other.size);
    size += other.size;
  }

  int size() {
    return size;
  }

  void truncate(int newSize) {
    size = newSize;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
