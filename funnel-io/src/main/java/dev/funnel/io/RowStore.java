package dev.funnel.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a read as they are merged, in chunks of {@value #CHUNK} rows (16 bytes a row: an int
 * subject id, a long time, an int event code), so that growing never copies what is already held.
 * {@link #columns} hands them over as the three arrays of an {@code EventBatch} (20 bytes a row),
 * dropping each column's chunks once it is copied: the peak is 28 bytes a row, where growing arrays
 * by doubling, or keeping the blocks' own arrays, would need about twice that.
 */
final class RowStore {
  static final int CHUNK = 1 << 15;

  private final List<int[]> subjects = new ArrayList<>();
  private final List<long[]> times = new ArrayList<>();
  private final List<int[]> events = new ArrayList<>();
  private long size;

  long size() {
    return size;
  }

  /** Appends rows {@code [0, count)} of the three arrays. */
  void add(int[] subject, long[] time, int[] event, int count) {
    int from = 0;
    while (from < count) {
      int at = (int) (size % CHUNK);
      if (at == 0) {
        subjects.add(new int[CHUNK]);
        times.add(new long[CHUNK]);
        events.add(new int[CHUNK]);
      }
      int last = subjects.size() - 1;
      int n = Math.min(count - from, CHUNK - at);
      System.arraycopy(subject, from, subjects.get(last), at, n);
      System.arraycopy(time, from, times.get(last), at, n);
      System.arraycopy(event, from, events.get(last), at, n);
      from += n;
      size += n;
    }
  }

  /** The rows as arrays for an {@code EventBatch}; the store is empty afterwards. */
  Columns columns() {
    int n = Math.toIntExact(size);
    long[] s = new long[n];
    for (int c = 0; c < subjects.size(); c++) {
      int[] chunk = subjects.get(c);
      int base = c * CHUNK;
      int count = Math.min(CHUNK, n - base);
      for (int r = 0; r < count; r++) {
        s[base + r] = chunk[r];
      }
      subjects.set(c, new int[0]);
    }
    long[] t = new long[n];
    for (int c = 0; c < times.size(); c++) {
      System.arraycopy(times.get(c), 0, t, c * CHUNK, Math.min(CHUNK, n - c * CHUNK));
      times.set(c, new long[0]);
    }
    int[] e = new int[n];
    for (int c = 0; c < events.size(); c++) {
      System.arraycopy(events.get(c), 0, e, c * CHUNK, Math.min(CHUNK, n - c * CHUNK));
      events.set(c, new int[0]);
    }
    subjects.clear();
    times.clear();
    events.clear();
    size = 0;
    return new Columns(s, t, e);
  }

  /** The three columns of a batch. */
  static final class Columns {
    final long[] subjects;
    final long[] times;
    final int[] events;

    Columns(long[] subjects, long[] times, int[] events) {
      this.subjects = subjects;
      this.times = times;
      this.events = events;
    }
  }
}
