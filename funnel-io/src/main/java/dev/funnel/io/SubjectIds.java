package dev.funnel.io;

import java.util.Arrays;

/**
 * The subjects of a whole file, numbered 0, 1, 2, … in the order of their first row. Numbers (a
 * subject of digits only, without a leading zero, below 10^18: most exports' user ids) are kept as
 * {@code long}s in an open-addressing table, one probe to a slot of key and id; other subjects by
 * their bytes in a {@link ByteDictionary}. Not thread-safe: the reader's thread alone numbers
 * subjects, in file order, so that ids do not depend on the threads.
 */
final class SubjectIds {
  private static final long EMPTY = -1;

  private final ByteDictionary texts = new ByteDictionary();
  // Per id: the number, or -1 - its index in texts.
  private long[] keyOfId = new long[1024];
  // Per index in texts: the subject's id.
  private int[] idOfText = new int[256];
  private int size;
  // Slot i holds a number at 2i and its id at 2i + 1, so that a probe touches one cache line.
  private long[] table = emptyTable(1 << 12);

  int size() {
    return size;
  }

  /** Returns the id of a numeric subject, numbering it if new. */
  int ofNumber(long number) {
    int mask = (table.length >> 1) - 1;
    for (int slot = mix(number) & mask; ; slot = (slot + 1) & mask) {
      long key = table[2 * slot];
      if (key == number) {
        return (int) table[2 * slot + 1];
      }
      if (key == EMPTY) {
        int id = newId(number);
        table[2 * slot] = number;
        table[2 * slot + 1] = id;
        if (2L * size > mask) {
          rehash();
        }
        return id;
      }
    }
  }

  /** Returns the id of another dictionary's text subject, numbering it if new. */
  int ofText(ByteDictionary block, int id) {
    int before = texts.size();
    int text = texts.idOf(block, id);
    if (text < before) {
      return idOfText[text];
    }
    int subject = newId(-1L - text);
    if (text == idOfText.length) {
      idOfText = Arrays.copyOf(idOfText, idOfText.length * 2);
    }
    idOfText[text] = subject;
    return subject;
  }

  /** Returns subject {@code id}'s name. */
  String name(int id) {
    long key = keyOfId[id];
    return key >= 0 ? Long.toString(key) : texts.name((int) (-1L - key));
  }

  private int newId(long key) {
    if (size == keyOfId.length) {
      keyOfId = Arrays.copyOf(keyOfId, size * 2);
    }
    keyOfId[size] = key;
    return size++;
  }

  private void rehash() {
    long[] old = table;
    table = emptyTable(old.length * 2);
    int mask = (table.length >> 1) - 1;
    for (int i = 0; i < old.length; i += 2) {
      long key = old[i];
      if (key != EMPTY) {
        int slot = mix(key) & mask;
        while (table[2 * slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        table[2 * slot] = key;
        table[2 * slot + 1] = old[i + 1];
      }
    }
  }

  private static long[] emptyTable(int length) {
    long[] t = new long[length];
    Arrays.fill(t, EMPTY);
    return t;
  }

  // The finaliser of SplitMix64: consecutive ids land far apart.
  private static int mix(long x) {
    long z = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return (int) (z ^ (z >>> 31));
  }
}
