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
 * before all its events are; and the id (8 bytes) of each subject of its batch none of whose
 * events there matched anything, so that such a subject still counts, at level 0, as {@link
 * WindowFunnel#aggregate} and ClickHouse count it. So that merging in any order gives the same
 * answer, events with equal timestamps and equal lowest step are put in code order, not input
 * order; this only matters when steps share codes.
 *
 * <p>Laws: {@code a.plus(b).plus(c)} equals {@code a.plus(b.plus(c))}, {@code a.plus(b)} finishes
 * like {@code b.plus(a)}, the empty state is the identity, and the states of any partition of a
 * batch, merged, finish with exactly the batch's counts, level 0 included. Immutable and
 * thread-safe.
 */
public final class FunnelState {
  private final WindowFunnel funnel;
  private final long[] subjects;
  private final long[] timestamps;
  private final int[] codes;
  // Subjects seen only with events that match nothing (in some state merged here); distinct per
  // state of one batch, possibly repeated after merging.
  private final long[] idle;

  FunnelState(WindowFunnel funnel, long[] subjects, long[] timestamps, int[] codes, long[] idle) {
    this.funnel = funnel;
    this.subjects = subjects;
    this.timestamps = timestamps;
    this.codes = codes;
    this.idle = idle;
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
    return new FunnelState(
        funnel, subjects, timestamps, codes, difference(distinct(s.clone()), distinct(subjects.clone())));
  }

  /** Sorts the ids and returns them without repeats. */
  private static long[] distinct(long[] ids) {
    Arrays.sort(ids);
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (n == 0 || ids[i] != ids[n - 1]) {
        ids[n++] = ids[i];
      }
    }
    return Arrays.copyOf(ids, n);
  }

  /** Returns the sorted distinct ids of {@code all} that are not in {@code some} (both so). */
  private static long[] difference(long[] all, long[] some) {
    long[] result = new long[all.length];
    int n = 0;
    int j = 0;
    for (long id : all) {
      while (j < some.length && some[j] < id) {
        j++;
      }
      if (j == some.length || some[j] != id) {
        result[n++] = id;
      }
    }
    return Arrays.copyOf(result, n);
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
        funnel,
        concat(subjects, other.subjects),
        concat(timestamps, other.timestamps),
        concat(codes, other.codes),
        concat(idle, other.idle));
  }

  /**
   * Returns the counts of every subject whose events were merged, exactly as one batch of all the
   * events gives them: a subject none of whose events matched anything counts at level 0.
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
    long[] counts = scan.counts().clone();
    long[] scanned = Arrays.copyOf(grouping.subjectIds, grouping.groups);
    counts[0] += difference(distinct(idle.clone()), distinct(scanned)).length;
    return LevelCounts.ofExactly(counts);
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
