package dev.funnel.benchmarks;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.funnel.io.EventColumns;
import dev.funnel.io.EventLog;
import dev.funnel.io.EventReader;
import dev.funnel.io.TimeFormat;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Which machinery reads a REES46-shaped CSV fastest, measured whole: each contender reads the file
 * from the page cache and answers (rows, purchases), which must equal Commons CSV's answer before
 * any time counts. Contenders: a bare scan for line ends (the floor), Commons CSV and FastCSV
 * (fields only: they neither parse times nor number subjects, so they are flattered), DuckDB
 * in-process counting on one and two threads, DuckDB handing the three columns to Java over JDBC,
 * and funnel-io's {@link EventReader} (times parsed, subjects and events numbered) on one and two
 * threads. Not a test: run by hand, results in RESULTS.md.
 *
 * <pre>{@code
 * java -cp funnel-benchmarks/target/benchmarks.jar dev.funnel.benchmarks.CsvParserChoice FILE ROWS RUNS
 * }</pre>
 *
 * The file is written by {@link Rees46Csv} (seed 46) if it does not exist.
 */
public final class CsvParserChoice {
  private CsvParserChoice() {}

  /** What a contender read: its rows and how many of them are purchases. */
  record Answer(long rows, long purchases) {}

  interface Contender {
    Answer read(Path file) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long rows = Long.parseLong(args[1]);
    int runs = Integer.parseInt(args[2]);
    if (!Files.exists(file)) {
      Rees46Csv.write(file, rows, 46);
    }
    Map<String, Contender> contenders = new LinkedHashMap<>();
    contenders.put("line-end scan (floor)", f -> scan(f, true));
    contenders.put("Commons CSV 1.14", CsvParserChoice::commonsCsv);
    contenders.put("FastCSV 4.1", CsvParserChoice::fastCsv);
    contenders.put("DuckDB count, 1 thread", f -> duckDbCount(f, 1));
    contenders.put("DuckDB count, 2 threads", f -> duckDbCount(f, 2));
    contenders.put("DuckDB to Java (JDBC), 2 threads", CsvParserChoice::duckDbToJava);
    contenders.put("funnel-io EventReader, 1 thread", f -> funnelIo(f, 1));
    contenders.put("funnel-io EventReader, 2 threads", f -> funnelIo(f, 2));
    Answer reference = commonsCsv(file);
    System.out.printf(
        Locale.ROOT,
        "%s: %,d bytes, %,d rows, %,d purchases (Commons CSV); %d runs after one warm-up%n",
        file.getFileName(),
        Files.size(file),
        reference.rows(),
        reference.purchases(),
        runs);
    measure(contenders, file, reference, runs);
  }

  /**
   * Times each contender {@code runs} times after one run whose answer must equal {@code reference}
   * (a line-end scan's only in rows), and prints median, min and max.
   */
  static void measure(Map<String, Contender> contenders, Path file, Answer reference, int runs)
      throws Exception {
    for (Map.Entry<String, Contender> c : contenders.entrySet()) {
      Answer answer = c.getValue().read(file);
      // The scan counts lines, not purchases.
      boolean right =
          c.getKey().startsWith("line-end")
              ? answer.rows() == reference.rows()
              : answer.equals(reference);
      if (!right) {
        throw new AssertionError(c.getKey() + " answered " + answer + ", not " + reference);
      }
      double[] seconds = new double[runs];
      for (int r = 0; r < runs; r++) {
        long start = System.nanoTime();
        c.getValue().read(file);
        seconds[r] = (System.nanoTime() - start) / 1e9;
      }
      Arrays.sort(seconds);
      System.out.printf(
          Locale.ROOT,
          "%-36s median %6.3f s  (min %6.3f, max %6.3f)  %5.2f M rows/s%n",
          c.getKey(),
          seconds[runs / 2],
          seconds[0],
          seconds[runs - 1],
          reference.rows() / seconds[runs / 2] / 1e6);
    }
  }

  /** Counts the lines; {@code header} says whether the first is a header, not a row. */
  static Answer scan(Path file, boolean header) throws IOException {
    long lines = 0;
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer buffer = ByteBuffer.allocate(4 << 20);
      byte[] b = buffer.array();
      int n;
      while ((n = channel.read(buffer.clear())) > 0) {
        for (int i = 0; i < n; i++) {
          if (b[i] == '\n') {
            lines++;
          }
        }
      }
    }
    return new Answer(header ? lines - 1 : lines, -1);
  }

  private static Answer commonsCsv(Path file) throws IOException {
    long rows = 0;
    long purchases = 0;
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        var parser = format.parse(reader)) {
      for (CSVRecord record : parser) {
        record.get(0);
        record.get(7);
        if (record.get(1).equals("purchase")) {
          purchases++;
        }
        rows++;
      }
    }
    return new Answer(rows, purchases);
  }

  private static Answer fastCsv(Path file) throws IOException {
    long rows = 0;
    long purchases = 0;
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file)) {
      boolean header = true;
      for (CsvRecord record : reader) {
        if (header) {
          header = false;
          continue;
        }
        record.getField(0);
        record.getField(7);
        if (record.getField(1).equals("purchase")) {
          purchases++;
        }
        rows++;
      }
    }
    return new Answer(rows, purchases);
  }

  private static Answer duckDbCount(Path file, int threads) throws SQLException {
    return duckDbCount("read_csv('" + file + "')", threads);
  }

  /** Counts rows and purchases inside DuckDB, reading {@code source} on {@code threads}. */
  static Answer duckDbCount(String source, int threads) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(*), count(*) FILTER (WHERE event_type = 'purchase') FROM " + source)) {
        r.next();
        return new Answer(r.getLong(1), r.getLong(2));
      }
    }
  }

  private static Answer duckDbToJava(Path file) throws SQLException {
    long rows = 0;
    long purchases = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = 2");
      try (ResultSet r =
          s.executeQuery(
              "SELECT user_id, epoch(event_time), event_type FROM read_csv('" + file + "')")) {
        while (r.next()) {
          r.getLong(1);
          r.getLong(2);
          if (r.getString(3).equals("purchase")) {
            purchases++;
          }
          rows++;
        }
      }
    }
    return new Answer(rows, purchases);
  }

  static Answer funnelIo(Path file, int threads) throws Exception {
    EventLog log =
        EventReader.builder()
            .columns(
                EventColumns.builder()
                    .subject("user_id")
                    .time("event_time")
                    .event("event_type")
                    .build())
            .timeFormat(TimeFormat.iso())
            .resolution(TimeUnit.SECONDS)
            .threads(threads)
            .build()
            .read(file);
    int purchase = log.eventCode("purchase").orElseThrow();
    return new Answer(log.rowsRead(), log.rowsWithEvent(purchase));
  }
}
