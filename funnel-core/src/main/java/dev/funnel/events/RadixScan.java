package dev.funnel.events;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The scan of a time-ordered or arbitrary batch: each relevant event (one that matches a step or an
 * exclusion) becomes one packed key (subject index, time since the batch's first, and a slot: the
 * step in a {@linkplain WindowFunnel#isSimple() simple funnel}, the code otherwise), the keys are
 * distributed into buckets of consecutive subjects small enough to stay in cache, and each bucket
 * is scanned there. For simple funnels, counts only, the scan is the branch-free step of the {@link
 * DefaultPolicyKernel}, described below; for every other funnel or option, each bucket is sorted by
 * time (arbitrary input), grouped by subject, and each subject's events go through {@link
 * Scan#subject}, in subject order, as the regrouping of {@link Grouping} would give them.
 *
 * <p>Only two passes touch main memory after verification: one counts the keys per bucket, one
 * writes each key to its bucket (a stable distribution, so a time-ordered batch's buckets stay in
 * time order). A bucket of an arbitrary batch is then sorted by time, a least-significant-digit
 * radix sort in cache. Keys in time order update their subject's state (its step starts and reached
 * steps, kept per subject of the bucket); consecutive keys seldom belong to one subject, so their
 * steps overlap in the processor instead of waiting for each other. When a subject has two keys at
 * one time, which must be taken in step order, the bucket is scanned again the other way: grouped
 * by subject with a counting sort, each subject's keys sorted by value (by time, then by step).
 * Sorting by step within equal timestamps is exact here: in a simple funnel every code matches at
 * most one step, so two events with the same step are interchangeable.
 *
 * <p>Threads split the events for the two passes over the batch (each thread's keys go to its own
 * part of every bucket, so the order stays stable) and the buckets for the rest.
 *
 * <p>Applies when the subject ids are compact and the packed key fits in 63 bits; {@link #run}
 * returns false otherwise. Memory, transiently: 8 bytes per relevant event, one bit per subject id
 * and thread, and per thread the largest bucket's keys again (and decoded, 12 bytes more per key,
 * for funnels that are not simple) and {@code 8 × (steps + 2) + 4} bytes per subject id of a
 * bucket.
 */
final class RadixScan {
  /**
   * Keys per bucket aimed at: 128 KiB of them, which stay in a core's L2 cache together with a copy
   * being sorted.
   */
  static final int BUCKET_KEYS = 16_384;

  /** At most this many buckets, so that the writes of the distribution pass stay in cache too. */
  private static final int MAX_BUCKET_BITS = 11;

  /** Buckets of fewer keys are grouped by subject right away, not sorted by time first. */
  static final int MIN_KEYS_TO_SORT_BY_TIME = 1_024;

  /** The widest digit of the sorts by time within a bucket. */
  private static final int MAX_DIGIT_BITS = 11;

  /** Subject runs up to this length are sorted by insertion. */
  private static final int INSERTION_SORT_MAX = 32;

  private final int steps;

  /** Per code, its slot; codes of no step and no exclusion get one past {@link #lastSlot}. */
  private final int[] slots;

  private final int lastSlot;
  private final long window;
  private final long[] subjects;
  private final long[] times;
  private final int[] codes;
  private final long minSubject;
  private final int range;
  private final long minTime;
  private final int slotBits;
  private final int subjectShift;
  private final boolean keysFit;

  /** Bucket {@code b} holds the subject indices from {@code b << lowBits}. */
  private final int lowBits;

  private final int buckets;
  private final List<Scan> scans;

  /** Whether the scans go through {@link Scan#subject} rather than the simple step. */
  private final boolean general;

  private final Parallel parallel;
  private final int parts;
  private final int[] eventBounds;
  private final boolean timeOrdered;
  private final int minKeysToSortByTime;

  private RadixScan(
      WindowFunnel funnel,
      EventBatch batch,
      BatchSummary summary,
      int range,
      List<Scan> scans,
      Parallel parallel,
      int bucketKeys,
      int minKeysToSortByTime) {
    this.steps = funnel.steps();
    this.general = !scans.get(0).canScanSimply();
    if (general) {
      int[] stepMasks = funnel.stepMasks();
      int[] exclusionMasks = funnel.exclusionMasks();
      this.slots = new int[stepMasks.length];
      for (int code = 0; code < slots.length; code++) {
        slots[code] = (stepMasks[code] | exclusionMasks[code]) == 0 ? slots.length : code;
      }
      this.lastSlot = slots.length - 1;
    } else {
      this.slots = funnel.slots();
      this.lastSlot = steps;
    }
    this.window = funnel.window();
    this.subjects = batch.subjects();
    this.times = batch.timestamps();
    this.codes = batch.codes();
    this.minSubject = summary.minSubject;
    this.range = range;
    this.minTime = summary.minTime;
    // A key packs, from the top: the subject's index, the time since minTime, the slot.
    this.slotBits = bits(general ? funnel.eventCodes() : steps + 1);
    int timeBits = bits(summary.maxTime - summary.minTime);
    this.subjectShift = slotBits + timeBits;
    int subjectBits = bits(range - 1);
    this.keysFit = slotBits + timeBits + subjectBits <= 63;
    long perBucket = Math.max(1, (long) bucketKeys * range / Math.max(1, codes.length));
    int wanted = Math.min(subjectBits, 63 - Long.numberOfLeadingZeros(perBucket));
    this.lowBits = Math.max(wanted, subjectBits - MAX_BUCKET_BITS);
    this.buckets = ((range - 1) >>> lowBits) + 1;
    this.scans = scans;
    this.parallel = parallel;
    this.parts = parallel.parts();
    this.timeOrdered = batch.layout() == EventBatch.Layout.TIME_ORDERED;
    this.minKeysToSortByTime = minKeysToSortByTime;
    this.eventBounds = new int[parts + 1];
    for (int p = 0; p <= parts; p++) {
      eventBounds[p] = Parallel.share(codes.length, p, parts);
    }
  }

  /**
   * Aggregates the batch into {@code scans}, one per thread (into the first alone for simple
   * funnels, counts only); returns false, having changed nothing, if the key does not fit. The
   * batch must be verified, as {@code summary} says, with the compact {@code range} of subject ids
   * it gives. {@code bucketKeys} and {@code minKeysToSortByTime} are {@link #BUCKET_KEYS} and
   * {@link #MIN_KEYS_TO_SORT_BY_TIME} but in tests that want many small buckets.
   */
  static boolean run(
      WindowFunnel funnel,
      EventBatch batch,
      BatchSummary summary,
      int range,
      List<Scan> scans,
      Parallel parallel,
      int bucketKeys,
      int minKeysToSortByTime) {
    RadixScan scan =
        new RadixScan(
            funnel, batch, summary, range, scans, parallel, bucketKeys, minKeysToSortByTime);
    if (!scan.keysFit) {
      return false;
    }
    scan.run();
    return true;
  }

  private void run() {
    // Per part, its keys per bucket, then (in place) where its first key of each bucket goes.
    // One more entry per part: an event that is not relevant is written to a place of the
    // part's own past the keys and not counted, which spares a branch per event.
    int[][] positions = new int[parts][buckets + 1];
    long[][] present = new long[parts][(range + 63) >>> 6];
    parallel.run(p -> count(p, positions[p], present[p]));
    int[] bucketStart = BucketLayout.place(positions, buckets);
    int position = bucketStart[buckets];
    for (int p = 0; p < parts; p++) {
      positions[p][buckets] = position + p;
    }
    long[] keys = new long[position + parts];
    parallel.run(p -> distribute(p, positions[p], keys));
    long[] anyPresent = present[0];
    for (int p = 1; p < parts; p++) {
      for (int w = 0; w < anyPresent.length; w++) {
        anyPresent[w] |= present[p][w];
      }
    }

    int[] bucketBounds = new int[parts + 1];
    bucketBounds[parts] = buckets;
    for (int p = 1, b = 0; p < parts; p++) {
      long target = (long) position * p / parts;
      while (b < buckets && bucketStart[b] < target) {
        b++;
      }
      bucketBounds[p] = b;
    }
    long[][] counts = new long[parts][];
    parallel.run(
        p -> {
          int from = bucketBounds[p];
          counts[p] = scan(keys, bucketStart, from, bucketBounds[p + 1], anyPresent, scans.get(p));
        });
    if (general) {
      return;
    }

    long[] total = new long[steps + 1];
    long scanned = 0;
    for (long[] part : counts) {
      for (int level = 0; level <= steps; level++) {
        total[level] += part[level];
        scanned += part[level];
      }
    }
    long subjectsPresent = 0;
    for (long word : anyPresent) {
      subjectsPresent += Long.bitCount(word);
    }
    total[0] += subjectsPresent - scanned;
    scans.get(0).addCounts(total);
  }

  /** Counts part {@code p}'s relevant events per bucket, and marks the subjects present. */
  private void count(int p, int[] perBucket, long[] present) {
    for (int i = eventBounds[p]; i < eventBounds[p + 1]; i++) {
      int d = (int) (subjects[i] - minSubject);
      present[d >>> 6] |= 1L << d;
      // 1 for a relevant event (slot ≤ lastSlot), 0 for any other, without a branch
      perBucket[d >>> lowBits] += ((lastSlot - slots[codes[i]]) >>> 31) ^ 1;
    }
  }

  /**
   * Writes part {@code p}'s relevant events as keys, each to its bucket's next position; the others
   * go to {@code next[buckets]}, which does not move.
   */
  private void distribute(int p, int[] next, long[] keys) {
    for (int i = eventBounds[p]; i < eventBounds[p + 1]; i++) {
      int slot = slots[codes[i]];
      int relevant = ((lastSlot - slot) >>> 31) ^ 1;
      long d = subjects[i] - minSubject;
      int bucket = (int) d >>> lowBits;
      bucket += (buckets - bucket) & (relevant - 1);
      keys[next[bucket]] = (d << subjectShift) | ((times[i] - minTime) << slotBits) | slot;
      next[bucket] += relevant;
    }
  }

  /**
   * Sorts and scans the buckets from {@code fromBucket} to {@code toBucket}. For a simple funnel
   * returns the counts per level of the subjects that have keys there; otherwise gives every
   * subject {@code present} there, with keys or without, to {@code target} and returns null.
   */
  private long @Nullable [] scan(
      long[] keys, int[] bucketStart, int fromBucket, int toBucket, long[] present, Scan target) {
    int largest = 0;
    for (int b = fromBucket; b < toBucket; b++) {
      largest = Math.max(largest, bucketStart[b + 1] - bucketStart[b]);
    }
    BucketScan scan = new BucketScan(largest);
    for (int b = fromBucket; b < toBucket; b++) {
      int from = bucketStart[b];
      int to = bucketStart[b + 1];
      if (from == to && !general) {
        continue;
      }
      int ids = Math.min(1 << lowBits, range - (b << lowBits));
      if (general) {
        scan.bySubjectInTimeOrder(keys, from, to, b << lowBits, ids, present, target);
        continue;
      }
      // Keys in time order go through the cheaper scan; the other one is the fallback for ties.
      long[] source = keys;
      int first = from;
      boolean byTime = timeOrdered;
      if (!timeOrdered && to - from >= minKeysToSortByTime) {
        source = scan.sortByTime(keys, from, to);
        first = source == keys ? from : 0;
        byTime = true;
      }
      if (byTime && scan.inTimeOrder(source, first, first + to - from, ids)) {
        continue;
      }
      // Grouping by subject writes to whichever of the two arrays does not hold the keys now.
      boolean inKeys = source == keys;
      scan.bySubject(
          source, first, first + to - from, inKeys ? scan.sorted : keys, inKeys ? 0 : from, ids);
    }
    return general ? null : scan.counts;
  }

  /** One thread's scratch space for {@link #scan}, sized for the largest bucket. */
  private final class BucketScan {
    final long[] counts = new long[steps + 1];
    final int levelMask = DefaultPolicyKernel.levelMask(steps);
    final int lowMask = (1 << lowBits) - 1;
    final long slotMask = (1L << slotBits) - 1;
    final long timeMask = (1L << (subjectShift - slotBits)) - 1;
    final int stride = steps + 2;
    final long[] sorted;

    /** A bucket's events decoded, for {@link Scan#subject}: empty for simple funnels. */
    final long[] eventTimes;

    final int[] eventCodes;
    final int[] subjectEnd = new int[1 << lowBits];

    /** Per subject of the bucket: its step starts ({@code stride} each) and its reached steps. */
    final long[] states = new long[stride << lowBits];

    final int[] reachedById = new int[1 << lowBits];

    /** Radix passes by time: how many, and how many bits each. */
    final int timePasses;

    final int digitBits;
    final int[][] histograms;

    BucketScan(int largest) {
      sorted = new long[largest];
      eventTimes = new long[general ? largest : 0];
      eventCodes = new int[general ? largest : 0];
      int timeBits = subjectShift - slotBits;
      timePasses = (timeBits + MAX_DIGIT_BITS - 1) / MAX_DIGIT_BITS;
      digitBits = timePasses == 0 ? 0 : (timeBits + timePasses - 1) / timePasses;
      histograms = new int[timePasses][1 << digitBits];
    }

    /**
     * Sorts the keys from {@code from} to {@code to} stably by time; returns the array that holds
     * them sorted: {@code keys} (at the same place) or {@link #sorted} (from 0).
     */
    long[] sortByTime(long[] keys, int from, int to) {
      int digitMask = (1 << digitBits) - 1;
      for (int[] histogram : histograms) {
        Arrays.fill(histogram, 0);
      }
      for (int i = from; i < to; i++) {
        long time = keys[i] >>> slotBits;
        for (int pass = 0; pass < timePasses; pass++) {
          histograms[pass][(int) (time >>> (pass * digitBits)) & digitMask]++;
        }
      }
      long[] source = keys;
      int sourceFrom = from;
      long[] target = sorted;
      int targetFrom = 0;
      for (int pass = 0; pass < timePasses; pass++) {
        int[] next = histograms[pass];
        int sum = targetFrom;
        for (int digit = 0; digit <= digitMask; digit++) {
          int c = next[digit];
          next[digit] = sum;
          sum += c;
        }
        int shift = slotBits + pass * digitBits;
        for (int i = sourceFrom, end = sourceFrom + to - from; i < end; i++) {
          long key = source[i];
          target[next[(int) (key >>> shift) & digitMask]++] = key;
        }
        long[] swap = source;
        source = target;
        target = swap;
        int swapFrom = sourceFrom;
        sourceFrom = targetFrom;
        targetFrom = swapFrom;
      }
      return source;
    }

    /** Whether a subject that has reached a step meets another event at its last start time. */
    @SuppressWarnings("ShortCircuitBoolean") // no branch in the hottest loop of the scan
    private static boolean tie(int reached, long start, long time) {
      return (reached != 0) & (start == time);
    }

    /**
     * Scans keys in time order, each updating its subject's state, which stays in cache;
     * consecutive keys seldom share a subject, so their steps overlap. Returns false, having
     * counted nothing, if a subject has two keys at one time, which must be taken in step order.
     */
    boolean inTimeOrder(long[] keys, int from, int to, int ids) {
      boolean ties = false;
      for (int i = from; i < to; i++) {
        long key = keys[i];
        int j = (int) (key >>> subjectShift) & lowMask;
        long time = (key >>> slotBits) & timeMask;
        int offset = j * stride;
        int reached = reachedById[j];
        ties |= tie(reached, states[offset], time);
        reachedById[j] =
            DefaultPolicyKernel.step(
                states, offset, reached | 1, (int) (key & slotMask), time, window);
      }
      for (int j = 0; j < ids; j++) {
        int reached = reachedById[j];
        if (reached != 0 && !ties) {
          counts[DefaultPolicyKernel.level(reached, levelMask)]++;
        }
        reachedById[j] = 0;
      }
      return !ties;
    }

    /**
     * Groups the keys by subject (stably) into {@code target} from {@code at}, sorts each subject's
     * keys by value and scans them.
     */
    void bySubject(long[] keys, int from, int to, long[] target, int at, int ids) {
      group(keys, from, to, target, at, ids);
      long[] start = states; // free here: one subject at a time needs only its first entries
      for (int j = 0; j < ids; j++) {
        int first = subjectEnd[j];
        int end = j + 1 < ids ? subjectEnd[j + 1] : at + to - from;
        if (first == end) {
          continue;
        }
        sortRun(target, first, end);
        int reached = 1;
        for (int k = first; k < end; k++) {
          long key = target[k];
          reached =
              DefaultPolicyKernel.step(
                  start, reached, (int) (key & slotMask), (key >>> slotBits) & timeMask, window);
        }
        counts[DefaultPolicyKernel.level(reached, levelMask)]++;
      }
    }

    /**
     * For funnels that are not simple: sorts the bucket's keys by time (stably, so that events at
     * one time stay in input order), groups them by subject, and gives each subject of the bucket
     * that is {@code present}, from the first, to {@code target}, which sorts out ties.
     */
    void bySubjectInTimeOrder(
        long[] keys, int from, int to, int firstId, int ids, long[] present, Scan target) {
      long[] source = keys;
      int first = from;
      if (!timeOrdered && to > from) {
        source = sortByTime(keys, from, to);
        first = source == keys ? from : 0;
      }
      boolean inKeys = source == keys;
      long[] grouped = inKeys ? sorted : keys;
      int at = inKeys ? 0 : from;
      group(source, first, first + to - from, grouped, at, ids);
      for (int k = 0; k < to - from; k++) {
        long key = grouped[at + k];
        eventTimes[k] = minTime + ((key >>> slotBits) & timeMask);
        eventCodes[k] = (int) (key & slotMask);
      }
      for (int j = 0; j < ids; j++) {
        int id = firstId + j;
        if ((present[id >>> 6] & (1L << id)) == 0) {
          continue;
        }
        int end = j + 1 < ids ? subjectEnd[j + 1] : at + to - from;
        target.subject(minSubject + id, eventTimes, eventCodes, subjectEnd[j] - at, end - at);
      }
    }

    /**
     * Groups the keys by subject (stably) into {@code target} from {@code at}; leaves each
     * subject's start in {@link #subjectEnd}.
     */
    private void group(long[] keys, int from, int to, long[] target, int at, int ids) {
      Arrays.fill(subjectEnd, 0, ids, 0);
      for (int i = from; i < to; i++) {
        subjectEnd[(int) (keys[i] >>> subjectShift) & lowMask]++;
      }
      subjectEnd[0] += at;
      for (int j = 1; j < ids; j++) {
        subjectEnd[j] += subjectEnd[j - 1];
      }
      // Placing backwards from each subject's end keeps the sort stable and leaves subjectEnd
      // holding each subject's start, which is the previous subject's end.
      for (int i = to - 1; i >= from; i--) {
        long key = keys[i];
        target[--subjectEnd[(int) (key >>> subjectShift) & lowMask]] = key;
      }
    }
  }

  /** Sorts one subject's keys by value: by time, then by step. */
  private static void sortRun(long[] keys, int from, int to) {
    if (to - from > INSERTION_SORT_MAX) {
      Arrays.sort(keys, from, to);
      return;
    }
    for (int i = from + 1; i < to; i++) {
      long key = keys[i];
      int j = i - 1;
      while (j >= from && keys[j] > key) {
        keys[j + 1] = keys[j];
        j--;
      }
      keys[j + 1] = key;
    }
  }

  /** Returns the number of bits that {@code value} (not negative) needs. */
  private static int bits(long value) {
    return 64 - Long.numberOfLeadingZeros(value);
  }
}
