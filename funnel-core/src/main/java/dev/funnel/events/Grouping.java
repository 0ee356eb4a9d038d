package dev.funnel.events;

import org.jspecify.annotations.Nullable;

/**
 * The events of a time-ordered or arbitrary batch regrouped by subject, so that each subject's
 * events can be scanned in one run: a stable counting scatter (input order survives within a
 * subject), then a stable sort by time within each subject when the batch had no order. Batches go
 * through {@link RadixScan} instead where it applies; this serves sparse subject ids, keys too wide
 * to pack, and {@link FunnelState}.
 *
 * <p>Subject ids map to dense indices directly when their range is compact (at most four per
 * event), through a hash table otherwise. Only events that match a step or an exclusion are
 * scattered, in two steps (to buckets of consecutive subjects, then within each bucket in cache),
 * each split between threads (by events, then by buckets); subjects without any still count, at
 * level 0. Costs O(n) plus the per-subject sorts, about 12 bytes per relevant event and 8 per
 * subject for the result, and transiently 12 bytes per relevant event and 4 per subject id in the
 * range, plus 4 per id and thread for the counts (and 4 per event when ids need the hash table).
 */
final class Grouping {
  private static final int BUCKET_EVENTS = 16_384;
  final int groups;
  final long[] subjectIds;
  final int[] offsets;
  final long[] timestamps;
  final int[] codes;

  private Grouping(long[] subjectIds, int[] offsets, long[] timestamps, int[] codes) {
    this.groups = subjectIds.length;
    this.subjectIds = subjectIds;
    this.offsets = offsets;
    this.timestamps = timestamps;
    this.codes = codes;
  }

  /**
   * Regroups a batch that {@link #verify(WindowFunnel, EventBatch, Parallel)} has passed, given
   * what it returned, with every pass split into parts.
   */
  static Grouping ofVerified(
      WindowFunnel funnel, EventBatch batch, BatchSummary verified, Parallel parallel) {
    return ofVerified(funnel, batch, verified, false, BUCKET_EVENTS, parallel);
  }

  /**
   * Regroups the batch; with {@code tiesByCode}, events with equal timestamps are also sorted by
   * code, so that the result does not depend on the input order at all.
   */
  static Grouping of(WindowFunnel funnel, EventBatch batch, boolean tiesByCode) {
    return of(funnel, batch, tiesByCode, BUCKET_EVENTS, Parallel.callerOnly());
  }

  /**
   * {@link #of(WindowFunnel, EventBatch, boolean)} with buckets of about {@code bucketEvents}, and
   * every pass split into parts.
   */
  static Grouping of(
      WindowFunnel funnel,
      EventBatch batch,
      boolean tiesByCode,
      int bucketEvents,
      Parallel parallel) {
    return ofVerified(
        funnel, batch, verify(funnel, batch, parallel), tiesByCode, bucketEvents, parallel);
  }

  private static Grouping ofVerified(
      WindowFunnel funnel,
      EventBatch batch,
      BatchSummary summary,
      boolean tiesByCode,
      int bucketEvents,
      Parallel parallel) {
    if (batch.size() == 0) {
      return new Grouping(new long[0], new int[1], new long[0], new int[0]);
    }
    boolean byTime = batch.layout() == EventBatch.Layout.ARBITRARY || tiesByCode;
    return new Scatter(funnel, batch, summary, bucketEvents, parallel).run(byTime, tiesByCode);
  }

  /**
   * The regrouping of a verified, non-empty batch, in three passes: {@link #count}, {@link
   * #toBuckets}, {@link #withinBuckets}. Subjects form buckets of consecutive dense ids holding
   * about {@code bucketEvents} events, so that the scatter writes to few places at a time: first
   * each event to its bucket, in input order, then within each bucket, whose destination fits in
   * cache, to its subject.
   */
  private static final class Scatter {
    private final long[] subjects;
    private final long[] times;
    private final int[] codes;
    private final int n;
    private final int[] stepMasks;
    private final int[] exclusionMasks;
    private final Parallel parallel;
    private final int parts;
    private final long min;

    /** Per event, its subject's dense index; null when ids are compact (the index is id − min). */
    // Null when subject ids are compact enough to index the per-subject arrays directly.
    private final int @Nullable [] denseIds;

