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
}
