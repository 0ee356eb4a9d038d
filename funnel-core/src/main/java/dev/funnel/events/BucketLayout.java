package dev.funnel.events;

/**
 * Where the events of a stable scatter into buckets go, for both distributions of a batch (the
 * bucketed scan's packed keys in {@link RadixScan}, the regrouping's events in {@link Grouping}).
 * Each part of the input, one per thread, counts its events per bucket; within a bucket the parts'
 * events then follow each other in part order, and each part writes its own in input order, so the
 * input order survives the scatter (a time-ordered batch's buckets stay in time order).
 */
final class BucketLayout {
  private BucketLayout() {}

  /**
   * Turns {@code counts[p][b]}, the events part {@code p} has for bucket {@code b}, into the place
   * of that part's first event of the bucket, and returns where each bucket starts, the total at
   * index {@code buckets}. Entries of {@code counts} from index {@code buckets} on are left as they
   * are.
   */
  static int[] place(int[][] counts, int buckets) {
    int[] bucketStart = new int[buckets + 1];
    int position = 0;
    for (int b = 0; b < buckets; b++) {
      bucketStart[b] = position;
      for (int[] part : counts) {
        int events = part[b];
        part[b] = position;
        position += events;
      }
    }
    bucketStart[buckets] = position;
    return bucketStart;
  }
}
