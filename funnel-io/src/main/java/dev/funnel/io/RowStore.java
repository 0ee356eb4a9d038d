package dev.funnel.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a read as they are merged, in chunks of {@value #CHUNK} rows, so that growing never
 * copies what is already held: an int subject id, an int event code, and the time as an int offset
 * from the chunk's first time when the chunk's times are that close (a time-ordered export's 32,768
 * rows span minutes, not the 24 days of 2^31 milliseconds), else as a long: 12 bytes a row, or 16.
 * {@link #columns} and {@link #groupedBySubject} hand them over as the three arrays of an {@code
 * EventBatch} (20 bytes a row), dropping each column's chunks once it is copied, so that the peak
 * is 20 bytes a row (24 when times are longs), no more than the batch itself, where growing arrays
 * by doubling, or keeping the blocks' own arrays, would need about twice that.
 */
final class RowStore {
  static final int CHUNK = 1 << 15;

  private static final int[] EMPTY_INTS = new int[0];

  private final List<int[]> subjects = new ArrayList<>();
  private final List<int[]> events = new ArrayList<>();
  // Each chunk's times: offsets from its base in offsets, or, once one does not fit, in wide.
  private final List<int[]> offsets = new ArrayList<>();
  private final List<long @Nullable []> wide = new ArrayList<>();
  private long[] bases = new long[16];
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
        events.add(new int[CHUNK]);
        offsets.add(new int[CHUNK]);
        wide.add(null);
        if (offsets.size() > bases.length) {
          bases = Arrays.copyOf(bases, bases.length * 2);
        }
        bases[offsets.size() - 1] = time[from];
      }
      int last = subjects.size() - 1;
      int n = Math.min(count - from, CHUNK - at);
      System.arraycopy(subject, from, subjects.get(last), at, n);
      System.arraycopy(event, from, events.get(last), at, n);
      addTimes(last, at, time, from, n);
      from += n;
      size += n;
    }
  }

  private void addTimes(int chunk, int at, long[] time, int from, int n) {
    long[] longs = wide.get(chunk);
    if (longs == null) {
      int[] offset = offsets.get(chunk);
      long base = bases[chunk];
      int i = 0;
      for (; i < n; i++) {
        long d = time[from + i] - base;
        if (d < 0 || d > Integer.MAX_VALUE) {
          break;
        }
        offset[at + i] = (int) d;
      }
      if (i == n) {
        return;
      }
      // A time too far from the chunk's first: the chunk holds longs from now on.
      longs = new long[CHUNK];
      for (int r = 0; r < at + i; r++) {
        longs[r] = base + offset[r];
      }
      wide.set(chunk, longs);
      offsets.set(chunk, EMPTY_INTS);
      at += i;
      from += i;
      n -= i;
    }
    System.arraycopy(time, from, longs, at, n);
  }

  /** The time of row {@code r} of chunk {@code chunk}. */
  private long time(int chunk, int r) {
    long[] longs = wide.get(chunk);
    return longs != null ? longs[r] : bases[chunk] + offsets.get(chunk)[r];
  }

  private void dropTimes(int chunk) {
    offsets.set(chunk, EMPTY_INTS);
    wide.set(chunk, null);
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
    int[] e = new int[n];
    for (int c = 0; c < events.size(); c++) {
      System.arraycopy(events.get(c), 0, e, c * CHUNK, rowsIn(c, n));
      events.set(c, EMPTY_INTS);
    }
    long[] t = new long[n];
    for (int c = 0; c < offsets.size(); c++) {
      int base = c * CHUNK;
      for (int r = 0, count = rowsIn(c, n); r < count; r++) {
        t[base + r] = time(c, r);
      }
      dropTimes(c);
    }
    clear();
    return new Columns(s, t, e);
  }

  /**
   * The rows grouped by subject id (0, 1, 2, …), each subject's rows in the order they were added,
   * as arrays for an {@code EventBatch}; empties the store. A stable counting sort: the times and
   * then the events are scattered by subject, each column's chunks dropped as they are copied, and
   * the subjects' column is written last from the counts.
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
    // The largest array first, while the heap holds only chunks: G1 does not move an array as
    // large as these, so one placed earlier could leave no gap wide enough for a later one.
    int[] next = start.clone();
    long[] t = new long[n];
    for (int c = 0; c < chunks; c++) {
      int[] subject = subjects.get(c);
      for (int r = 0, count = rowsIn(c, n); r < count; r++) {
        t[next[subject[r]]++] = time(c, r);
      }
      dropTimes(c);
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
    events.clear();
    offsets.clear();
    wide.clear();
    size = 0;
  }

  /** The three columns of a batch. */
  static final class Columns {
    static final Columns EMPTY = new Columns(new long[0], new long[0], new int[0]);

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
