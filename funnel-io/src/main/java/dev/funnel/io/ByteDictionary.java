package dev.funnel.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Numbers distinct byte strings 0, 1, 2, … in the order they are first seen: the subjects, events
 * and segments of a part of a file, without a {@code String} per row. An open-addressing table of
 * ids over one growing byte array that holds every key once. Not thread-safe: each part of a file
 * read in parallel has its own, and the parts are merged in file order into one.
 */
final class ByteDictionary {
  private static final int EMPTY = -1;

  private byte[] bytes = new byte[1 << 12];
  private int used;
  // Where key i starts in bytes; key i ends where key i + 1 starts.
  private int[] starts = new int[257];
  private int[] hashes = new int[256];
  private int size;
  private int[] table = emptyTable(512);

  /** Returns the number of keys. */
  int size() {
    return size;
  }

  /** Returns the id of {@code b[from, to)}, adding it if it is new. */
  int idOf(byte[] b, int from, int to) {
    int hash = hash(b, from, to);
    int mask = table.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int id = table[slot];
      if (id == EMPTY) {
        return add(b, from, to, hash, slot);
      }
      if (hashes[id] == hash && equals(id, b, from, to)) {
        return id;
      }
    }
  }

  /** Returns the id of another dictionary's key, adding it if it is new. */
  int idOf(ByteDictionary other, int id) {
    return idOf(other.bytes, other.starts[id], other.starts[id + 1]);
  }

  /** Returns key {@code id} as text. */
  String name(int id) {
    return new String(bytes, starts[id], starts[id + 1] - starts[id], StandardCharsets.UTF_8);
  }

  private boolean equals(int id, byte[] b, int from, int to) {
    int start = starts[id];
    return Arrays.equals(bytes, start, starts[id + 1], b, from, to);
  }

  private int add(byte[] b, int from, int to, int hash, int slot) {
    int length = to - from;
    if (used + length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
    }
    System.arraycopy(b, from, bytes, used, length);
    used += length;
    if (size + 1 == hashes.length) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
      starts = Arrays.copyOf(starts, hashes.length + 1);
    }
    int id = size++;
    hashes[id] = hash;
    starts[id + 1] = used;
    table[slot] = id;
    if (size * 2 > table.length) {
      rehash();
    }
    return id;
  }

  private void rehash() {
    table = emptyTable(table.length * 2);
    int mask = table.length - 1;
    for (int id = 0; id < size; id++) {
      int slot = hashes[id] & mask;
      while (table[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
      table[slot] = id;
    }
  }

  private static int[] emptyTable(int length) {
    int[] t = new int[length];
    Arrays.fill(t, EMPTY);
    return t;
  }

  // FNV-1a, then mixed, so that keys that differ in their last digits spread over the table.
  private static int hash(byte[] b, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    return h ^ (h >>> 13);
  }
}
