package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A partial aggregation that can be merged with others: the contract a distributed engine relies
 * on when events of one subject are spread over several partitions. Each partition makes a state
 * with {@link WindowFunnel#state}; states combine with {@link #plus} in any grouping and any order;
 * {@link #finish()} gives the counts of everything merged.
 *
 * <p>Like ClickHouse's {@code windowFunnel} state, it keeps the events that match a step or an
 * exclusion (12 bytes each plus the subject id, 8), because a subject's level cannot be known
 * before all its events are. So that merging in any order gives the same answer, events with equal
 * timestamps and equal lowest step are put in code order, not input order; this only matters when
 * steps share codes.
 *
 * <p>Laws: {@code a.plus(b).plus(c)} equals {@code a.plus(b.plus(c))}, {@code a.plus(b)} finishes
 * like {@code b.plus(a)}, and the empty state is the identity. Immutable and thread-safe.
 */
public final class FunnelState {
  private final WindowFunnel funnel;
  private final long[] subjects;
  private final long[] timestamps;
  private final int[] codes;

  FunnelState(WindowFunnel funnel, long[] subjects, long[] timestamps, int[] codes) {
    this.funnel = funnel;
    this.subjects = subjects;
    this.timestamps = timestamps;
    this.codes = codes;
  }

  static FunnelState of(WindowFunnel funnel, EventBatch batch) {
    long[] s = batch.subjects();
    long[] t = batch.timestamps();
    int[] c = batch.codes();
    Grouping.verify(funnel, batch);
    int kept = 0;
    for (int i = 0; i < c.length; i++) {
      if ((funnel.stepMasks()[c[i]] | funnel.exclusionMasks()[c[i]]) != 0) {
        kept++;
      }
    }
    long[] subjects = new long[kept];
    long[] timestamps = new long[kept];
    int[] codes = new int[kept];
    int k = 0;
    for (int i = 0; i < c.length; i++) {
      if ((funnel.stepMasks()[c[i]] | funnel.exclusionMasks()[c[i]]) != 0) {
        subjects[k] = s[i];
        timestamps[k] = t[i];
        codes[k++] = c[i];
      }
    }
    return new FunnelState(funnel, subjects, timestamps, codes);
  }

  /** Returns the number of events kept. */
  public int events() {
    return codes.length;
  }

  /**
   * Returns the state holding the events of both.
   *
   * @throws IllegalArgumentException if the states belong to different funnel definitions
   */
  public FunnelState plus(FunnelState other) {
    requireNonNull(other, "other");
    checkArgument(funnel == other.funnel, "cannot merge states of different WindowFunnel instances");
    return new FunnelState(
        funnel, concat(subjects, other.subjects), concat(timestamps, other.timestamps), concat(codes, other.codes));
  }

  /**
   * Returns the counts of every subject whose events were merged. Subjects whose events all
   * matched nothing are not counted: their events were not kept.
   */
  public LevelCounts finish() {
    Grouping grouping =
        Grouping.of(funnel, EventBatch.arbitrary(subjects, timestamps, codes), true);
    Scan scan = new Scan(funnel, null, null);
    for (int g = 0; g < grouping.groups; g++) {
      scan.subject(
          grouping.subjectIds[g],
          grouping.timestamps,
          grouping.codes,
          grouping.offsets[g],
          grouping.offsets[g + 1]);
    }
    return LevelCounts.ofExactly(scan.counts().clone());
  }

  private static long[] concat(long[] a, long[] b) {
    long[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