    private final long @Nullable [] idOfDense;
    private final int range;
    private final int bucketShift;
    private final int buckets;
    // Laid out by count(); empty until then:
    private long[] subjectIds = new long[0];
    private int[] offsets = new int[0];
    private int[] start = new int[0];
    private int[] bucketStart = new int[0];
    private int[] bucketGroup = new int[0];
    // Filled by toBuckets() and withinBuckets():
    private long[] groupedTimes = new long[0];
    private int[] groupedCodes = new int[0];
    private long[] bucketTimes = new long[0];
    private int[] bucketSubjects = new int[0];

    Scatter(
        WindowFunnel funnel,
        EventBatch batch,
        BatchSummary summary,
        int bucketEvents,
        Parallel parallel) {
      this.subjects = batch.subjects();
      this.times = batch.timestamps();
      this.codes = batch.codes();
      this.n = batch.size();
      this.stepMasks = funnel.stepMasks();
      this.exclusionMasks = funnel.exclusionMasks();
      this.parallel = parallel;
      this.parts = parallel.parts();
      this.min = summary.minSubject;
      // Compact ids index the per-subject arrays directly; others go through a hash table once,
      // and their indices are kept per event.
      int compact = summary.compactSubjectRange(n);
      if (compact < 0) {
        denseIds = new int[n];
        LongIntHashMap ids = new LongIntHashMap(n);
        for (int i = 0; i < n; i++) {
          denseIds[i] = ids.indexOf(subjects[i]);
        }
        range = ids.size();
        idOfDense = ids.keysInOrder();
      } else {
        denseIds = null;
        idOfDense = null;
        range = compact;
      }
      long subjectsPerBucket = Math.max(1, (long) range * bucketEvents / n);
      this.bucketShift = Math.min(30, 63 - Long.numberOfLeadingZeros(subjectsPerBucket));
      this.buckets = ((range - 1) >> bucketShift) + 1;
    }

    /**
     * Regroups the batch; {@code byTime} sorts each subject's events by time (and by code, if
     * {@code tiesByCode}).
     */
    Grouping run(boolean byTime, boolean tiesByCode) {
      toBuckets(count());
      withinBuckets(byTime, tiesByCode);
      return new Grouping(subjectIds, offsets, groupedTimes, groupedCodes);
    }

    /**
     * Counts the events per subject and the relevant ones per bucket and thread, then lays out the
     * groups; returns, per thread, where its first event of each bucket goes.
     */
    private int[][] count() {
      // Per subject, twice its relevant events, plus one as it has an event at all: one update
      // per event, and subjects with only irrelevant events still count (at level 0). Each
      // thread counts a share of the events, per subject and per bucket.
      int[][] tallies = new int[parts][];
      int[][] perBucket = new int[parts][buckets];
      parallel.run(
          p -> {
            int[] tally = new int[range];
            int[] relevantPerBucket = perBucket[p];
            int to = Parallel.share(n, p + 1, parts);
            for (int i = Parallel.share(n, p, parts); i < to; i++) {
              int code = codes[i];
              int relevant = (stepMasks[code] | exclusionMasks[code]) != 0 ? 1 : 0;
              int d = denseOf(denseIds, subjects, min, i);
              tally[d] = (tally[d] + (relevant << 1)) | 1;
              relevantPerBucket[d >> bucketShift] += relevant;
            }
            tallies[p] = tally;
          });
      int[] tally = tallies[0];
      for (int p = 1; p < parts; p++) {
        int[] other = tallies[p];
        for (int d = 0; d < range; d++) {
          tally[d] = ((tally[d] & ~1) + (other[d] & ~1)) | ((tally[d] | other[d]) & 1);
        }
      }
      layOut(tally);
      bucketStart = BucketLayout.place(perBucket, buckets);
      return perBucket;
    }

    /** Gives each subject present its group and its place, and each bucket its first group. */
    private void layOut(int[] tally) {
      int groups = 0;
      for (int t : tally) {
        groups += t != 0 ? 1 : 0;
      }
      bucketGroup = new int[buckets + 1];
      subjectIds = new long[groups];
      offsets = new int[groups + 1];
      start = new int[range];
      int g = 0;
      int position = 0;
      for (int d = 0; d < range; d++) {
        if ((d & ((1 << bucketShift) - 1)) == 0) {
          bucketGroup[d >> bucketShift] = g;
        }
        if (tally[d] != 0) {
          subjectIds[g] = idOfDense == null ? min + d : idOfDense[d];
          offsets[g] = position;
          start[d] = position;
          position += tally[d] >> 1;
          g++;
        }
      }
      offsets[groups] = position;
      bucketGroup[buckets] = groups;
    }

