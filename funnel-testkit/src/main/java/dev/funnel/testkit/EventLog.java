package dev.funnel.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.funnel.events.EventBatch;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A small event log in the order it was drawn: rows of subject id, timestamp and event code. It
 * becomes an {@link EventBatch} in any layout, each layout's order made by a stable sort, so that
 * one log can be checked in all three and against {@link WindowFunnelOracle}.
 *
 * <p>Immutable and thread-safe; the arrays it returns are copies.
 */
public final class EventLog {
  private final long[] subjects;
  private final long[] times;
  private final int[] codes;

  private EventLog(long[] subjects, long[] times, int[] codes) {
    this.subjects = subjects;
    this.times = times;
    this.codes = codes;
  }

  /**
   * Returns the log of the given rows, in their order.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a timestamp is negative
   */
  public static EventLog of(long[] subjects, long[] times, int[] codes) {
    requireNonNull(subjects, "subjects");
    requireNonNull(times, "times");
    requireNonNull(codes, "codes");
    checkArgument(
        subjects.length == times.length && times.length == codes.length,
        "%s subjects, %s timestamps and %s codes",
        subjects.length,
        times.length,
        codes.length);
    for (int i = 0; i < times.length; i++) {
      checkArgument(times[i] >= 0, "timestamp at index %s is negative: %s", i, times[i]);
    }
    return new EventLog(subjects.clone(), times.clone(), codes.clone());
  }

  /** Returns the number of rows. */
  public int size() {
    return codes.length;
  }

  /** Returns the subject of each row. */
  public long[] subjects() {
    return subjects.clone();
  }

  /** Returns the timestamp of each row. */
  public long[] times() {
    return times.clone();
  }

  /** Returns the event code of each row. */
  public int[] codes() {
    return codes.clone();
  }

  /** Returns the distinct subject ids, smallest first. */
  public long[] subjectIds() {
    return Arrays.stream(subjects).distinct().sorted().toArray();
  }

  /** Returns the rows of one subject, in the log's order. */
  public EventLog ofSubject(long subject) {
    int[] rows = IntStream.range(0, size()).filter(i -> subjects[i] == subject).toArray();
    return new EventLog(
        Arrays.stream(rows).mapToLong(i -> subjects[i]).toArray(),
        Arrays.stream(rows).mapToLong(i -> times[i]).toArray(),
        Arrays.stream(rows).map(i -> codes[i]).toArray());
  }

  /**
   * Returns the rows in the order a batch of the given layout holds them: grouped rows sorted by
   * subject then time, time-ordered ones by time (the order a live stream brings them in, for a
   * {@code FunnelTracker}), arbitrary ones as drawn. Sorts are stable, so that rows with equal keys
   * keep the log's order, which is the order a batch takes ties in.
   */
  public EventLog ordered(EventBatch.Layout layout) {
    requireNonNull(layout, "layout");
    // Arbitrary rows keep the log's order: compared by their index.
    Comparator<Integer> order =
        switch (layout) {
          case GROUPED ->
              Comparator.<Integer>comparingLong(i -> subjects[i]).thenComparingLong(i -> times[i]);
          case TIME_ORDERED -> Comparator.comparingLong(i -> times[i]);
          case ARBITRARY -> Comparator.naturalOrder();
        };
    int[] rows = IntStream.range(0, size()).boxed().sorted(order).mapToInt(i -> i).toArray();
    return new EventLog(
        Arrays.stream(rows).mapToLong(i -> subjects[i]).toArray(),
        Arrays.stream(rows).mapToLong(i -> times[i]).toArray(),
        Arrays.stream(rows).map(i -> codes[i]).toArray());
  }

  /**
   * Returns the log as a batch of the given layout, its rows {@linkplain #ordered ordered} for it.
   */
  public EventBatch batch(EventBatch.Layout layout) {
    EventLog rows = ordered(layout);
    return switch (layout) {
      case GROUPED -> EventBatch.grouped(rows.subjects, rows.times, rows.codes);
      case TIME_ORDERED -> EventBatch.timeOrdered(rows.subjects, rows.times, rows.codes);
      case ARBITRARY -> EventBatch.arbitrary(rows.subjects, rows.times, rows.codes);
    };
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EventLog other
        && Arrays.equals(subjects, other.subjects)
        && Arrays.equals(times, other.times)
        && Arrays.equals(codes, other.codes);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(subjects) * 31 + Arrays.hashCode(times)) * 31 + Arrays.hashCode(codes);
  }

  /** Returns the rows as {@code subject@time:code}, for a falsified property's report. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("EventLog[");
    for (int i = 0; i < size(); i++) {
      text.append(i == 0 ? "" : ", ")
          .append(subjects[i])
          .append('@')
          .append(times[i])
          .append(':')
          .append(codes[i]);
    }
    return text.append(']').toString();
  }
}
