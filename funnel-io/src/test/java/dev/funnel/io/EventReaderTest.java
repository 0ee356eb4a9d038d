package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.events.EventBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV reader on hand-written files whose every expected value is read off the file itself: RFC
 * 4180's quoting rules (its section 2 examples), REES46's header and time form (its first row,
 * {@code 2019-10-01 00:00:00 UTC}, is epoch second 1569888000 by {@code date -u -d 2019-10-01 +%s};
 * {@code 2026-11-03T10:00:00Z} is 1793700000 likewise), and each kind of bad row with the line and
 * column an editor shows.
 */
class EventReaderTest {
  private static final long OCT_1_2019 = 1_569_888_000L;

  @TempDir Path dir;

  static final EventColumns REES46 =
      EventColumns.builder()
          .subject("user_id")
          .time("event_time")
          .event("event_type")
          .segment("brand")
          .build();

  private static final String REES46_HEAD =
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n";

  private static EventReader.Builder reader() {
    return EventReader.builder().resolution(TimeUnit.SECONDS);
  }

  private static EventLog read(EventReader.Builder reader, String csv)
      throws IOException, BadEventsException {
    return reader
        .build()
        .read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "t.csv");
  }

  static List<String> rows(EventLog log) {
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < log.rowsRead(); r++) {
      rows.add(
          log.subject(log.subjectId(r)) + "|" + log.time(r) + "|" + log.event(log.eventCode(r)));
    }
    return rows;
  }

  @Test
  void readsRees46AsExported() throws Exception {
    String csv =
        REES46_HEAD
            + "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n"
            + "2019-10-01 00:00:00 UTC,view,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc\n"
            + "2019-10-01 00:00:01 UTC,cart,17200506,2053013559792632471,furniture.living_room.sofa,,543.10,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n"
            + "2019-10-01 00:05:00 UTC,purchase,44600062,2103807459595387724,,clarins,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n";
    Path file = dir.resolve("2019-Oct.csv");
    Files.writeString(file, csv);
    EventLog log = reader().columns(REES46).build().read(file);

    // In time order, so grouped by user in the order of their first row.
    assertThat(rows(log))
        .containsExactly(
            "541312140|" + OCT_1_2019 + "|view",
            "541312140|" + (OCT_1_2019 + 1) + "|cart",
            "541312140|" + (OCT_1_2019 + 300) + "|purchase",
            "554748717|" + OCT_1_2019 + "|view");
    assertThat(log.batch().layout()).isEqualTo(EventBatch.Layout.GROUPED);
    assertThat(log.subjectCount()).isEqualTo(2);
    assertThat(log.events()).containsExactly("view", "cart", "purchase");
    assertThat(log.rowsWithEvent(0)).isEqualTo(2);
    // First touch: 541312140's earliest row with a brand says shiseido; the empty brand is passed.
    assertThat(log.segment(0)).contains("shiseido");
    assertThat(log.segment(1)).contains("aqua");
    assertThat(log.dataRows()).isEqualTo(4);
    assertThat(log.rowsSkipped()).isZero();
    assertThat(log.firstTime()).hasValue(OCT_1_2019);
    assertThat(log.lastTime()).hasValue(OCT_1_2019 + 300);

    EventLog last =
        reader()
            .columns(REES46)
            .segmentAttribution(SegmentAttribution.LAST_TOUCH)
            .build()
            .read(file);
    assertThat(last.segment(0)).contains("clarins");
  }

  @Test
  void segmentsFollowTimeNotFileOrder() throws Exception {
    String csv =
        """
        subject,time,event,source
        a,2026-11-03T10:00:00Z,visit,ads
        a,2026-11-02T10:00:00Z,visit,mail
        a,2026-11-02T10:00:00Z,visit,web
        a,2026-11-04T10:00:00Z,visit,
        """;
    EventColumns columns = EventColumns.builder().segment("source").build();
    EventLog first = read(reader().columns(columns), csv);
    // The earliest time is Nov 2, held by mail and web: of equal times the first in the file.
    assertThat(first.segment(0)).contains("mail");
    assertThat(first.batch().layout()).isEqualTo(EventBatch.Layout.ARBITRARY);
    EventLog last =
        read(reader().columns(columns).segmentAttribution(SegmentAttribution.LAST_TOUCH), csv);
    // The latest row with a source is Nov 3's; Nov 4 has none.
    assertThat(last.segment(0)).contains("ads");
  }

  @Test
  void quotesAsRfc4180() throws Exception {
    // RFC 4180 section 2, rules 5 to 7: quoted fields may hold delimiters, line ends and "".
    String csv =
        "subject,time,event\r\n"
            + "\"Smith, J\",2026-11-03T10:00:00Z,\"said \"\"hi\"\"\"\r\n"
            + "\"two\nlines\",2026-11-03T10:00:01Z,visit\r\n"
            + "plain , 2026-11-03T10:00:02Z ,visit\r\n"
            + "\"\",2026-11-03T10:00:03Z,visit\r\n";
    EventLog log = read(reader().skipBadRows(true), csv);
    assertThat(rows(log))
        .containsExactly(
            "Smith, J|1793700000|said \"hi\"",
            "two\nlines|1793700001|visit",
            "plain|1793700002|visit");
    // Lines 3 and 4 are one record; the quoted empty subject is on line 6, as an editor numbers it.
    assertThat(log.badRows())
        .extracting(BadRow::toString)
        .containsExactly("t.csv:6:1: the subject (subject) is empty");
  }

  @Test
  void takesOtherDelimitersQuotesAndAByteOrderMark() throws Exception {
    String tsv = "\uFEFFsubject\ttime\tevent\n'a\tb'\t1793700000\tvisit\n";
    EventLog log =
        read(
            reader().delimiter('\t').quote('\'').timeFormat(TimeFormat.epoch(EpochUnit.AUTO)), tsv);
    assertThat(rows(log)).containsExactly("a\tb|1793700000|visit");
    assertThat(log.epochUnit()).isEqualTo(EpochUnit.SECONDS);
  }

  @Test
  void reportsEveryBadRowWithLineColumnAndValue() throws Exception {
    String csv =
        """
        subject,time,event
        a,2026-11-03T10:00:00Z,visit
        b,2026-11-03T10:00:00Z
        ,2026-11-03T10:00:00Z,visit
        c,2026-13-03T10:00:00Z,visit
        d,2026-11-03T10:00:00Z,
        \"e\"x,2026-11-03T10:00:00Z,visit
        f#,2026-11-03T10:00:00Z,visit

        g,2026-11-03T10:00:00Z,visit
        \"h,2026-11-03T10:00:00Z,visit
        i,2026-11-03T10:00:00Z,visit
        """;
    byte[] fixed = csv.getBytes(StandardCharsets.UTF_8);
    // 0xFF is never UTF-8: it stands where the text has a placeholder.
    fixed[csv.indexOf('#')] = (byte) 0xff;
    List<String> expected =
        List.of(
            "t.csv:3: expected 3 fields, as in the header, found 2",
            "t.csv:4:1: the subject (subject) is empty",
            "t.csv:5:2: the time (time) '2026-13-03T10:00:00Z' "
                + new TimeParserProbe().messageFor("2026-13-03T10:00:00Z"),
            "t.csv:6:3: the event (event) is empty",
            "t.csv:7:1: column 1 has 'x' after its closing quote",
            "t.csv:8:1: the subject is not UTF-8 text: byte 0xFF at byte 2 of 'f\uFFFD'",
            "t.csv:11: a quote opened in column 1 is not closed before the end of the file");

    EventReader strict = reader().build();
    assertThatThrownBy(() -> strict.read(new ByteArrayInputStream(fixed), "t.csv"))
        .isInstanceOfSatisfying(
            BadEventsException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(BadRow::toString)
                  .containsExactlyElementsOf(expected);
              assertThat(e.total()).isEqualTo(7);
              assertThat(e.getMessage()).isEqualTo(expected.get(0) + " (and 6 more)");
            });

    EventLog skipped =
        reader().skipBadRows(true).build().read(new ByteArrayInputStream(fixed), "t.csv");
    assertThat(rows(skipped)).extracting(r -> r.substring(0, 1)).containsExactly("a", "g", "i");
    assertThat(skipped.rowsSkipped()).isEqualTo(7);
    assertThat(skipped.dataRows()).isEqualTo(10);
    assertThat(skipped.badRows()).extracting(BadRow::toString).containsExactlyElementsOf(expected);
  }

  /** The parser's own words for a value, so the test checks where the reader puts them. */
  private static final class TimeParserProbe {
    String messageFor(String text) {
      try {
        new TimeParser(TimeFormat.iso(), TimeUnit.SECONDS).parse(text);
        throw new AssertionError(text + " parsed");
      } catch (TimeParser.BadValue e) {
        return e.getMessage();
      }
    }
  }

  @Test
  void refusesAHeaderWithoutTheColumns() {
    assertThatThrownBy(
            () -> read(reader().columns(REES46), "user_id,time,event\nu,2026-11-03T10:00:00Z,v\n"))
        .isInstanceOf(BadEventsException.class)
        .hasMessage(
            "t.csv:1: the header lacks the columns 'event_time', 'event_type', 'brand'; it has"
                + " [user_id, time, event]");
    assertThatThrownBy(() -> read(reader(), ""))
        .hasMessage("t.csv:0: the file is empty: it has no header row");
  }

  @Test
  void readsGzipAndRefusesFilesThatAreNotWhatTheirNameSays() throws Exception {
    String csv = "subject,time,event\na,2026-11-03T10:00:00Z,visit\n";
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(csv.getBytes(StandardCharsets.UTF_8));
    }
    Path good = dir.resolve("events.csv.gz");
    Files.write(good, gz.toByteArray());
    EventReader reader = reader().build();
    assertThat(rows(reader.read(good))).containsExactly("a|1793700000|visit");
    // Standard input has no name: gzip is known by its first bytes.
    assertThat(rows(reader.read(new ByteArrayInputStream(gz.toByteArray()), "stdin")))
        .containsExactly("a|1793700000|visit");

    Path gzipNamedCsv = dir.resolve("events.csv");
    Files.write(gzipNamedCsv, gz.toByteArray());
    assertThatThrownBy(() -> reader.read(gzipNamedCsv))
        .hasMessageEndingWith("the content is gzip-compressed but the name does not end in .gz");
    Path csvNamedGz = dir.resolve("plain.gz");
    Files.writeString(csvNamedGz, csv);
    assertThatThrownBy(() -> reader.read(csvNamedGz))
        .hasMessageEndingWith("the name ends in .gz but the content is not gzip-compressed");
    Path parquet = dir.resolve("events.parquet.csv");
    Files.writeString(parquet, "PAR1\u0015\u0000");
    assertThatThrownBy(() -> reader.read(parquet))
        .hasMessageEndingWith("the content is a Parquet file, not CSV");
  }

  @Test
  void aQuotedLineEndAcrossABlockCutIsOneField() throws Exception {
    StringBuilder csv = new StringBuilder("subject,time,event\n");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String subject = i % 7 == 0 ? "s" + i + "\nline two, with a comma" : "s" + i;
      csv.append('"')
          .append(subject)
          .append("\",")
          .append(1_762_164_000L + i)
          .append(",e")
          .append(i % 3)
          .append('\n');
      expected.add(subject + "|" + (1_762_164_000L + i) + "|e" + (i % 3));
    }
    for (int threads = 1; threads <= 3; threads++) {
      for (int block = 16; block <= 200; block += 23) {
        EventLog log =
            read(
                reader()
                    .timeFormat(TimeFormat.epoch(EpochUnit.SECONDS))
                    .threads(threads)
                    .blockBytes(block),
                csv.toString());
        assertThat(rows(log))
            .as("threads %s, block %s", threads, block)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void aClosedVocabularyRefusesOtherEventsAndTimesMayBeEitherForm() throws Exception {
    String csv =
        """
        subject,time,stage
        a,2026-11-03 10:00:00,lead
        a,1793700060000,won
        b,2026-11-03T10:00:00+01:00,maybe
        """;
    List<long[]> progress = new ArrayList<>();
    EventLog log =
        read(
            EventReader.builder()
                .columns(EventColumns.builder().event("stage").build())
                .timeFormat(TimeFormat.isoOrEpoch(EpochUnit.AUTO))
                .onlyEvents(List.of("lead", "won"))
                .skipBadRows(true)
                .progress((bytes, rows) -> progress.add(new long[] {bytes, rows})),
            csv);
    // Milliseconds: 2026-11-03T10:00:00Z is 1793700000 s; the epoch value is a minute later.
    assertThat(rows(log)).containsExactly("a|1793700000000|lead", "a|1793700060000|won");
    assertThat(log.badRows())
        .extracting(BadRow::toString)
        .containsExactly("t.csv:4:3: the stage 'maybe' is none of [lead, won]");
    assertThat(log.epochUnit()).isEqualTo(EpochUnit.MILLISECONDS);
    assertThat(progress).last().satisfies(p -> assertThat(p).containsExactly(csv.length(), 3));
  }

  @Test
  void optionsAreChecked() {
    assertThatThrownBy(() -> EventReader.builder().delimiter('\n'))
        .hasMessage("the delimiter must be an ASCII character other than a line end: U+000A");
    assertThatThrownBy(() -> EventReader.builder().quote(',').build())
        .hasMessage("the delimiter and the quote are both ','");
    assertThatThrownBy(() -> EventReader.builder().threads(0))
        .hasMessage("threads must be at least 1: 0");
    assertThatThrownBy(() -> EventColumns.builder().subject("t").time("T").build())
        .hasMessage("the subject and the time are both the column 't'");
    assertThat(EventColumns.defaults().segment()).isEqualTo(Optional.empty());
  }
}