    /**
     * Writes each relevant event to its bucket, each thread from its places in {@code perBucket}.
     */
    private void toBuckets(int[][] perBucket) {
      int relevant = offsets[offsets.length - 1];
      groupedTimes = new long[relevant];
      groupedCodes = new int[relevant];
      bucketTimes = new long[relevant];
      bucketSubjects = new int[relevant];
      parallel.run(
          p -> {
            int[] next = perBucket[p];
            int to = Parallel.share(n, p + 1, parts);
            for (int i = Parallel.share(n, p, parts); i < to; i++) {
              int code = codes[i];
              if ((stepMasks[code] | exclusionMasks[code]) != 0) {
                int d = denseOf(denseIds, subjects, min, i);
                int at = next[d >> bucketShift]++;
                bucketTimes[at] = times[i];
                bucketSubjects[at] = d;
                groupedCodes[at] = code;
              }
            }
          });
    }

    /**
     * Moves each bucket's events to their subjects' places, then, if {@code byTime}, sorts each
     * subject's events by time (and by code, if {@code tiesByCode}); threads take whole buckets.
     */
    private void withinBuckets(boolean byTime, boolean tiesByCode) {
      int largest = 0;
      for (int b = 0; b < buckets; b++) {
        largest = Math.max(largest, bucketStart[b + 1] - bucketStart[b]);
      }
      int largestBucket = largest;
      parallel.run(
          p -> {
            // Codes wait in groupedCodes at their position in the bucket, where this step writes
            // too: each bucket's codes are copied aside first.
            int[] bucketCodes = new int[largestBucket];
            long[] scratchTimes = new long[byTime ? largestBucket : 0];
            int[] scratchCodes = new int[byTime ? largestBucket : 0];
            int lastBucket = Parallel.share(buckets, p + 1, parts);
            for (int b = Parallel.share(buckets, p, parts); b < lastBucket; b++) {
              int from = bucketStart[b];
              int to = bucketStart[b + 1];
              System.arraycopy(groupedCodes, from, bucketCodes, 0, to - from);
              for (int k = from; k < to; k++) {
                int at = start[bucketSubjects[k]]++;
                groupedTimes[at] = bucketTimes[k];
                groupedCodes[at] = bucketCodes[k - from];
              }
              if (byTime) {
                for (int group = bucketGroup[b]; group < bucketGroup[b + 1]; group++) {
                  sortByTime(
                      groupedTimes,
                      groupedCodes,
                      offsets[group],
                      offsets[group + 1],
                      scratchTimes,
                      scratchCodes,
                      tiesByCode);
                }
              }
            }
          });
    }
  }

  /** {@link #verify(WindowFunnel, EventBatch, Parallel)} on the calling thread alone. */
  static BatchSummary verify(WindowFunnel funnel, EventBatch batch) {
    return verify(funnel, batch, Parallel.callerOnly());
  }

  /**
   * Checks the codes, that timestamps are not negative and, for a time-ordered batch, that they do
   * not go back; returns the smallest and largest subject id, then timestamp. With several {@code
   * parts}, each checks a share of the events.
   *
   * @throws IllegalArgumentException naming the first offending index and its values
   */
  static BatchSummary verify(WindowFunnel funnel, EventBatch batch, Parallel parallel) {
    int n = batch.size();
    int parts = parallel.parts();
    BatchSummary[] summaries = new BatchSummary[parts];
    boolean[] broken = new boolean[parts];
    parallel.run(
        p -> {
          summaries[p] =
              summarize(
                  funnel,
                  batch,
                  Parallel.share(n, p, parts),
                  Parallel.share(n, p + 1, parts),
                  broken,
                  p);
        });
    BatchSummary result = BatchSummary.EMPTY;
    for (int p = 0; p < parts; p++) {
      if (broken[p]) {
        throw firstProblem(funnel, batch);
      }
      result = result.plus(summaries[p]);
    }
    return result;
  }

