package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A columnar batch of events: parallel arrays of subject id, timestamp and event code, with the
 * order the caller promises ({@link Layout}).
 *
 * <p>For speed the batch wraps the arrays without copying them: do not change them while the batch
 * is in use. The promised order is verified as the batch is aggregated, in the same pass, and a
 * violation is an {@link IllegalArgumentException} that names the index and the values. Timestamps
 * must not be negative.
 *
 * <p>Thread-safe as long as nobody writes to the arrays.
 */
public final class EventBatch {

  /** The order the events of a batch come in. Fixed: no value will be added. */
  public enum Layout {
    /** Sorted by subject id (ascending), then by timestamp: the fastest to aggregate. */
    GROUPED,
    /** Sorted by timestamp only: a global event log. */
    TIME_ORDERED,
    /** No order at all. */
    ARBITRARY
  }

  private final long[] subjects;
  private final long[] timestamps;
  private final int[] codes;
  private final Layout layout;

  private EventBatch(long[] subjects, long[] timestamps, int[] codes, Layout layout) {
    requireNonNull(subjects, "subjects");
    requireNonNull(timestamps, "timestamps");
    requireNonNull(codes, "codes");
    checkArgument(
        subjects.length == timestamps.length && timestamps.length == codes.length,
        "arrays differ in length: %s subjects, %s timestamps, %s codes",
        subjects.length,
        timestamps.length,
        codes.length);
    this.subjects = subjects;
    this.timestamps = timestamps;
    this.codes = codes;
    this.layout = layout;
  }

  /**
   * Wraps events sorted by subject id, then timestamp.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static EventBatch grouped(long[] subjects, long[] timestamps, int[] codes) {
    return new EventBatch(subjects, timestamps, codes, Layout.GROUPED);
  }

  /**
   * Wraps events sorted by timestamp.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static EventBatch timeOrdered(long[] subjects, long[] timestamps, int[] codes) {
    return new EventBatch(subjects, timestamps, codes, Layout.TIME_ORDERED);
  }

  /**
   * Wraps events in no particular order.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static EventBatch arbitrary(long[] subjects, long[] timestamps, int[] codes) {
    return new EventBatch(subjects, timestamps, codes, Layout.ARBITRARY);
  }

  /** Returns the number of events. */
  public int size() {
    return codes.length;
  }

  /** Returns the promised order. */
  public Layout layout() {
    return layout;
  }

  long[] subjects() {
    return subjects;
  }

  long[] timestamps() {
    return timestamps;
  }

  int[] codes() {
    return codes;
  }

  @Override
  public String toString() {
    return "EventBatch[" + size() + " events, " + layout + "]";
  }
}
