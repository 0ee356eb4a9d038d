package dev.funnel.events;

/**
 * The per-subject state machine of a window funnel: it is fed one subject's events in chain order
 * (timestamp, then lowest step, then input position) and knows the level reached.
 *
 * <p>Not thread-safe: one kernel per thread, {@link #reset()} between subjects.
 */
interface Kernel {

  /** Forgets the previous subject. */
  void reset();

  /**
   * Takes the next event of the subject.
   *
   * @param time its timestamp, never before the previous event's
   * @param steps the bit mask of the steps it matches (bit i is step i + 1)
   * @param exclusions the bit mask of the exclusions it matches
   * @return false when later events of the subject can no longer change the result
   */
  boolean accept(long time, int steps, int exclusions);

  /** Returns the level reached so far. */
  int level();

  /** Makes this kernel's state a copy of {@code other}'s, a kernel of the same funnel and kind. */
  void copyFrom(Kernel other);

  /**
   * Copies the timestamps of the first chain that reached {@link #level()} into {@code out}, step 1
   * first; only valid if the kernel was created to track chains.
   */
  void chain(long[] out);

  /**
   * Returns how many longs {@link #save} writes, or -1 if the state has no fixed size (then a
   * subject that must be kept between events keeps a kernel of its own).
   */
  default int stateSize() {
    return -1;
  }

  /** Writes the state to {@code to[offset]} onwards, {@link #stateSize()} longs. */
  default void save(long[] to, int offset) {
    throw new UnsupportedOperationException("this kernel's state has no fixed size");
  }

  /** Makes the state the one {@link #save} wrote at {@code from[offset]}. */
  default void load(long[] from, int offset) {
    throw new UnsupportedOperationException("this kernel's state has no fixed size");
  }
}
