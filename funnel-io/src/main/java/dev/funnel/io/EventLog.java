package dev.funnel.io;

import com.google.common.collect.ImmutableList;
import dev.funnel.events.EventBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * An event log read from a file: its rows as an {@link EventBatch} for funnel-core, with the
 * dictionaries that turn the batch's numbers back into names, and an account of every row.
 *
 * <p>Subjects are numbered 0, 1, 2, … in the order of their first row, and events likewise, so the
 * batch takes funnel-core's compact path; {@link #subject(int)} and {@link #event(int)} give the
 * names back. With {@linkplain EventReader.Builder#filters filters} an event code stands for an
 * event and the filters a row passes, and {@link #codes(EventFilter)} gives a step its codes. When
 * the file's times never go back, as in most exports, the rows are grouped by subject (subject 0's
 * rows, then subject 1's, …, each subject's in file order) and the batch is {@link
 * EventBatch.Layout#GROUPED}, the layout funnel-core aggregates fastest and without scratch space;
 * otherwise the rows are in file order and the batch is {@link EventBatch.Layout#ARBITRARY}. Times
 * are whole units of the {@linkplain #resolution() resolution} since the epoch.
 *
 * <p>Rows: {@link #rowsRead()} + {@link #rowsSkipped()} = {@link #dataRows()}, the lines that are
 * records and not the header or empty. Every skipped row has a {@link BadRow}; the first {@value
 * EventReader#MAX_LISTED} are {@linkplain #badRows() listed}.
 *
 * <p>Memory: the batch takes 20 bytes a row; the dictionaries hold each distinct name once.
 * Immutable and thread-safe (the batch's arrays are never written after reading).
 */
public final class EventLog {
  private final String file;
  private final EventBatch batch;
  private final long[] subjectOfRow;
  private final long[] timeOfRow;
  private final int[] eventOfRow;
  private final SubjectIds subjects;
  private final ImmutableList<String> events;
  private final int[] eventOfCode;
  private final long[] maskOfCode;
  private final ImmutableList<EventFilter> filters;
  private final long[] rowsPerCode;
  private final int[] segmentOfSubject;
  private final ImmutableList<String> segmentNames;
  private final long dataRows;
  private final long rowsRead;
  private final long rowsSkipped;
  private final ImmutableList<BadRow> badRows;
  private final TimeUnit resolution;
  private final EpochUnit epochUnit;
  private final long firstTime;
  private final long lastTime;

  EventLog(
      String file,
      long[] subjectOfRow,
      long[] timeOfRow,
      int[] eventOfRow,
      boolean grouped,
      SubjectIds subjects,
      List<String> events,
      int[] eventOfCode,
      long[] maskOfCode,
      List<EventFilter> filters,
      long[] rowsPerCode,
      int[] segmentOfSubject,
      List<String> segmentNames,
      long dataRows,
      long rowsRead,
      long rowsSkipped,
      List<BadRow> badRows,
      TimeUnit resolution,
      EpochUnit epochUnit,
      long firstTime,
      long lastTime) {
    this.file = file;
    this.subjectOfRow = subjectOfRow;
    this.timeOfRow = timeOfRow;
    this.eventOfRow = eventOfRow;
    this.batch =
        grouped
            ? EventBatch.grouped(subjectOfRow, timeOfRow, eventOfRow)
            : EventBatch.arbitrary(subjectOfRow, timeOfRow, eventOfRow);
    this.subjects = subjects;
    this.events = ImmutableList.copyOf(events);
    this.eventOfCode = eventOfCode;
    this.maskOfCode = maskOfCode;
    this.filters = ImmutableList.copyOf(filters);
    this.rowsPerCode = rowsPerCode;
    this.segmentOfSubject = segmentOfSubject;
    this.segmentNames = ImmutableList.copyOf(segmentNames);
    this.dataRows = dataRows;
    this.rowsRead = rowsRead;
    this.rowsSkipped = rowsSkipped;
    this.badRows = ImmutableList.copyOf(badRows);
    this.resolution = resolution;
    this.epochUnit = epochUnit;
    this.firstTime = firstTime;
    this.lastTime = lastTime;
  }

  /** Returns the file's name, as the reader was given it. */
  public String file() {
    return file;
  }

  /** Returns the rows read: subject ids, times and event codes, wrapped without copying. */
  public EventBatch batch() {
    return batch;
  }

  /**
   * Returns the subject id of row {@code row} of the batch (rows in the batch's order, bad rows
   * left out).
   *
   * @throws IndexOutOfBoundsException if there is no such row
   */
  public int subjectId(int row) {
    checkIndex(row, eventOfRow.length, "row");
    return (int) subjectOfRow[row];
  }

  /**
   * Returns the time of row {@code row} of the batch, in units of the {@linkplain #resolution()
   * resolution}.
   *
   * @throws IndexOutOfBoundsException if there is no such row
   */
  public long time(int row) {
    checkIndex(row, eventOfRow.length, "row");
    return timeOfRow[row];
  }

  /**
   * Returns the event code of row {@code row} of the batch.
   *
   * @throws IndexOutOfBoundsException if there is no such row
   */
  public int eventCode(int row) {
    checkIndex(row, eventOfRow.length, "row");
    return eventOfRow[row];
  }

  /** Returns the number of distinct subjects; their ids are 0 to this, exclusive. */
  public int subjectCount() {
    return subjects.size();
  }

  /**
   * Returns the name of subject {@code id}.
   *
   * @throws IndexOutOfBoundsException if there is no such subject
   */
  public String subject(int id) {
    checkIndex(id, subjects.size(), "subject");
    return subjects.name(id);
  }

  /**
   * Returns the distinct event names, in the order of their first row. Without filters with
   * conditions, event {@code c} of this list has event code {@code c}.
   */
  public ImmutableList<String> events() {
    return events;
  }

  /**
   * Returns the number of event codes; the batch's codes are 0 to this, exclusive. Without filters
   * with conditions it is the number of events; with them an event's rows may have several codes,
   * one for each mix of the filters they pass.
   */
  public int codeCount() {
    return eventOfCode.length;
  }

  /**
   * Returns the event name of event code {@code code}.
   *
   * @throws IndexOutOfBoundsException if there is no such code
   */
  public String event(int code) {
    checkIndex(code, eventOfCode.length, "event code");
    return events.get(eventOfCode[code]);
  }

  /**
   * Returns the code of an event name, if any row has it; names match exactly.
   *
   * @throws IllegalStateException if the event's rows have several codes, as filters with
   *     conditions give them; {@link #codes(String...)} gives them all
   */
  public OptionalInt eventCode(String name) {
    int[] codes = codes(name);
    if (codes.length > 1) {
      throw new IllegalStateException(
          "the rows of '" + name + "' have " + codes.length + " codes, by filters; use codes()");
    }
    return codes.length == 0 ? OptionalInt.empty() : OptionalInt.of(codes[0]);
  }

  /** Returns the codes of the rows whose event is one of {@code names}, in ascending order. */
  public int[] codes(String... names) {
    return codes(EventFilter.of(names));
  }

  /**
   * Returns the codes of the rows that pass {@code filter}, in ascending order, for a step: {@code
   * WindowFunnel.builder().eventCodes(log.codeCount()).step(log.codes(filter))…}. Empty if no row
   * passes.
   *
   * @throws IllegalArgumentException if the filter has conditions and the reader was not given it
   */
  public int[] codes(EventFilter filter) {
    int bit = -1;
    if (!filter.conditions().isEmpty()) {
      bit = filters.indexOf(filter);
      if (bit < 0) {
        throw new IllegalArgumentException(
            "the reader was not given the filter '"
                + filter
                + "', so its conditions were not tested; give it to EventReader.Builder.filters");
      }
    }
    int[] codes = new int[eventOfCode.length];
    int found = 0;
    for (int code = 0; code < eventOfCode.length; code++) {
      boolean passes =
          bit < 0
              ? filter.events().contains(events.get(eventOfCode[code]))
              : (maskOfCode[code] & (1L << bit)) != 0;
      if (passes) {
        codes[found++] = code;
      }
    }
    return Arrays.copyOf(codes, found);
  }

  /**
   * Returns how many rows read pass {@code filter}: the sum of {@link #rowsWithEvent} over its
   * {@linkplain #codes(EventFilter) codes}.
   *
   * @throws IllegalArgumentException if the filter has conditions and the reader was not given it
   */
  public long rows(EventFilter filter) {
    long rows = 0;
    for (int code : codes(filter)) {
      rows += rowsPerCode[code];
    }
    return rows;
  }

  /**
   * Returns how many rows read have event code {@code code}.
   *
   * @throws IndexOutOfBoundsException if there is no such code
   */
  public long rowsWithEvent(int code) {
    checkIndex(code, eventOfCode.length, "event code");
    return rowsPerCode[code];
  }

  /**
   * Returns the segment of subject {@code id} by the reader's {@link SegmentAttribution}; empty if
   * no segment column was read or none of the subject's rows has a segment.
   *
   * @throws IndexOutOfBoundsException if there is no such subject
   */
  public Optional<String> segment(int id) {
    checkIndex(id, subjects.size(), "subject");
    int segment = segmentOfSubject.length == 0 ? -1 : segmentOfSubject[id];
    return segment < 0 ? Optional.empty() : Optional.of(segmentNames.get(segment));
  }

  /** The rows in the batch's layout, each row's code {@code c} as {@code codeOf[c]}. */
  EventBatch recoded(int[] codeOf) {
    int[] codes = new int[eventOfRow.length];
    for (int r = 0; r < codes.length; r++) {
      codes[r] = codeOf[eventOfRow[r]];
    }
    return batch.layout() == EventBatch.Layout.GROUPED
        ? EventBatch.grouped(subjectOfRow, timeOfRow, codes)
        : EventBatch.arbitrary(subjectOfRow, timeOfRow, codes);
  }

  /** The names of the segments, by index. */
  ImmutableList<String> segmentNames() {
    return segmentNames;
  }

  /** The index of subject {@code id}'s segment, or -1 for none. */
  int segmentIndex(int id) {
    return segmentOfSubject.length == 0 ? -1 : segmentOfSubject[id];
  }

  /** This log's description without its rows or segments, so that they need not be kept. */
  EventLog withoutRows() {
    return new EventLog(
        file,
        new long[0],
        new long[0],
        new int[0],
        true,
        subjects,
        events,
        eventOfCode,
        maskOfCode,
        filters,
        rowsPerCode,
        new int[0],
        segmentNames,
        dataRows,
        rowsRead,
        rowsSkipped,
        badRows,
        resolution,
        epochUnit,
        firstTime,
        lastTime);
  }

  /** Returns the records below the header, empty lines not counted. */
  public long dataRows() {
    return dataRows;
  }

  /** Returns the rows read (into the batch, unless the rows were streamed into a funnel). */
  public long rowsRead() {
    return rowsRead;
  }

  /** Returns the rows skipped as bad; each has a {@link BadRow}. */
  public long rowsSkipped() {
    return rowsSkipped;
  }

  /** Returns the first {@value EventReader#MAX_LISTED} rows skipped, in file order. */
  public ImmutableList<BadRow> badRows() {
    return badRows;
  }

  /** Returns the unit of the batch's times. */
  public TimeUnit resolution() {
    return resolution;
  }

  /**
   * Returns the unit epoch times were read in: the one asked for, or the one {@link EpochUnit#AUTO}
   * settled on ({@code AUTO} itself if no time was an epoch number).
   */
  public EpochUnit epochUnit() {
    return epochUnit;
  }

  /** Returns the earliest time read, if any row was read. */
  public OptionalLong firstTime() {
    return rowsRead == 0 ? OptionalLong.empty() : OptionalLong.of(firstTime);
  }

  /** Returns the latest time read, if any row was read. */
  public OptionalLong lastTime() {
    return rowsRead == 0 ? OptionalLong.empty() : OptionalLong.of(lastTime);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "EventLog{%s: %,d rows read, %,d skipped, %,d subjects, %,d events, %s}",
        file,
        rowsRead(),
        rowsSkipped,
        subjects.size(),
        events.size(),
        batch.layout());
  }

  private static void checkIndex(int index, int size, String what) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          String.format(Locale.ROOT, "no %s %d: there are %d", what, index, size));
    }
  }
}
