package dev.funnel.events;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Gives each subject id a slot, an index into per-subject state. Small non-negative ids (such as
 * the dense ids a reader assigns) are their own slots, with no lookup; once an id is negative or
 * far beyond the number of subjects seen, ids go through a hash map and the slots are compacted
 * once ({@link #slotOf} reports it). Not thread-safe.
 */
final class SubjectSlots {
  /** Ids below this are their own slots whatever the number of subjects. */
  private static final long DIRECT_BASE = 1 << 16;

  /** Told when slots are compacted, to move the state of {@code from} to slot {@code to}. */
  interface Mover {
    void move(int from, int to);
  }

  private long[] seen = new long[0]; // bit per slot, while ids are slots
  private int count;
  private int limit; // every slot is below this
  private @Nullable LongIntHashMap ids; // null while ids are slots

  /** Returns the slot of the id, giving it one if it is new; may first compact the slots. */
  int slotOf(long id, Mover mover) {
    LongIntHashMap map = ids;
    if (map == null) {
      if (id >= 0 && id < Math.max(DIRECT_BASE, 4L * count)) {
        int slot = (int) id;
        int word = slot >>> 6;
        if (word >= seen.length) {
          seen = Arrays.copyOf(seen, Math.max(word + 1, seen.length * 2));
        }
        if ((seen[word] & (1L << slot)) == 0) {
          seen[word] |= 1L << slot;
          count++;
          limit = Math.max(limit, slot + 1);
        }
        return slot;
      }
      map = hash(mover);
    }
    int slot = map.indexOf(id);
    limit = map.size();
    return slot;
  }

  /** Moves every id seen into a hash map, slot by slot upwards, so that no state is overwritten. */
  private LongIntHashMap hash(Mover mover) {
    LongIntHashMap map = new LongIntHashMap(Math.max(1024, count * 2));
    for (int slot = 0; slot < limit; slot++) {
      if ((seen[slot >>> 6] & (1L << slot)) != 0) {
        int to = map.indexOf(slot);
        if (to != slot) {
          mover.move(slot, to);
        }
      }
    }
    ids = map;
    seen = new long[0];
    return map;
  }

  /** Returns whether ids go through the hash map (and slots were compacted). */
  boolean hashed() {
    return ids != null;
  }

  /** Returns one past the highest slot given. */
  int limit() {
    return limit;
  }

  /** Returns whether a slot below {@link #limit()} belongs to a subject. */
  boolean used(int slot) {
    return ids != null || (seen[slot >>> 6] & (1L << slot)) != 0;
  }

  /** Returns the id of a used slot. */
  long idOf(int slot) {
    LongIntHashMap map = ids;
    return map == null ? slot : map.keyAt(slot);
  }

  /** Returns the number of subjects. */
  int size() {
    LongIntHashMap map = ids;
    return map == null ? count : map.size();
  }
}
