package dev.funnel.io;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Reads one column's times, as a {@link TimeFormat} says, from UTF-8 bytes into whole units of a
 * resolution since the epoch. ISO times and epoch numbers are parsed from the bytes without
 * allocating, except for a local time in a zone with daylight saving (its offset is looked up by
 * {@link ZoneRules}); patterns go through {@link java.time.format.DateTimeFormatter}. Not
 * thread-safe: it keeps the unit {@link EpochUnit#AUTO} has settled on and the zones it has looked
 * up; each thread reading a column has its own.
 */
final class TimeParser {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long PLAUSIBLE_FROM_SECONDS =
      Instant.parse(TimeFormat.PLAUSIBLE_FROM).getEpochSecond();
  private static final long PLAUSIBLE_TO_SECONDS =
      Instant.parse(TimeFormat.PLAUSIBLE_TO).getEpochSecond();

  private static final long[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  /** The most offset ISO-8601 and {@link ZoneOffset} allow, in seconds. */
  private static final int MAX_OFFSET_SECONDS = 18 * 3_600;

  private final TimeFormat format;
  private final TimeUnit resolution;
  private final long unitNanos;
  private final @Nullable ZoneRules fixedRules;
  private final ZoneRules defaultRules;
  private final Map<String, ZoneRules> zoneNames = new HashMap<>();
  private byte[] lastZoneName = new byte[0];
  private @Nullable ZoneRules lastZoneRules;
  private EpochUnit epochUnit;

  // What the last parse read, before it is turned into the resolution.
  private long seconds;
  private int nanos;

  TimeParser(TimeFormat format, TimeUnit resolution) {
    this(format, resolution, format.epochUnit());
  }

  private TimeParser(TimeFormat format, TimeUnit resolution, EpochUnit epochUnit) {
    this.format = format;
    this.resolution = resolution;
    this.unitNanos = resolution.toNanos(1);
    if (unitNanos > NANOS_PER_SECOND || NANOS_PER_SECOND % unitNanos != 0) {
      throw new IllegalArgumentException("resolution must be seconds or finer, not " + resolution);
    }
    this.defaultRules = format.zone().getRules();
    this.fixedRules = defaultRules.isFixedOffset() ? defaultRules : null;
    this.epochUnit = epochUnit;
  }

  /**
   * Returns a new parser for another thread reading the same column, on the epoch unit this one has
   * settled on, so that every part of a file read in parallel is held to the unit of its first
   * time.
   */
  TimeParser copy() {
    return new TimeParser(format, resolution, epochUnit);
  }

  /** Returns the unit epoch times are read in: the one asked for, or the one AUTO settled on. */
  EpochUnit epochUnit() {
    return epochUnit;
  }

  /**
   * Returns the time written in {@code bytes[from, to)} in units of the resolution since the epoch.
   *
   * @throws BadValue saying what is wrong with it
   */
  long parse(byte[] bytes, int from, int to) throws BadValue {
    switch (format.kind()) {
      case ISO -> parseIso(bytes, from, to);
      case EPOCH -> parseEpoch(bytes, from, to);
      case ISO_OR_EPOCH -> {
        if (to - from > 4 && bytes[from + 4] == '-') {
          parseIso(bytes, from, to);
        } else if (from < to && isDigit(bytes[from])) {
          parseEpoch(bytes, from, to);
        } else {
          throw new BadValue(
              "is neither an ISO-8601 time (such as 2026-11-03T14:22:05Z) nor an epoch number");
        }
      }
      case PATTERN -> parsePattern(new String(bytes, from, to - from, StandardCharsets.UTF_8));
    }
    if (seconds < 0) {
      throw new BadValue("is before 1970-01-01T00:00:00Z, which timestamps cannot hold");
    }
    long perSecond = NANOS_PER_SECOND / unitNanos;
    if (seconds > Long.MAX_VALUE / perSecond - 1) {
      throw new BadValue("is too far in the future for timestamps in this resolution");
    }
    return seconds * perSecond + nanos / unitNanos;
  }

  /** {@link #parse(byte[], int, int)} of a string, for tests and callers holding text. */
  long parse(String text) throws BadValue {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return parse(bytes, 0, bytes.length);
  }

  private void parseIso(byte[] b, int from, int to) throws BadValue {
    int i = from;
    int year = digits(b, i, 4, to);
    i = expect(b, i + 4, '-', to);
    int month = digits(b, i, 2, to);
    i = expect(b, i + 2, '-', to);
    int day = digits(b, i, 2, to);
    i += 2;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new BadValue("is not a date: month " + month + ", day " + day);
    }
    int secondOfDay = 0;
    int fraction = 0;
    if (i < to && (b[i] == 'T' || b[i] == 't' || b[i] == ' ') && i + 1 < to && isDigit(b[i + 1])) {
      int hour = digits(b, i + 1, 2, to);
      i = expect(b, i + 3, ':', to);
      int minute = digits(b, i, 2, to);
      i += 2;
      int second = 0;
      if (i < to && b[i] == ':') {
        second = digits(b, i + 1, 2, to);
        i += 3;
        if (i < to && (b[i] == '.' || b[i] == ',')) {
          int start = ++i;
          while (i < to && isDigit(b[i])) {
            if (i - start == 9) {
              throw new BadValue("has more than nine digits of a second");
            }
            fraction = fraction * 10 + (b[i++] - '0');
          }
          if (i == start) {
            throw new BadValue("has no digits after the decimal point");
          }
          for (int k = i - start; k < 9; k++) {
            fraction *= 10;
          }
        }
      }
      if (hour > 23 || minute > 59 || second > 59) {
        throw new BadValue("is not a time of day: " + hour + ":" + minute + ":" + second);
      }
      secondOfDay = hour * 3_600 + minute * 60 + second;
    }
    long local = epochDay(year, month, day) * 86_400 + secondOfDay;
    nanos = fraction;
    seconds = local - offsetSeconds(b, i, to, year, month, day, secondOfDay);
  }

  /** The offset from UTC of the local time read, from the zone written at {@code i}, if any. */
  private int offsetSeconds(byte[] b, int i, int to, int year, int month, int day, int secondOfDay)
      throws BadValue {
    int start = i;
    while (i < to && b[i] == ' ') {
      i++;
    }
    if (i == to) {
      if (start != to) {
        throw new BadValue("ends in spaces");
      }
      return offsetIn(defaultRules, fixedRules, year, month, day, secondOfDay);
    }
    byte first = b[i];
    if ((first == 'Z' || first == 'z') && i + 1 == to) {
      return 0;
    }
    if (first == '+' || first == '-') {
      int hours = digits(b, i + 1, 2, to);
      int minutes = 0;
      i += 3;
      if (i < to) {
        if (b[i] == ':') {
          i++;
        }
        minutes = digits(b, i, 2, to);
        i += 2;
      }
      if (i != to || minutes > 59 || hours * 3_600 + minutes * 60 > MAX_OFFSET_SECONDS) {
        throw new BadValue("has an offset that is not one");
      }
      int offset = hours * 3_600 + minutes * 60;
      return first == '-' ? -offset : offset;
    }
    if (i == start) {
      throw new BadValue("has '" + (char) first + "' where a zone or the end should be");
    }
    ZoneRules rules;
    if (Arrays.equals(b, i, to, lastZoneName, 0, lastZoneName.length)) {
      // A column names one zone, mostly: no String per row for it.
      rules = requireNonNull(lastZoneRules);
    } else {
      rules = zoneNamed(new String(b, i, to - i, StandardCharsets.UTF_8));
      lastZoneName = Arrays.copyOfRange(b, i, to);
      lastZoneRules = rules;
    }
    return offsetIn(rules, rules.isFixedOffset() ? rules : null, year, month, day, secondOfDay);
  }

  private ZoneRules zoneNamed(String name) throws BadValue {
    ZoneRules rules = zoneNames.get(name);
    if (rules == null) {
      try {
        rules = ZoneId.of(name).getRules();
      } catch (DateTimeException e) {
        throw new BadValue("names the zone '" + name + "', which is not one");
      }
      zoneNames.put(name, rules);
    }
    return rules;
  }

  private static int offsetIn(
      ZoneRules rules, @Nullable ZoneRules fixed, int year, int month, int day, int secondOfDay) {
    if (fixed != null) {
      return fixed.getOffset(Instant.EPOCH).getTotalSeconds();
    }
    // ZoneRules.getOffset(LocalDateTime) gives, in a gap and in an overlap, the offset before the
    // transition: what ZonedDateTime.of makes of a local time.
    LocalDateTime time =
        LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.ofSecondOfDay(secondOfDay));
    return rules.getOffset(time).getTotalSeconds();
  }

  private void parseEpoch(byte[] b, int from, int to) throws BadValue {
    int i = from;
    long whole = 0;
    while (i < to && isDigit(b[i])) {
      if (i - from == 19) {
        throw new BadValue("has too many digits for a time");
      }
      whole = whole * 10 + (b[i++] - '0');
    }
    if (i == from) {
      throw new BadValue("is not a number");
    }
    long fraction = 0;
    int fractionDigits = 0;
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && isDigit(b[i])) {
        // Digits past the ninth are finer than a nanosecond of a second: dropped.
        if (fractionDigits < 9) {
          fraction = fraction * 10 + (b[i] - '0');
          fractionDigits++;
        }
        i++;
      }
    }
    if (i != to) {
      throw new BadValue("is not a number");
    }
    if (whole < 0) {
      // Nineteen digits past Long.MAX_VALUE wrap to a negative number.
      throw new BadValue("has too many digits for a time");
    }
    if (epochUnit == EpochUnit.AUTO) {
      EpochUnit plausible = plausibleUnit(whole);
      if (plausible == null) {
        throw new BadValue(
            "is plausible in no epoch unit (s, ms, us, ns: from "
                + TimeFormat.PLAUSIBLE_FROM
                + " to before "
                + TimeFormat.PLAUSIBLE_TO
                + "); set the epoch unit");
      }
      epochUnit = plausible;
    }
    long perSecond = NANOS_PER_SECOND / epochUnit.nanos();
    seconds = whole / perSecond;
    // The whole part's remainder, plus the fraction of one unit, rounded down: exact in longs,
    // since the fraction is below 10^9 and a unit at most 10^9 nanoseconds.
    long fractionNanos = fraction * epochUnit.nanos() / POWERS_OF_TEN[fractionDigits];
    nanos = (int) ((whole % perSecond) * epochUnit.nanos() + fractionNanos);
    if (seconds < PLAUSIBLE_FROM_SECONDS || seconds >= PLAUSIBLE_TO_SECONDS) {
      EpochUnit plausible = plausibleUnit(whole);
      throw new BadValue(
          "is not plausible as epoch "
              + name(epochUnit)
              + (format.epochUnit() == EpochUnit.AUTO
                  ? ", the unit of the column's first time"
                  : "")
              + (plausible == null ? "" : "; it would be as epoch " + name(plausible)));
    }
  }

  private static @Nullable EpochUnit plausibleUnit(long whole) {
    for (EpochUnit unit : EpochUnit.values()) {
      if (unit == EpochUnit.AUTO) {
        continue;
      }
      long s = whole / (NANOS_PER_SECOND / unit.nanos());
      if (s >= PLAUSIBLE_FROM_SECONDS && s < PLAUSIBLE_TO_SECONDS) {
        return unit;
      }
    }
    return null;
  }

  private static String name(EpochUnit unit) {
    return unit.name().toLowerCase(Locale.ROOT);
  }

  private void parsePattern(String text) throws BadValue {
    TemporalAccessor parsed;
    try {
      parsed = format.formatter().parse(text);
    } catch (DateTimeException e) {
      throw new BadValue("does not match the pattern: " + e.getMessage());
    }
    LocalDate date = parsed.query(TemporalQueries.localDate());
    if (date == null) {
      throw new BadValue("has no date in the pattern's terms");
    }
    LocalTime time = parsed.query(TemporalQueries.localTime());
    LocalDateTime local = date.atTime(time == null ? LocalTime.MIDNIGHT : time);
    ZoneId zone = parsed.query(TemporalQueries.zone());
    Instant instant = local.atZone(zone == null ? format.zone() : zone).toInstant();
    seconds = instant.getEpochSecond();
    nanos = instant.getNano();
  }

  /**
   * Days since 1970-01-01 of a valid date in the proleptic Gregorian calendar, by the era-based
   * formula of H. Hinnant's "chrono-Compatible Low-Level Date Algorithms" ({@code
   * days_from_civil}), which needs no table and no loop.
   */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return (long) era * 146_097 + dayOfEra - 719_468;
  }

  /** The days of a month of the proleptic Gregorian calendar, without a LocalDate per row. */
  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    // 31 for January, March, May, July, August, October, December; 30 for the others.
    return 30 + ((month + (month >> 3)) & 1);
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static int digits(byte[] b, int at, int count, int to) throws BadValue {
    if (at + count > to) {
      throw new BadValue("ends too early");
    }
    int value = 0;
    for (int i = at; i < at + count; i++) {
      if (!isDigit(b[i])) {
        throw new BadValue("has '" + (char) (b[i] & 0xff) + "' where a digit should be");
      }
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }

  private static int expect(byte[] b, int at, char c, int to) throws BadValue {
    if (at >= to) {
      throw new BadValue("ends too early");
    }
    if (b[at] != c) {
      throw new BadValue("has '" + (char) (b[at] & 0xff) + "' where '" + c + "' should be");
    }
    return at + 1;
  }

  /**
   * A value that cannot be read; its message completes "the value …". Cheap to throw: no stack
   * trace, since it is caught by the reader, which reports the row.
   */
  static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue(String message) {
      super(message, null, false, false);
    }
  }
}
