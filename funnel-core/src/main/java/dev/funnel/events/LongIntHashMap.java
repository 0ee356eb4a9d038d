package dev.funnel.events;

import java.util.Arrays;

/**
 * Maps long keys to dense indices 0, 1, 2... in first-seen order: open addressing with linear
 * probing, so that sparse subject ids cost no boxing. Not thread-safe.
 */
final class LongIntHashMap {
  private long[] keys;
  private int[] values;
  private boolean[] used;
  private long[] order;
  private int size;
  private int mask;

  LongIntHashMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    used = new boolean[capacity];
    order = new long[Math.max(16, expected)];
    mask = capacity - 1;
  }

  /** Returns the index of the key, giving it the next index if it is new. */
  int indexOf(long key) {
    int slot = mix(key) & mask;
    while (used[slot]) {
      if (keys[slot] == key) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    keys[slot] = key;
    values[slot] = size;
    if (size == order.length) {
      order = Arrays.copyOf(order, size * 2);
    }
    order[size] = key;
    size++;
    if (size * 2 > keys.length) {
      grow();
    }
    return size - 1;
  }

  /** Returns the index of the key, or -1 if it has none. */
  int find(long key) {
    int slot = mix(key) & mask;
    while (used[slot]) {
      if (keys[slot] == key) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  int size() {
    return size;
  }

  /** Returns the key of an index given. */
  long keyAt(int index) {
    return order[index];
  }

  /** Returns the keys by index. */
  long[] keysInOrder() {
    return Arrays.copyOf(order, size);
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    values = new int[keys.length];
    used = new boolean[keys.length];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        int slot = mix(oldKeys[i]) & mask;
        while (used[slot]) {
          slot = (slot + 1) & mask;
        }
        used[slot] = true;
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
