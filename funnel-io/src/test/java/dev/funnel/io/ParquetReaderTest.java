package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet files written by DuckDB (a peer engine) from CSV text, read back: the same rows, ids,
 * segments, filters and bad rows as the CSV reader gives for the CSV text itself, with times typed
 * as TIMESTAMP, TIMESTAMPTZ, epoch numbers or text; and the errors of a file that is not Parquet.
 */
class ParquetReaderTest {
  @TempDir Path dir;

  private static final String CSV =
      """
      user_id,event_time,event_type,price,brand
      541312140,2019-10-01 00:00:00,view,35.79,apple
      554748717,2019-10-01 00:00:01,view,33.20,
      541312140,2019-10-01 00:05:00,cart,35.79,apple
      519107250,2019-10-01 00:07:00,view,543.10,samsung
      541312140,2019-10-01 00:09:00,purchase,135.79,xiaomi
      554748717,2019-10-02 00:00:00,purchase,33.20,samsung
      """;

  /** Writes the CSV text as Parquet with DuckDB, {@code select} choosing the columns' types. */
  private Path parquet(String csv, String select) throws Exception {
    Path text = Files.writeString(dir.resolve("in-" + System.nanoTime() + ".csv"), csv);
    Path out = dir.resolve("out-" + System.nanoTime() + ".parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE t AS SELECT * FROM read_csv('"
              + text
              + "', header = true, all_varchar = true)");
      s.execute("COPY (SELECT " + select + " FROM t) TO '" + out + "' (FORMAT PARQUET)");
    }
    return out;
  }

  private static final String TYPED =
      "CAST(user_id AS BIGINT) AS user_id, CAST(event_time AS TIMESTAMP) AS event_time,"
          + " event_type, CAST(price AS DOUBLE) AS price, brand";

  private static EventReader.Builder reader() {
    return EventReader.builder()
        .columns(
            EventColumns.builder()
                .subject("user_id")
                .time("event_time")
                .event("event_type")
                .segment("brand")
                .build())
        .resolution(TimeUnit.SECONDS);
  }

  private static EventLog readCsv(EventReader.Builder reader, String csv) throws Exception {
    return reader
        .build()
        .read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "t.csv");
  }

  private static List<String> all(EventLog log) {
    List<String> rows = EventReaderTest.rows(log);
    for (int s = 0; s < log.subjectCount(); s++) {
      rows.add(log.subject(s) + " in " + log.segment(s).orElse("-"));
    }
    rows.add(log.batch().layout() + ", " + log.rowsRead() + " of " + log.dataRows());
    return rows;
  }

  @Test
  void readsWhatTheCsvReaderReadsForEachTypeOfTime() throws Exception {
    List<String> expected = all(readCsv(reader(), CSV));
    // The first row's time, 2019-10-01 00:00:00 UTC, is epoch second 1569888000 (date -u -d).
    assertThat(expected.get(0)).isEqualTo("541312140|1569888000|view");

    assertThat(all(reader().build().read(parquet(CSV, TYPED)))).isEqualTo(expected);
    String instant =
        TYPED.replace("CAST(event_time AS TIMESTAMP)", "CAST(event_time || '+00' AS TIMESTAMPTZ)");
    assertThat(all(reader().build().read(parquet(CSV, instant)))).isEqualTo(expected);
    String text = TYPED.replace("CAST(event_time AS TIMESTAMP) AS event_time", "event_time");
    assertThat(all(reader().build().read(parquet(CSV, text)))).isEqualTo(expected);
    String epoch =
        TYPED.replace(
            "CAST(event_time AS TIMESTAMP) AS event_time",
            "CAST(epoch(CAST(event_time AS TIMESTAMP)) AS BIGINT) AS event_time");
    assertThat(
            all(
                reader()
                    .timeFormat(TimeFormat.epoch(EpochUnit.AUTO))
                    .build()
                    .read(parquet(CSV, epoch))))
        .isEqualTo(expected);
    String textSubjects = TYPED.replace("CAST(user_id AS BIGINT) AS user_id", "user_id");
    assertThat(all(reader().build().read(parquet(CSV, textSubjects)))).isEqualTo(expected);
  }

  @Test
  void aLocalTimestampIsInTheFormatsZone() throws Exception {
    TimeFormat berlin = TimeFormat.iso().withZone(java.time.ZoneId.of("Europe/Berlin"));
    EventLog log = reader().timeFormat(berlin).build().read(parquet(CSV, TYPED));
    // 2019-10-01 00:00:00 in Berlin (CEST, UTC+2) is 1569888000 - 7200.
    assertThat(log.time(0)).isEqualTo(1_569_888_000L - 7_200);
  }

  @Test
  void filtersAreTestedAsForCsv() throws Exception {
    EventFilter big = EventFilter.parse("purchase where price > 100");
    EventFilter apple = EventFilter.parse("view,cart where brand = apple");
    EventLog csv = readCsv(reader().filters(big, apple), CSV);
    EventLog parquet = reader().filters(big, apple).build().read(parquet(CSV, TYPED));
    for (EventFilter f : List.of(big, apple)) {
      assertThat(parquet.rows(f)).isEqualTo(csv.rows(f));
    }
    // The segment of a step with conditions, tested in SQL for Parquet.
    assertThat(all(reader().segmentAttribution(big).build().read(parquet(CSV, TYPED))))
        .isEqualTo(all(readCsv(reader().segmentAttribution(big), CSV)));
    // By hand: one purchase over 100 (135.79); apple views and carts: the first two of user 1.
    assertThat(parquet.rows(big)).isEqualTo(1);
    assertThat(parquet.rows(apple)).isEqualTo(2);
  }

  @Test
  void nullsAndNonNumbersAreBadRowsNamingRowAndColumn() throws Exception {
    String csv =
        """
        user_id,event_time,event_type,price,brand
        1,2019-10-01 00:00:00,view,n/a,apple
        ,2019-10-01 00:00:01,view,1,apple
        2,,view,1,apple
        3,2019-10-01 00:00:03,,1,apple
        4,2019-10-01 00:00:04,purchase,n/a,apple
        """;
    String select =
        "CAST(user_id AS BIGINT) AS user_id, CAST(event_time AS TIMESTAMP) AS event_time,"
            + " event_type, price, brand";
    Path file = parquet(csv, select);
    EventFilter big = EventFilter.parse("purchase where price > 100");
    BadEventsException e =
        catchThrowableOfType(
            BadEventsException.class, () -> reader().filters(big).build().read(file));
    assertThat(e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()))
        .containsExactly(
            "2:1: the subject (user_id) is empty",
            "3:2: the time (event_time) is empty",
            "4:3: the event (event_type) is empty",
            "5:4: the price 'n/a' is not a number, which the filter 'purchase where price > 100'"
                + " compares");
    EventLog log = reader().filters(big).skipBadRows(true).build().read(file);
    assertThat(log.rowsRead()).isEqualTo(1);
    assertThat(log.rowsSkipped()).isEqualTo(4);
    assertThat(log.dataRows()).isEqualTo(5);
  }

  @Test
  void whatIsNotParquetOrLacksAColumnIsRefused() throws Exception {
    Path fake = Files.writeString(dir.resolve("events.parquet"), "user_id,event_time\n");
    assertThatThrownBy(() -> reader().build().read(fake))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining("the content is not Parquet: it does not begin with PAR1");

    Path real = parquet(CSV, TYPED);
    Path named = Files.copy(real, dir.resolve("events.csv"));
    assertThatThrownBy(() -> reader().build().read(named))
        .hasMessageContaining("the content is a Parquet file, not CSV");
    assertThatThrownBy(() -> reader().build().read(Files.newInputStream(real), "stdin"))
        .hasMessageContaining("only from a file");

    EventColumns other =
        EventColumns.builder().subject("user").time("event_time").event("x").build();
    assertThatThrownBy(() -> reader().columns(other).build().read(real))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining("the file lacks the columns 'user', 'x'; it has [user_id,");
  }

  @Test
  void generatedFilesReadAsTheirCsv() {
    qt().withExamples(25)
        .forAll(longs().all(), integers().between(0, 300), integers().between(1, 3))
        .checkAssert(
            (seed, rows, threads) -> {
              Random random = new Random(seed);
              StringBuilder csv = new StringBuilder("user_id,event_time,event_type,price,brand\n");
              boolean ordered = random.nextBoolean();
              for (int r = 0; r < rows; r++) {
                int second = ordered ? r : random.nextInt(100_000);
                csv.append(random.nextInt(40))
                    .append(",2019-10-0")
                    .append(1 + second / 86_400)
                    .append(
                        String.format(
                            " %02d:%02d:%02d", second / 3600 % 24, second / 60 % 60, second % 60))
                    .append(',')
                    .append(new String[] {"view", "cart", "purchase"}[random.nextInt(3)])
                    .append(',')
                    .append(random.nextInt(300))
                    .append(',')
                    .append(new String[] {"", "apple", "samsung"}[random.nextInt(3)])
                    .append('\n');
              }
              EventFilter big = EventFilter.parse("purchase,cart where price >= 150");
              try {
                EventLog expected = readCsv(reader().filters(big), csv.toString());
                EventLog actual =
                    reader()
                        .filters(big)
                        .threads(threads)
                        .build()
                        .read(parquet(csv.toString(), TYPED));
                assertThat(all(actual)).isEqualTo(all(expected));
                assertThat(actual.rows(big)).isEqualTo(expected.rows(big));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
  }
}
