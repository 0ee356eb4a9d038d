package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The time parser against references outside this code base: the JDK's java.time (its ISO
 * formatters, its zone rules) for generated times, and published epoch values for fixed ones
 * (REES46's first row, {@code 2019-10-01 00:00:00 UTC}, is 1569888000 by any epoch converter and by
 * {@code date -u -d '2019-10-01' +%s}).
 */
class TimeParserTest {
  private static final long SEED = 20261204L;
  private static final long REES46_FIRST = 1_569_888_000L;

  private static long parse(TimeFormat format, TimeUnit resolution, String text)
      throws TimeParser.BadValue {
    return new TimeParser(format, resolution).parse(text);
  }

  private static long isoSeconds(String text) throws TimeParser.BadValue {
    return parse(TimeFormat.iso(), TimeUnit.SECONDS, text);
  }

  @Test
  void readsTheFormsExportsWrite() throws TimeParser.BadValue {
    // REES46 / BigQuery, ClickHouse, PostgreSQL, pandas, ISO with Z and with an offset.
    assertThat(isoSeconds("2019-10-01 00:00:00 UTC")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-10-01 00:00:00")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-10-01 02:00:00+02")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-10-01 02:00:00+02:00")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-09-30T19:00:00-0500")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-10-01T00:00:00Z")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-10-01T00:00Z")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-10-01")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-10-01 02:00:00 Europe/Berlin")).isEqualTo(REES46_FIRST);
    assertThat(isoSeconds("2019-10-01 00:00:00 GMT")).isEqualTo(REES46_FIRST);
  }

  @Test
  void fractionsAreKeptToTheResolutionAndRoundedDown() throws TimeParser.BadValue {
    TimeFormat iso = TimeFormat.iso();
    assertThat(parse(iso, TimeUnit.MILLISECONDS, "2019-10-01 00:00:00.1239 UTC"))
        .isEqualTo(REES46_FIRST * 1_000 + 123);
    assertThat(parse(iso, TimeUnit.MICROSECONDS, "2019-10-01T00:00:00,5Z"))
        .isEqualTo(REES46_FIRST * 1_000_000 + 500_000);
    assertThat(parse(iso, TimeUnit.NANOSECONDS, "2019-10-01T00:00:00.000000001Z"))
        .isEqualTo(REES46_FIRST * 1_000_000_000 + 1);
    assertThat(parse(TimeFormat.epoch(EpochUnit.SECONDS), TimeUnit.MILLISECONDS, "1569888000.25"))
        .isEqualTo(REES46_FIRST * 1_000 + 250);
  }

  @Test
  void zoneLessTimesReadInTheFormatsZone() throws TimeParser.BadValue {
    TimeFormat berlin = TimeFormat.iso().withZone("Europe/Berlin");
    assertThat(parse(berlin, TimeUnit.SECONDS, "2019-10-01 02:00:00")).isEqualTo(REES46_FIRST);
    // A zone written in the value wins over the format's.
    assertThat(parse(berlin, TimeUnit.SECONDS, "2019-10-01 00:00:00 UTC")).isEqualTo(REES46_FIRST);
  }

  @Test
  void daylightSavingGapsAndOverlapsFollowZonedDateTime() throws TimeParser.BadValue {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    TimeFormat format = TimeFormat.iso().withZone(berlin);
    // 2026-03-29 02:30 does not exist in Berlin; 2026-10-25 02:30 exists twice.
    for (String local : new String[] {"2026-03-29T02:30:00", "2026-10-25T02:30:00"}) {
      long expected = ZonedDateTime.of(LocalDateTime.parse(local), berlin).toEpochSecond();
      assertThat(parse(format, TimeUnit.SECONDS, local)).as(local).isEqualTo(expected);
    }
  }

  @Test
  void epochDaysAgreeWithJavaTime() {
    for (long day = LocalDate.of(1600, 1, 1).toEpochDay();
        day <= LocalDate.of(2400, 12, 31).toEpochDay();
        day++) {
      LocalDate date = LocalDate.ofEpochDay(day);
      assertThat(TimeParser.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .isEqualTo(day);
    }
  }

  @Test
  void monthsEndWhereJavaTimeSays() throws TimeParser.BadValue {
    for (int year : new int[] {1999, 2000, 2019, 2020, 2100, 2200, 2400}) {
      for (int month = 1; month <= 12; month++) {
        int last = LocalDate.of(year, month, 1).lengthOfMonth();
        String end = String.format("%d-%02d-%02d", year, month, last);
        assertThat(isoSeconds(end)).isEqualTo(LocalDate.parse(end).toEpochDay() * 86_400);
        String past = String.format("%d-%02d-%02d", year, month, last + 1);
        assertThatThrownBy(() -> isoSeconds(past)).as(past).hasMessageContaining("is not a date");
      }
    }
  }

  @Test
  void anyInstantWrittenByJavaTimeReadsBack() {
    DateTimeFormatter withT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    DateTimeFormatter withSpace = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSSXXX");
    long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
    long to =
        Instant.parse("9999-12-30T00:00:00Z").getEpochSecond(); // four-digit years at any offset
    qt().withFixedSeed(SEED)
        .forAll(
            longs().between(from, to),
            integers().between(0, 999_999_999),
            integers().between(-18 * 4, 18 * 4))
        .checkAssert(
            (seconds, nanos, quarterHours) -> {
              Instant instant = Instant.ofEpochSecond(seconds, nanos);
              ZoneOffset offset = ZoneOffset.ofTotalSeconds(quarterHours * 900);
              long expected = instant.toEpochMilli();
              for (DateTimeFormatter f : new DateTimeFormatter[] {withT, withSpace}) {
                String text = f.format(instant.atOffset(offset));
                try {
                  assertThat(parse(TimeFormat.iso(), TimeUnit.MILLISECONDS, text))
                      .as(text)
                      .isEqualTo(expected);
                } catch (TimeParser.BadValue e) {
                  throw new AssertionError(text + " " + e.getMessage(), e);
                }
              }
            });
  }

  @Test
  void autoTakesTheUnitTheFirstTimeIsPlausibleIn() throws TimeParser.BadValue {
    String[] written = {"1569888000", "1569888000000", "1569888000000000", "1569888000000000000"};
    EpochUnit[] units = {
      EpochUnit.SECONDS, EpochUnit.MILLISECONDS, EpochUnit.MICROSECONDS, EpochUnit.NANOSECONDS
    };
    for (int k = 0; k < written.length; k++) {
      TimeParser parser = new TimeParser(TimeFormat.epoch(EpochUnit.AUTO), TimeUnit.SECONDS);
      assertThat(parser.parse(written[k])).isEqualTo(REES46_FIRST);
      assertThat(parser.epochUnit()).isEqualTo(units[k]);
    }
  }

  @Test
  void autoRefusesAColumnThatChangesUnitOrIsPlausibleInNone() throws TimeParser.BadValue {
    TimeParser parser = new TimeParser(TimeFormat.epoch(EpochUnit.AUTO), TimeUnit.SECONDS);
    parser.parse("1569888000");
    assertThatThrownBy(() -> parser.parse("1569888000000"))
        .hasMessageContaining("not plausible as epoch seconds, the unit of the column's first time")
        .hasMessageContaining("it would be as epoch milliseconds");
    // Between the plausible ranges of seconds and milliseconds: no unit fits.
    assertThatThrownBy(
            () ->
                new TimeParser(TimeFormat.epoch(EpochUnit.AUTO), TimeUnit.SECONDS)
                    .parse("123456789012"))
        .hasMessageContaining("plausible in no epoch unit");
  }

  @Test
  void anExplicitUnitRefusesImplausibleTimesAndNamesTheUnitThatFits() {
    assertThatThrownBy(
            () -> parse(TimeFormat.epoch(EpochUnit.MILLISECONDS), TimeUnit.SECONDS, "1569888000"))
        .hasMessageContaining("not plausible as epoch milliseconds")
        .hasMessageContaining("it would be as epoch seconds");
  }

  @Test
  void patternsReadWhatTheySay() throws TimeParser.BadValue {
    assertThat(parse(TimeFormat.pattern("dd/MM/yyyy HH:mm"), TimeUnit.SECONDS, "01/10/2019 02:00"))
        .isEqualTo(REES46_FIRST + 7_200);
    assertThat(parse(TimeFormat.pattern("yyyyMMdd"), TimeUnit.SECONDS, "20191001"))
        .isEqualTo(REES46_FIRST);
    assertThat(
            parse(
                TimeFormat.pattern("yyyy-MM-dd HH:mm:ss XXX"),
                TimeUnit.SECONDS,
                "2019-10-01 02:00:00 +02:00"))
        .isEqualTo(REES46_FIRST);
    assertThatThrownBy(() -> TimeFormat.pattern("yyyy-MM-dd {"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time pattern 'yyyy-MM-dd {' is not valid");
  }

  @Test
  void badTimesAreRefusedWithTheReason() {
    String[][] cases = {
      {"2019-02-29 00:00:00", "is not a date: month 2, day 29"},
      {"2019-13-01", "is not a date: month 13"},
      {"2019-10-01 24:00:00", "is not a time of day"},
      {"2019-10-01 00:60:00", "is not a time of day"},
      {"2019-10-01T00:00:00+19:00", "offset that is not one"},
      {"2019-10-01 00:00:00 Mars/Olympus", "names the zone 'Mars/Olympus', which is not one"},
      {"2019-10-01 00:00:00.", "no digits after the decimal point"},
      {"2019-10-01 00:00:00.1234567891", "more than nine digits"},
      {"2019-1-01", "where a digit should be"},
      {"2019/10/01", "where '-' should be"},
      {"2019-10", "ends too early"},
      {"2019-10-01 00:00:00  ", "ends in spaces"},
      {"1969-12-31T23:59:59Z", "before 1970-01-01"},
      {"", "ends too early"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> isoSeconds(c[0]))
          .as(c[0])
          .isInstanceOf(TimeParser.BadValue.class)
          .hasMessageContaining(c[1]);
    }
    assertThatThrownBy(() -> parse(TimeFormat.epoch(EpochUnit.SECONDS), TimeUnit.SECONDS, "12x"))
        .hasMessageContaining("is not a number");
    assertThatThrownBy(() -> parse(TimeFormat.epoch(EpochUnit.SECONDS), TimeUnit.SECONDS, "-5"))
        .hasMessageContaining("is not a number");
    for (String tooLong : new String[] {"9300000000000000000", "12345678901234567890"}) {
      assertThatThrownBy(() -> parse(TimeFormat.epoch(EpochUnit.AUTO), TimeUnit.SECONDS, tooLong))
          .as(tooLong)
          .hasMessageContaining("has too many digits for a time");
    }
  }

  @Test
  void formatsAreValuesAndNameWhatTheyAre() {
    assertThat(TimeFormat.iso()).isEqualTo(TimeFormat.of("ISO", EpochUnit.AUTO));
    assertThat(TimeFormat.iso().hashCode())
        .isEqualTo(TimeFormat.of("iso", EpochUnit.MILLISECONDS).hashCode());
    assertThat(TimeFormat.of("epoch", EpochUnit.MILLISECONDS))
        .isEqualTo(TimeFormat.epoch(EpochUnit.MILLISECONDS))
        .isNotEqualTo(TimeFormat.epoch(EpochUnit.SECONDS));
    assertThat(TimeFormat.iso().withZone("Europe/Berlin")).isNotEqualTo(TimeFormat.iso());
    assertThat(TimeFormat.pattern("yyyy").withZone("UTC").toString())
        .isEqualTo("TimeFormat{pattern 'yyyy', zone UTC}");
    assertThatThrownBy(() -> TimeFormat.iso().withZone("Nowhere/City"))
        .hasMessageContaining("unknown time zone 'Nowhere/City'");
    assertThat(EpochUnit.ofCode(" MS ")).isEqualTo(EpochUnit.MILLISECONDS);
    assertThatThrownBy(() -> EpochUnit.ofCode("minutes"))
        .hasMessage("unknown epoch unit 'minutes': expected one of auto, s, ms, us, ns");
  }
}
