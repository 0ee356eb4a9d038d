package dev.funnel.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a read as they are merged, in chunks of {@value #CHUNK} rows (16 bytes a row: an int
 * subject id, a long time, an int event code), so that growing never copies what is already held.
 * {@link #columns} and {@link #groupedBySubject} hand them over as the three arrays of an {@code
 * EventBatch} (20 bytes a row), dropping each column's chunks once it is copied: the peak is 28 or
 * 24 bytes a row, where growing arrays by doubling, or keeping the blocks' own arrays, would need
 * about twice that.
 */
final class RowStore {
  static final int CHUNK = 1 << 15;

  private static final int[] EMPTY_INTS = new int[0];
  private static final long[] EMPTY_LONGS = new long[0];

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

  /**
   * The rows in the order they were added, as arrays for an {@code EventBatch}; empties the store.
   */
  Columns columns() {
    int n = Math.toIntExact(size);
    long[] s = new long[n];
    for (int c = 0; c < subjects.size(); c++) {
      int[] chunk = subjects.get(c);
      int base = c * CHUNK;
      for (int r = 0, count = rowsIn(c, n); r < count; r++) {
        s[base + r] = chunk[r];
      }
      subjects.set(c, EMPTY_INTS);
    }
    long[] t = new long[n];
    for (int c = 0; c < times.size(); c++) {
      System.arraycopy(times.get(c), 0, t, c * CHUNK, rowsIn(c, n));
      times.set(c, EMPTY_LONGS);
    }
    int[] e = new int[n];
    for (int c = 0; c < events.size(); c++) {
      System.arraycopy(events.get(c), 0, e, c * CHUNK, rowsIn(c, n));
      events.set(c, EMPTY_INTS);
    }
    clear();
    return new Columns(s, t, e);
  }

  /**
   * The rows grouped by subject id (0, 1, 2, …), each subject's rows in the order they were added,
   * as arrays for an {@code EventBatch}; empties the store. A stable counting sort: the times and
   * the events are scattered by subject one column after the other, and the subjects' column is
   * written last from the counts, so the peak is 24 bytes a row.
   *
   * @param subjectCount one more than the largest subject id added
   */
  Columns groupedBySubject(int subjectCount) {
    int n = Math.toIntExact(size);
    int chunks = subjects.size();
    int[] start = new int[subjectCount + 1];
    for (int c = 0; c < chunks; c++) {
      int[] subject = subjects.get(c);
      for (int r = 0, count = rowsIn(c, n); r < count; r++) {
        start[subject[r] + 1]++;
      }
    }
    for (int i = 0; i < subjectCount; i++) {
      start[i + 1] += start[i];
    }
    int[] next = start.clone();
    long[] t = new long[n];
    for (int c = 0; c < chunks; c++) {
      int[] subject = subjects.get(c);
      long[] time = times.get(c);
      for (int r = 0, count = rowsIn(c, n); r < count; r++) {
        t[next[subject[r]]++] = time[r];
      }
      times.set(c, EMPTY_LONGS);
    }
    System.arraycopy(start, 0, next, 0, subjectCount);
    int[] e = new int[n];
    for (int c = 0; c < chunks; c++) {
      int[] subject = subjects.get(c);
      int[] event = events.get(c);
      for (int r = 0, count = rowsIn(c, n); r < count; r++) {
        e[next[subject[r]]++] = event[r];
      }
      subjects.set(c, EMPTY_INTS);
      events.set(c, EMPTY_INTS);
    }
    clear();
    long[] s = new long[n];
    for (int subject = 0; subject < subjectCount; subject++) {
      Arrays.fill(s, start[subject], start[subject + 1], subject);
    }
    return new Columns(s, t, e);
  }

  private static int rowsIn(int chunk, int rows) {
    return Math.min(CHUNK, rows - chunk * CHUNK);
  }

  private void clear() {
    subjects.clear();
    times.clear();
    events.clear();
    size = 0;
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
