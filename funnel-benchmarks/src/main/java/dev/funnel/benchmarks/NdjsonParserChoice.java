package dev.funnel.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.funnel.benchmarks.CsvParserChoice.Answer;
import dev.funnel.benchmarks.CsvParserChoice.Contender;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which machinery reads a REES46-shaped NDJSON file fastest, measured whole as {@link
 * CsvParserChoice} measures CSV: a bare scan for line ends (the floor), Jackson's streaming parser
 * (the three fields only: times not parsed, subjects not numbered, so it is flattered), DuckDB
 * in-process counting with {@code read_json} on one and two threads, and funnel-io's {@code
 * EventReader} on one and two threads. Every contender's (rows, purchases) must equal Jackson's
 * before any time counts. Not a test: run by hand, results in RESULTS.md.
 *
 * <pre>{@code
 * java -cp funnel-benchmarks/target/benchmarks.jar dev.funnel.benchmarks.NdjsonParserChoice \
 *     FILE.ndjson FILE.csv RUNS
 * }</pre>
 *
 * If {@code FILE.ndjson} does not exist, DuckDB writes it from the REES46-shaped {@code FILE.csv}
 * (one object per row, ids and prices as numbers, empty fields as {@code null}).
 */
public final class NdjsonParserChoice {
  private NdjsonParserChoice() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int runs = Integer.parseInt(args[2]);
    if (!Files.exists(file)) {
      write(Path.of(args[1]), file);
    }
    Map<String, Contender> contenders = new LinkedHashMap<>();
    contenders.put("line-end scan (floor)", f -> CsvParserChoice.scan(f, false));
    contenders.put("Jackson streaming 2.20", NdjsonParserChoice::jackson);
    contenders.put("DuckDB read_json count, 1 thread", f -> duckDbCount(f, 1));
    contenders.put("DuckDB read_json count, 2 threads", f -> duckDbCount(f, 2));
    contenders.put("funnel-io EventReader, 1 thread", f -> CsvParserChoice.funnelIo(f, 1));
    contenders.put("funnel-io EventReader, 2 threads", f -> CsvParserChoice.funnelIo(f, 2));
    Answer reference = jackson(file);
    System.out.printf(
        Locale.ROOT,
        "%s: %,d bytes, %,d rows, %,d purchases (Jackson); %d runs after one warm-up%n",
        file.getFileName(),
        Files.size(file),
        reference.rows(),
        reference.purchases(),
        runs);
    CsvParserChoice.measure(contenders, file, reference, runs);
  }

  private static void write(Path csv, Path ndjson) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT * FROM "
              + DuckDbFileRun.source(csv)
              + ") TO '"
              + ndjson.toString().replace("'", "''")
              + "' (FORMAT JSON)");
    }
  }

  private static Answer jackson(Path file) throws IOException {
    long rows = 0;
    long purchases = 0;
    try (InputStream in = Files.newInputStream(file);
        JsonParser parser = new JsonFactory().createParser(in)) {
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          parser.nextToken();
          switch (field) {
            case "user_id" -> parser.getLongValue();
            case "event_time" -> parser.getText();
            case "event_type" -> {
              if (parser.getText().equals("purchase")) {
                purchases++;
              }
            }
            default -> parser.skipChildren();
          }
        }
        rows++;
      }
    }
    return new Answer(rows, purchases);
  }

  private static Answer duckDbCount(Path file, int threads) throws SQLException {
    return CsvParserChoice.duckDbCount(
        "read_json('"
            + file.toString().replace("'", "''")
            + "', format = 'newline_delimited', columns = {'event_time': 'VARCHAR',"
            + " 'event_type': 'VARCHAR', 'user_id': 'BIGINT'})",
        threads);
  }
}
