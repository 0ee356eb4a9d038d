package dev.funnel.io;

import static dev.funnel.io.EventReaderTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NDJSON reader on hand-written lines whose expected values are read off the lines themselves:
 * REES46's rows as JSON (epoch second 1569888000 is {@code 2019-10-01 00:00:00 UTC} by {@code date
 * -u -d 2019-10-01 +%s}), each kind of bad line with its line number and a message naming the
 * field, and files that are not what their names say.
 */
class NdjsonReaderTest {
  private static final long OCT_1_2019 = 1_569_888_000L;

  @TempDir Path dir;

  private static EventReader.Builder reader() {
    return EventReader.builder().resolution(TimeUnit.SECONDS).columns(EventReaderTest.REES46);
  }

  private static EventLog read(EventReader.Builder reader, String name, String text)
      throws IOException, BadEventsException {
    return reader
        .build()
        .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
  }

  @Test
  void readsRees46RowsAsJsonLines() throws Exception {
    String ndjson =
        "{\"event_time\":\"2019-10-01 00:00:00 UTC\",\"event_type\":\"view\",\"product_id\":44600062,"
            + "\"brand\":\"shiseido\",\"price\":35.79,\"user_id\":541312140}\n"
            + "{\"user_id\":554748717,\"event_type\":\"view\",\"event_time\":\"2019-10-01 00:00:00 UTC\","
            + "\"brand\":null,\"tags\":[\"a\",{\"b\":[1,2]}]}\r\n"
            + "\n"
            + "{\"event_time\":\"2019-10-01 00:00:01 UTC\",\"event_type\":\"cart\",\"user_id\":\"541312140\","
            + "\"brand\":\"aqua\"}\n";
    Path file = dir.resolve("2019-Oct.ndjson.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(ndjson.getBytes(StandardCharsets.UTF_8));
    }
    EventLog log = reader().build().read(file);

    // A number and a string with the same digits are the same subject, as in a CSV file.
    assertThat(rows(log))
        .containsExactly(
            "541312140|" + OCT_1_2019 + "|view",
            "541312140|" + (OCT_1_2019 + 1) + "|cart",
            "554748717|" + OCT_1_2019 + "|view");
    assertThat(log.dataRows()).isEqualTo(3);
    assertThat(log.segment(0)).contains("shiseido");
    assertThat(log.segment(1)).isEmpty();
  }

  @Test
  void readsEpochNumbersEscapesAndFieldNamesInAnyCase() throws Exception {
    String ndjson =
        "{\"User_ID\":\"caf\\u00e9 \\ud83d\\ude00\",\"EVENT_TIME\":1569888000123,"
            + "\"event_type\":\"say \\\"hi\\\"\",\"brand\":true}\n";
    EventLog log =
        read(
            reader()
                .timeFormat(TimeFormat.isoOrEpoch(EpochUnit.AUTO))
                .resolution(TimeUnit.MILLISECONDS),
            "x.jsonl",
            ndjson);

    assertThat(rows(log)).containsExactly("café 😀|" + (OCT_1_2019 * 1000 + 123) + "|say \"hi\"");
    assertThat(log.epochUnit()).isEqualTo(EpochUnit.MILLISECONDS);
    assertThat(log.segment(0)).contains("true");
  }

