package dev.funnel.events;

/**
 * What verifying a batch found out about it: the range of its subject ids and of its timestamps.
 * Verification ({@link Grouping#verify}) makes one for every batch that passes, and each path that
 * lays the batch out reads its ranges from it: whether subject ids are compact enough to index
 * arrays directly, how many bits a packed key needs.
 *
 * <p>Immutable.
 */
final class BatchSummary {
  /** Ranges wider than this many ids per event, plus a small constant, are not compact. */
  private static final int COMPACT_IDS_PER_EVENT = 4;

  private static final int COMPACT_SLACK = 1024;

  /** The summary of no events: the identity of {@link #plus}. */
  static final BatchSummary EMPTY =
      new BatchSummary(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE);

  final long minSubject;
  final long maxSubject;
  final long minTime;
  final long maxTime;

  BatchSummary(long minSubject, long maxSubject, long minTime, long maxTime) {
    this.minSubject = minSubject;
    this.maxSubject = maxSubject;
    this.minTime = minTime;
    this.maxTime = maxTime;
  }

  /** Returns the summary of both parts of a batch. */
  BatchSummary plus(BatchSummary other) {
    return new BatchSummary(
        Math.min(minSubject, other.minSubject),
        Math.max(maxSubject, other.maxSubject),
        Math.min(minTime, other.minTime),
        Math.max(maxTime, other.maxTime));
  }

  /**
   * Returns the number of ids from the smallest subject id to the largest if that range is compact
   * enough to index arrays directly for a batch of {@code events} (at most four ids per event, and
   * below the largest array), or -1.
   */
  int compactSubjectRange(int events) {
    long span =
        maxSubject - minSubject; // overflows for ids far apart, which are not compact either
    return span >= 0
            && span
                < Math.min(
                    Integer.MAX_VALUE - 8, (long) COMPACT_IDS_PER_EVENT * events + COMPACT_SLACK)
        ? (int) span + 1
        : -1;
  }
}
