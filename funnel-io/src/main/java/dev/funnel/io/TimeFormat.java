package dev.funnel.io;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a column's times are written: {@linkplain #iso() ISO-8601 and its common SQL form},
 * {@linkplain #epoch(EpochUnit) numbers since the epoch}, or a {@linkplain #pattern(String) custom
 * pattern}; with the zone that times without one are in (UTC unless {@linkplain #withZone(ZoneId)
 * set}). Immutable and thread-safe; equal settings are equal.
 *
 * <p>Times are read into whole units of the reader's resolution since 1970-01-01T00:00:00Z, finer
 * digits dropped (rounded down). A time before 1970 is refused, since funnel-core's timestamps are
 * not negative.
 */
public final class TimeFormat {
  /** The first instant a numeric time is plausible at. */
  public static final String PLAUSIBLE_FROM = "1990-01-01T00:00:00Z";

  /** The first instant past the plausible range of numeric times. */
  public static final String PLAUSIBLE_TO = "2100-01-01T00:00:00Z";

  /** What a format is; more kinds may be added. */
  enum Kind {
    ISO,
    EPOCH,
    ISO_OR_EPOCH,
    PATTERN
  }

  private final Kind kind;
  private final EpochUnit epochUnit;
  private final @Nullable String pattern;
  private final @Nullable DateTimeFormatter formatter;
  private final ZoneId zone;

  private TimeFormat(
      Kind kind,
      EpochUnit epochUnit,
      @Nullable String pattern,
      @Nullable DateTimeFormatter formatter,
      ZoneId zone) {
    this.kind = kind;
    this.epochUnit = epochUnit;
    this.pattern = pattern;
    this.formatter = formatter;
    this.zone = zone;
  }

  /**
   * ISO-8601 date-times, with {@code T} or a space between date and time: {@code yyyy-MM-dd[(
   * |T)HH:mm[:ss[.fraction]]]}, the fraction of up to nine digits after a point or a comma, then
   * optionally a zone: {@code Z}, an offset ({@code +01:00}, {@code +0100}, {@code +01}), or, after
   * a space, a zone name ({@code UTC}, {@code GMT}, {@code Europe/Berlin}). This covers the default
   * output of ClickHouse, BigQuery ({@code … UTC}), PostgreSQL ({@code …+00}), pandas and most
   * exports. A time in a region's daylight-saving gap is moved later by the gap, in an overlap it
   * takes the earlier offset, as {@link java.time.ZonedDateTime#of} does.
   */
  public static TimeFormat iso() {
    return new TimeFormat(Kind.ISO, EpochUnit.AUTO, null, null, ZoneOffset.UTC);
  }

  /**
   * Numbers since the epoch in {@code unit}, or, with {@link EpochUnit#AUTO}, in the unit the
   * column's first time is plausible in. A number may have a fraction ({@code 1569888000.25}). In
   * every unit, times before {@value #PLAUSIBLE_FROM} or from {@value #PLAUSIBLE_TO} on are
   * refused, naming the unit in which they would be plausible: epoch seconds read as milliseconds
   * would be January 1970.
   */
  public static TimeFormat epoch(EpochUnit unit) {
    return new TimeFormat(
        Kind.EPOCH, Objects.requireNonNull(unit, "unit"), null, null, ZoneOffset.UTC);
  }

  /**
   * Each time {@linkplain #iso() ISO-8601} or a {@linkplain #epoch(EpochUnit) number since the
   * epoch}, whichever it is: a value whose fifth character is {@code -} is ISO (a date begins
   * {@code yyyy-}), any other an epoch number in {@code unit}. What the command line reads when it
   * is not told; the forms cannot be mistaken for one another.
   */
  public static TimeFormat isoOrEpoch(EpochUnit unit) {
    return new TimeFormat(
        Kind.ISO_OR_EPOCH, Objects.requireNonNull(unit, "unit"), null, null, ZoneOffset.UTC);
  }

  /**
   * Times written as {@code pattern} says, in the letters of {@link DateTimeFormatter#ofPattern}
   * (for example {@code dd/MM/yyyy HH:mm}). A pattern without a time of day reads midnight; one
   * without a zone or offset reads the format's zone.
   *
   * @throws IllegalArgumentException if the pattern is not one, with the reason
   */
  public static TimeFormat pattern(String pattern) {
    DateTimeFormatter formatter;
    try {
      formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "time pattern '" + pattern + "' is not valid: " + e.getMessage(), e);
    }
    return new TimeFormat(Kind.PATTERN, EpochUnit.AUTO, pattern, formatter, ZoneOffset.UTC);
  }

  /**
   * The format the command line's {@code --time-format} names: {@code auto} ({@link #isoOrEpoch}),
   * {@code iso}, {@code epoch} (in {@code epochUnit}), or else a pattern.
   *
   * @throws IllegalArgumentException if it is none of them
   */
  public static TimeFormat of(String format, EpochUnit epochUnit) {
    String name = format.trim();
    if (name.equalsIgnoreCase("auto")) {
      return isoOrEpoch(epochUnit);
    }
    if (name.equalsIgnoreCase("iso")) {
      return iso();
    }
    if (name.equalsIgnoreCase("epoch")) {
      return epoch(epochUnit);
    }
    return pattern(format);
  }

  /**
   * Returns this format with times that name no zone read in {@code zone}.
   *
   * @throws IllegalArgumentException for a zone id that {@link ZoneId#of} does not know
   */
  public TimeFormat withZone(String zone) {
    try {
      return withZone(ZoneId.of(zone.trim()));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone '" + zone + "': " + e.getMessage(), e);
    }
  }

  /** Returns this format with times that name no zone read in {@code zone}. */
  public TimeFormat withZone(ZoneId zone) {
    return new TimeFormat(
        kind, epochUnit, pattern, formatter, Objects.requireNonNull(zone, "zone"));
  }

  /** Returns the zone of times that name none. */
  public ZoneId zone() {
    return zone;
  }

  Kind kind() {
    return kind;
  }

  EpochUnit epochUnit() {
    return epochUnit;
  }

  DateTimeFormatter formatter() {
    return Objects.requireNonNull(formatter, "not a pattern format");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TimeFormat other
        && other.kind == kind
        && other.epochUnit == epochUnit
        && Objects.equals(other.pattern, pattern)
        && other.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind.name(), epochUnit.name(), pattern, zone);
  }

  @Override
  public String toString() {
    String what =
        switch (kind) {
          case ISO -> "iso";
          case EPOCH -> "epoch " + epochUnit.code();
          case ISO_OR_EPOCH -> "iso or epoch " + epochUnit.code();
          case PATTERN -> "pattern '" + pattern + "'";
        };
    return "TimeFormat{" + what + ", zone " + zone + "}";
  }
}