  @Test
  void reportsEveryBadLineByNumberAndField() throws Exception {
    String ok = "\"event_time\":\"2019-10-01T00:00:00Z\",\"event_type\":\"view\"";
    String[] lines = {
      "{" + ok + ",\"user_id\":1}", // 1, good
      "{" + ok + "}",
      "{" + ok + ",\"user_id\":null}",
      "{" + ok + ",\"user_id\":[1]}",
      "{" + ok + ",\"user_id\":1,\"USER_ID\":2}",
      "{" + ok + ",\"user_id\":1", // 6: not closed
      "{" + ok + ",\"user_id\":1} {}",
      "{\"event_time\":\"soon\",\"event_type\":\"view\",\"user_id\":1}",
      "{" + ok + ",\"user_id\":\"\\x\"}",
      "{" + ok + ",\"user_id\":\"\"}",
      "{" + ok + ",\"user_id\":01}" // 11: a leading zero is not JSON
    };
    EventLog log = read(reader().skipBadRows(true), "b.ndjson", String.join("\n", lines) + "\n");

    assertThat(log.rowsRead()).isEqualTo(1);
    assertThat(log.rowsSkipped()).isEqualTo(10);
    // Where a syntax error is: the byte (1 for the first), found in the line itself.
    int open = lines[5].length() + 1;
    int after = lines[6].indexOf(" {}") + 2;
    int escape = lines[8].indexOf("\\x") + 1;
    int zero = lines[10].lastIndexOf("01") + 2;
    assertThat(log.badRows())
        .extracting(BadRow::toString)
        .containsExactly(
            "b.ndjson:2: the object has no field 'user_id'",
            "b.ndjson:3: the field 'user_id' is null",
            "b.ndjson:4: the field 'user_id' is an array, not text or a number: [1]",
            "b.ndjson:5: the field 'user_id' appears twice in the object",
            "b.ndjson:6: the line is not a JSON object: ',' or '}' before the end of the line at"
                + " byte "
                + open
                + ", in '"
                + near(lines[5], open)
                + "'",
            "b.ndjson:7: the line is not a JSON object: '{}' after the object at byte "
                + after
                + ", in '"
                + near(lines[6], after)
                + "'",
            "b.ndjson:8: the time (event_time) 'soon' has 's' where a digit should be",
            "b.ndjson:9: the line is not a JSON object: the escape '\\x' at byte "
                + escape
                + ", in '"
                + near(lines[8], escape)
                + "'",
            "b.ndjson:10: the subject (user_id) is empty",
            "b.ndjson:11: the line is not a JSON object: ',' or '}' instead of '1' at byte "
                + zero
                + ", in '"
                + near(lines[10], zero)
                + "'");
  }

  /** The 24 bytes either side of byte {@code at} (1 for the first), as a message shows them. */
  private static String near(String line, int at) {
    int from = Math.max(0, at - 1 - 24);
    return (from > 0 ? "…" : "") + line.substring(from, Math.min(line.length(), at - 1 + 24));
  }

  @Test
  void refusesContentThatIsNotWhatTheNameSays() {
    assertThatThrownBy(() -> read(reader(), "a.json", "[{\"user_id\":1}]\n"))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining("a JSON array, not newline-delimited JSON");
    assertThatThrownBy(() -> read(reader(), "a.ndjson", "user_id,event_time\n"))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining("not newline-delimited JSON: it begins with 'u'");
    assertThatThrownBy(() -> read(reader(), "a.csv", "{\"user_id\":1}\n"))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining("looks like newline-delimited JSON");
    assertThatThrownBy(() -> read(reader().format(EventFormat.CSV), "stdin", "  {\"user_id\":1}\n"))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining("not CSV");
  }

  @Test
  void tellsTheFormatOfAStreamByItsFirstByte() throws Exception {
    String line = "{\"user_id\":7,\"event_time\":\"2019-10-01T00:00:00Z\",\"event_type\":\"view\"}";
    assertThat(rows(read(reader(), "stdin", line))).containsExactly("7|" + OCT_1_2019 + "|view");
    assertThat(EventFormat.ofName("x.JSONL.GZ")).contains(EventFormat.NDJSON);
    assertThat(EventFormat.ofName("x.tsv")).contains(EventFormat.CSV);
    assertThat(EventFormat.ofName("x.parquet")).contains(EventFormat.PARQUET);
    assertThat(EventFormat.ofName("x.xlsx")).isEqualTo(Optional.empty());
  }

  @Test
  void anEmptyFileIsAnEmptyLog() throws Exception {
    EventLog log = read(reader(), "e.ndjson", "\n  \n");
    assertThat(log.rowsRead()).isZero();
    assertThat(log.dataRows()).isZero();
  }
}