  /**
   * Returns the ranges of subject ids and timestamps of the events from {@code from} to {@code to},
   * and sets {@code broken[part]} if any of them breaks a rule. Without branches, so that the
   * common case, nothing wrong, runs at the speed of reading the arrays.
   */
  private static BatchSummary summarize(
      WindowFunnel funnel, EventBatch batch, int from, int to, boolean[] broken, int part) {
    long[] subjects = batch.subjects();
    long[] times = batch.timestamps();
    int[] codes = batch.codes();
    int lastCode = funnel.eventCodes() - 1;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    // Each accumulates sign bits: negative once a code, a time or a time's step back was.
    int badCode = 0;
    long badTime = 0;
    if (batch.layout() == EventBatch.Layout.TIME_ORDERED) {
      long previous = from > 0 ? Math.max(0, times[from - 1]) : 0;
      for (int i = from; i < to; i++) {
        long time = times[i];
        badCode |= codes[i] | (lastCode - codes[i]);
        badTime |= time | (time - previous); // no overflow: both are ≥ 0 until badTime < 0
        previous = time;
        min = Math.min(min, subjects[i]);
        max = Math.max(max, subjects[i]);
      }
      if (from < to) {
        minTime = times[from];
        maxTime = times[to - 1];
      }
    } else {
      for (int i = from; i < to; i++) {
        long time = times[i];
        badCode |= codes[i] | (lastCode - codes[i]);
        badTime |= time;
        min = Math.min(min, subjects[i]);
        max = Math.max(max, subjects[i]);
        minTime = Math.min(minTime, time);
        maxTime = Math.max(maxTime, time);
      }
    }
    broken[part] = (badCode | badTime) < 0;
    return new BatchSummary(min, max, minTime, maxTime);
  }

  /** Finds the first event that breaks a rule and describes it. */
  private static IllegalArgumentException firstProblem(WindowFunnel funnel, EventBatch batch) {
    long[] times = batch.timestamps();
    int[] codes = batch.codes();
    int codeCount = funnel.eventCodes();
    boolean timeOrdered = batch.layout() == EventBatch.Layout.TIME_ORDERED;
    long previous = 0;
    for (int i = 0; i < codes.length; i++) {
      int code = codes[i];
      long time = times[i];
      if (code < 0 || code >= codeCount) {
        return new IllegalArgumentException(
            String.format(
                "event code %s at index %s is outside the declared range [0, %s)",
                code, i, codeCount));
      }
      if (time < 0) {
        return new IllegalArgumentException(
            String.format("timestamp at index %s is negative: %s", i, time));
      }
      if (timeOrdered && time < previous) {
        return new IllegalArgumentException(
            String.format(
                "batch promised TIME_ORDERED order, but timestamp %s at index %s is before %s",
                time, i, previous));
      }
      previous = time;
    }
    throw new AssertionError("no event breaks a rule");
  }

  private static int denseOf(int @Nullable [] dense, long[] subjects, long min, int i) {
    return dense == null ? (int) (subjects[i] - min) : dense[i];
  }

  /**
   * A stable sort of the pair of arrays by time (and code, if asked): insertion sort when short,
   * merge sort otherwise.
   */
  static void sortByTime(
      long[] t, int[] c, int from, int to, long[] scratchT, int[] scratchC, boolean byCode) {
    if (to - from <= 24) {
      for (int i = from + 1; i < to; i++) {
        long time = t[i];
        int code = c[i];
        int j = i - 1;
        while (j >= from && (t[j] > time || (byCode && t[j] == time && c[j] > code))) {
          t[j + 1] = t[j];
          c[j + 1] = c[j];
          j--;
        }
        t[j + 1] = time;
        c[j + 1] = code;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    sortByTime(t, c, from, mid, scratchT, scratchC, byCode);
    sortByTime(t, c, mid, to, scratchT, scratchC, byCode);
    if (t[mid - 1] < t[mid] || (t[mid - 1] == t[mid] && (!byCode || c[mid - 1] <= c[mid]))) {
      return;
    }
    int length = mid - from;
    System.arraycopy(t, from, scratchT, 0, length);
    System.arraycopy(c, from, scratchC, 0, length);
    int left = 0;
    int right = mid;
    int out = from;
    while (left < length && right < to) {
      boolean rightFirst =
          t[right] < scratchT[left]
              || (byCode && t[right] == scratchT[left] && c[right] < scratchC[left]);
      if (rightFirst) {
        t[out] = t[right];
        c[out++] = c[right++];
      } else {
        t[out] = scratchT[left];
        c[out++] = scratchC[left++];
      }
    }
    while (left < length) {
      t[out] = scratchT[left];
      c[out++] = scratchC[left++];
    }
  }
}
