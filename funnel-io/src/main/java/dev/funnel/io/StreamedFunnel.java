package dev.funnel.io;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.events.FunnelResult;
import dev.funnel.events.LevelCounts;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A window funnel aggregated from a file as it was read ({@link EventReader#aggregate}): the
 * funnel's result, each segment's counts, and what was read, without the rows.
 *
 * <p>Immutable and thread-safe.
 */
public final class StreamedFunnel {
  private final EventLog summary;
  private final FunnelResult result;
  private final ImmutableMap<String, LevelCounts> segments;
  private final boolean onePass;

  StreamedFunnel(
      EventLog summary,
      FunnelResult result,
      ImmutableMap<String, LevelCounts> segments,
      boolean onePass) {
    this.summary = summary;
    this.result = result;
    this.segments = segments;
    this.onePass = onePass;
  }

  /**
   * Returns the counts per level and the conversion times (kept to the millisecond, whatever the
   * {@linkplain #resolution() resolution}).
   */
  public FunnelResult result() {
    return result;
  }

  /**
   * Returns the counts of each segment, by segment name in ascending order, subjects without one
   * under {@code "(none)"}; empty if the reader read no segment column.
   */
  public ImmutableMap<String, LevelCounts> segments() {
    return segments;
  }

  /**
   * Returns whether the file was read once, its rows streamed into the funnel: false when its times
   * went back, so that it was read again with its rows held, or when it was a stream.
   */
  public boolean onePass() {
    return onePass;
  }

  /** Returns the file's name, as the reader was given it. */
  public String file() {
    return summary.file();
  }

  /** Returns the number of distinct subjects read. */
  public int subjectCount() {
    return summary.subjectCount();
  }

  /** Returns the records below the header, empty lines not counted. */
  public long dataRows() {
    return summary.dataRows();
  }

  /** Returns the rows read. */
  public long rowsRead() {
    return summary.rowsRead();
  }

  /** Returns the rows skipped as bad; each has a {@link BadRow}. */
  public long rowsSkipped() {
    return summary.rowsSkipped();
  }

  /** Returns the first {@value EventReader#MAX_LISTED} rows skipped, in file order. */
  public ImmutableList<BadRow> badRows() {
    return summary.badRows();
  }

  /** Returns the distinct event names read, in order of first appearance. */
  public ImmutableList<String> events() {
    return summary.events();
  }

  /**
   * Returns how many rows read pass {@code filter}: a step, or a plain filter of events.
   *
   * @throws IllegalArgumentException if the filter has conditions and is neither a step nor among
   *     the reader's filters
   */
  public long rows(EventFilter filter) {
    return summary.rows(filter);
  }

  /** Returns the unit of the times read. */
  public TimeUnit resolution() {
    return summary.resolution();
  }

  /** Returns the unit epoch times were read in ({@link EventLog#epochUnit()}). */
  public EpochUnit epochUnit() {
    return summary.epochUnit();
  }

  /** Returns the earliest time read, if any row was read. */
  public OptionalLong firstTime() {
    return summary.firstTime();
  }

  /** Returns the latest time read, if any row was read. */
  public OptionalLong lastTime() {
    return summary.lastTime();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "StreamedFunnel{%s: %,d rows read, %,d skipped, %,d subjects, %s%s}",
        summary.file(),
        rowsRead(),
        rowsSkipped(),
        subjectCount(),
        result.counts(),
        onePass ? "" : ", rows held");
  }
}
