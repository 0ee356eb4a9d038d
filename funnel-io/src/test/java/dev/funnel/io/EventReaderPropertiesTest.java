package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.funnel.events.EventBatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The reader on generated CSV files with quoted fields (delimiters, doubled quotes and line ends
 * inside), CRLF or LF, and bad rows of every kind mixed in, cut into blocks of random sizes and
 * parsed on one to three threads. Two references outside the reader: the generator's own record of
 * what it wrote, and Apache Commons CSV (a peer parser) with {@link Instant#parse} reading the same
 * bytes.
 */
class EventReaderPropertiesTest {
  private static final long SEED = 20261204L;
  private static final String[] SUBJECTS = {
    "u1", "u2", "Smith, J", "say \"hi\"", "two\nlines", "é-ü", "u3", "x,\"y\"\r\nz"
  };
  private static final String[] EVENTS = {"view", "cart", "purchase", "a,b", "\"q\""};

  /** A generated file: its bytes, the rows it holds, the lines of its bad rows. */
  private record Generated(String csv, List<String> rows, List<Long> badLines, boolean garbage) {}

  private static Generated generate(long seed, int rows) {
    Random random = new Random(seed);
    String eol = random.nextBoolean() ? "\n" : "\r\n";
    StringBuilder csv = new StringBuilder("subject,time,event,extra" + eol);
    List<String> good = new ArrayList<>();
    List<Long> badLines = new ArrayList<>();
    boolean garbage = false;
    // Half the files are in time order, as most exports are: their rows come back grouped.
    boolean inTimeOrder = random.nextBoolean();
    long previous = 1_700_000_000L;
    long line = 2;
    for (int r = 0; r < rows; r++) {
      String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
      String event = EVENTS[random.nextInt(EVENTS.length)];
      long second =
          inTimeOrder ? previous + random.nextInt(100) : 1_700_000_000L + random.nextInt(1_000_000);
      previous = second;
      String time = Instant.ofEpochSecond(second).toString();
      int kind = random.nextInt(12);
      String record;
      switch (kind) {
        case 0 -> record = field(subject, random) + "," + field(time, random) + eol;
        case 1 -> record = "," + time + "," + field(event, random) + ",x" + eol;
        case 2 ->
            record = field(subject, random) + ",not a time," + field(event, random) + ",x" + eol;
        case 3 -> {
          record = "\"" + "g\"x," + time + "," + field(event, random) + ",x" + eol;
          garbage = true;
        }
        default ->
            record =
                field(subject, random)
                    + ","
                    + field(time, random)
                    + ","
                    + field(event, random)
                    + ","
                    + field("extra " + r, random)
                    + eol;
      }
      if (kind <= 3) {
        badLines.add(line);
      } else {
        good.add(subject + "|" + second + "|" + event);
      }
      csv.append(record);
      line += record.chars().filter(c -> c == '\n').count();
      if (random.nextInt(20) == 0) {
        csv.append(eol);
        line++;
      }
    }
    return new Generated(csv.toString(), good, badLines, garbage);
  }

  private static String field(String value, Random random) {
    boolean needsQuotes =
        value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
    if (!needsQuotes && random.nextInt(4) != 0) {
      return value;
    }
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }

  @Test
  void readsWhatWasWrittenAndAccountsForEveryRow() {
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(
            longs().all(),
            integers().between(0, 120),
            integers().between(1, 3),
            integers().between(16, 400))
        .checkAssert(
            (seed, rows, threads, block) -> {
              Generated file = generate(seed, rows);
              EventLog log;
              try {
                log =
                    EventReader.builder()
                        .columns(EventColumns.defaults())
                        .resolution(TimeUnit.SECONDS)
                        .skipBadRows(true)
                        .threads(threads)
                        .blockBytes(block)
                        .build()
                        .read(
                            new ByteArrayInputStream(file.csv().getBytes(StandardCharsets.UTF_8)),
                            "g.csv");
              } catch (IOException | BadEventsException e) {
                throw new AssertionError(e);
              }
              boolean timeOrdered = inTimeOrder(file.rows());
              assertThat(log.batch().layout())
                  .isEqualTo(timeOrdered ? EventBatch.Layout.GROUPED : EventBatch.Layout.ARBITRARY);
              assertThat(rowsOf(log)).containsExactlyElementsOf(asRead(file.rows(), timeOrdered));
              assertThat(log.badRows())
                  .extracting(BadRow::line)
                  .containsExactlyElementsOf(file.badLines());
              assertThat(log.rowsRead() + log.rowsSkipped()).isEqualTo(log.dataRows());
              assertThat(log.dataRows()).isEqualTo((long) rows);
              if (!file.garbage()) {
                assertThat(rowsOf(log))
                    .containsExactlyElementsOf(asRead(commonsCsv(file.csv()), timeOrdered));
              }
            });
  }

  private static boolean inTimeOrder(List<String> rows) {
    long previous = Long.MIN_VALUE;
    for (String row : rows) {
      long time = Long.parseLong(row.split("\\|", -1)[1]);
      if (time < previous) {
        return false;
      }
      previous = time;
    }
    return true;
  }

  /**
   * The rows in the order the log holds them: as written, or, for a file in time order, grouped by
   * subject in the order of their first row, each subject's rows as written.
   */
  private static List<String> asRead(List<String> rows, boolean timeOrdered) {
    if (!timeOrdered) {
      return rows;
    }
    Map<String, List<String>> bySubject = new LinkedHashMap<>();
    for (String row : rows) {
      // Subjects may hold '|' nowhere; the subject is everything before the time and event.
      String subject = row.substring(0, row.lastIndexOf('|', row.lastIndexOf('|') - 1));
      bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(row);
    }
    return bySubject.values().stream().flatMap(List::stream).toList();
  }

  private static List<String> rowsOf(EventLog log) {
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < log.rowsRead(); r++) {
      rows.add(
          log.subject(log.subjectId(r)) + "|" + log.time(r) + "|" + log.event(log.eventCode(r)));
    }
    return rows;
  }

  /** The good rows as Commons CSV and java.time read them. */
  private static List<String> commonsCsv(String csv) {
    List<String> rows = new ArrayList<>();
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .get();
    try (var parser = format.parse(new StringReader(csv))) {
      for (CSVRecord record : parser) {
        if (record.size() != 4
            || record.get("subject").isEmpty()
            || record.get("event").isEmpty()) {
          continue;
        }
        long second;
        try {
          second = Instant.parse(record.get("time")).getEpochSecond();
        } catch (DateTimeParseException e) {
          continue;
        }
        rows.add(record.get("subject") + "|" + second + "|" + record.get("event"));
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return rows;
  }
}
