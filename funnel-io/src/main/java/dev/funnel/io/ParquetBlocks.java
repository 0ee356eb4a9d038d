package dev.funnel.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A Parquet file's rows as blocks for the reader, read by DuckDB in-process over JDBC ({@code
 * org.duckdb:duckdb_jdbc}, which the application puts on the class path; funnel-io itself needs
 * only {@code java.sql}). DuckDB decodes the file on the reader's threads and hands over numbers
 * only: numeric subjects and times as they are, events and segments as codes of an {@code ENUM} of
 * their distinct values, and the filters' masks and each row's fault computed in SQL; only text
 * subjects and text times come over as strings (a JDBC string costs about ten times a number). Rows
 * come in file order, each block with its own dictionaries, so that the reader joins them as it
 * joins a CSV file's blocks. Not thread-safe; one read owns it.
 */
final class ParquetBlocks implements AutoCloseable {
  static final String DRIVER = "org.duckdb.DuckDBDriver";

  private static final int ROWS_PER_BLOCK = 1 << 16;
  private static final long MICROS_PER_SECOND = 1_000_000L;

  /** How a time column comes over. */
  private enum Time {
    /** Microseconds since the epoch of an instant (TIMESTAMP WITH TIME ZONE). */
    INSTANT,
    /**
     * Microseconds since the epoch of a local date-time, in the format's zone (TIMESTAMP, DATE).
     */
    LOCAL,
    /** An integer, read as an epoch number in the format's unit. */
    NUMBER,
    /** Text, read by the format. */
    TEXT
  }

  // A row's fault, computed in SQL; a filter's number that is not one is NOT_A_NUMBER + its index.
  private static final int FINE = 0;
  private static final int NO_SUBJECT = 1;
  private static final int NO_TIME = 2;
  private static final int NO_EVENT = 3;
  private static final int NOT_A_NUMBER = 100;

  // Where each value is in a result row: subject 1, time 2, event 3, fault 4, then the segment (if
  // read), the mask (if filtered) and the values of number conditions on text columns.
  private static final int FAULT = 4;
  private static final int SEGMENT = 5;
  private final int maskAt;
  private final int valuesAt;

  private final String name;
  private final Block.Layout layout;
  private final Connection connection;
  private final Statement statement;
  private final ResultSet rows;
  private final int[] columnOf;
  private final boolean textSubject;
  private final Time time;
  // The format's zone, and its offset in microseconds if it is fixed (then the rules are not
  // asked).
  private final ZoneRules zone;
  private final @Nullable Long fixedOffsetMicros;
  private final long unitNanos;
  private final byte[][] eventNames;
  private final byte[][] segmentNames;
  private final List<EventFilter.Condition> numberConditions;
  private final List<EventFilter> numberConditionFilters;
  private final List<Integer> numberConditionFields;
  private final long totalRows;
  private final byte[] digits = new byte[20];
  private long rowsRead;
  private boolean done;

  private ParquetBlocks(
      String name,
      Block.Layout layout,
      Connection connection,
      Statement statement,
      ResultSet rows,
      int[] columnOf,
      boolean textSubject,
      Time time,
      ZoneRules zone,
      long unitNanos,
      byte[][] eventNames,
      byte[][] segmentNames,
      List<EventFilter.Condition> numberConditions,
      List<EventFilter> numberConditionFilters,
      List<Integer> numberConditionFields,
      long totalRows) {
    this.name = name;
    this.layout = layout;
    this.connection = connection;
    this.statement = statement;
    this.rows = rows;
    this.columnOf = columnOf;
    this.textSubject = textSubject;
    this.time = time;
    this.zone = zone;
    this.fixedOffsetMicros =
        zone.isFixedOffset()
            ? zone.getOffset(java.time.Instant.EPOCH).getTotalSeconds() * MICROS_PER_SECOND
            : null;
    this.unitNanos = unitNanos;
    this.eventNames = eventNames;
    this.segmentNames = segmentNames;
    this.numberConditions = numberConditions;
    this.numberConditionFilters = numberConditionFilters;
    this.numberConditionFields = numberConditionFields;
    this.totalRows = totalRows;
    this.maskAt = layout.segment() >= 0 ? SEGMENT + 1 : SEGMENT;
    this.valuesAt = maskAt + (layout.filters().isEmpty() ? 0 : 1);
  }

  /**
   * Opens {@code file} for a read of {@code layout}'s fields (its names are column names).
   *
   * @throws BadEventsException if the file is not Parquet or lacks a column
   * @throws IOException if DuckDB is not on the class path or the file cannot be read
   */
  static ParquetBlocks open(
      Path file,
      String name,
      Block.Layout layout,
      TimeFormat format,
      TimeUnit resolution,
      int threads)
      throws IOException, BadEventsException {
    try {
      Class.forName(DRIVER);
    } catch (ClassNotFoundException e) {
      throw new IOException(
          "reading Parquet needs DuckDB's JDBC driver (org.duckdb:duckdb_jdbc) on the class path",
          e);
    }
    Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
      Statement statement = connection.createStatement();
      statement.execute("SET threads = " + threads);
      String source = "read_parquet(" + literal(file.toAbsolutePath().toString()) + ")";
      List<String> columns = new ArrayList<>();
      List<String> types = new ArrayList<>();
      try (ResultSet schema = statement.executeQuery("DESCRIBE SELECT * FROM " + source)) {
        while (schema.next()) {
          columns.add(schema.getString(1));
          types.add(schema.getString(2));
        }
      } catch (SQLException e) {
        throw new BadEventsException(
            new BadRow(name, 0, 0, "the file is not readable Parquet: " + firstLine(e)));
      }
      int[] columnOf = new int[layout.fields()];
      List<String> missing = new ArrayList<>();
      for (int f = 0; f < layout.fields(); f++) {
        columnOf[f] = indexOf(columns, layout.names().get(f));
        if (columnOf[f] < 0) {
          missing.add("'" + layout.names().get(f) + "'");
        }
      }
      if (!missing.isEmpty()) {
        throw EventReader.lacking(name, 0, "file", missing, columns);
      }
      String subject = quoted(columns.get(columnOf[layout.subject()]));
      String subjectType = types.get(columnOf[layout.subject()]);
      boolean textSubject = !isInteger(subjectType);
      String timeColumn = quoted(columns.get(columnOf[layout.time()]));
      String timeType = types.get(columnOf[layout.time()]);
      Time time = timeKind(timeType);
      String event = text(columns.get(columnOf[layout.event()]));

      byte[][] eventNames = enumType(statement, "funnel_event", event, source);
      byte[][] segmentNames = new byte[0][];
      String segment = null;
      if (layout.segment() >= 0) {
        segment = text(columns.get(columnOf[layout.segment()]));
        segmentNames = enumType(statement, "funnel_segment", segment, source);
      }

      List<String> select = new ArrayList<>();
      select.add(
          textSubject ? "CAST(" + subject + " AS VARCHAR)" : "CAST(" + subject + " AS BIGINT)");
      select.add(
          switch (time) {
            case INSTANT -> "epoch_us(" + timeColumn + ")";
            case LOCAL -> "epoch_us(CAST(" + timeColumn + " AS TIMESTAMP))";
            case NUMBER -> "CAST(" + timeColumn + " AS BIGINT)";
            case TEXT -> "CAST(" + timeColumn + " AS VARCHAR)";
          });
      select.add("coalesce(enum_code(" + event + "::funnel_event), -1)");

      // The filters' masks and the rows' faults, in SQL; conditions as the CSV reader tests them.
      RowFilters filters = layout.filters();
      List<String> mask = new ArrayList<>();
      List<String> faults = new ArrayList<>();
      faults.add(
          "WHEN "
              + subject
              + " IS NULL"
              + (textSubject ? " OR CAST(" + subject + " AS VARCHAR) = ''" : "")
              + " THEN "
              + NO_SUBJECT);
      faults.add("WHEN " + timeColumn + " IS NULL THEN " + NO_TIME);
      faults.add("WHEN " + event + " IS NULL OR " + event + " = '' THEN " + NO_EVENT);
      List<EventFilter.Condition> numberConditions = new ArrayList<>();
      List<EventFilter> numberConditionFilters = new ArrayList<>();
      List<Integer> numberConditionFields = new ArrayList<>();
      for (int k = 0; k < filters.filters.size(); k++) {
        EventFilter filter = filters.filters.get(k);
        String ofEvents =
            event
                + " IN ("
                + String.join(", ", filter.events().stream().map(ParquetBlocks::literal).toList())
                + ")";
        List<String> tests = new ArrayList<>();
        tests.add(ofEvents);
        for (int c = 0; c < filter.conditions().size(); c++) {
          EventFilter.Condition condition = filter.conditions().get(c);
          int field = filters.fields[k][c];
          String column = quoted(columns.get(columnOf[field]));
          String type = types.get(columnOf[field]);
          String value;
          if (condition.comparesNumbers() && isNumber(type)) {
            value = "CAST(" + column + " AS DOUBLE)";
          } else if (condition.comparesNumbers()) {
            String textValue = "CAST(" + column + " AS VARCHAR)";
            value = "TRY_CAST(" + textValue + " AS DOUBLE)";
            faults.add(
                "WHEN "
                    + ofEvents
                    + " AND "
                    + textValue
                    + " <> '' AND "
                    + value
                    + " IS NULL THEN "
                    + (NOT_A_NUMBER + numberConditions.size()));
            numberConditions.add(condition);
            numberConditionFilters.add(filter);
            numberConditionFields.add(field);
          } else {
            value = "CAST(" + column + " AS VARCHAR)";
          }
          String compared =
              condition.comparesNumbers()
                  ? numberLiteral(condition.number())
                  : literal(condition.value());
          tests.add(
              column
                  + " IS NOT NULL AND CAST("
                  + column
                  + " AS VARCHAR) <> '' AND "
                  + value
                  + " "
                  + sqlOperator(condition.operator())
                  + " "
                  + compared);
        }
        mask.add("CASE WHEN " + String.join(" AND ", tests) + " THEN " + (1L << k) + " ELSE 0 END");
      }
      // Then the fault, and only what the read needs: a JDBC value costs even when constant.
      select.add("CASE " + String.join(" ", faults) + " ELSE " + FINE + " END");
      if (segment != null) {
        select.add("coalesce(enum_code(" + segment + "::funnel_segment), -1)");
      }
      if (!mask.isEmpty()) {
        select.add(String.join(" + ", mask));
      }
      for (int field : numberConditionFields) {
        select.add("CAST(" + quoted(columns.get(columnOf[field])) + " AS VARCHAR)");
      }

      long totalRows;
      try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + source)) {
        count.next();
        totalRows = count.getLong(1);
      }
      ResultSet rows =
          statement.executeQuery("SELECT " + String.join(", ", select) + " FROM " + source);
      ParquetBlocks blocks =
          new ParquetBlocks(
              name,
              layout,
              connection,
              statement,
              rows,
              columnOf,
              textSubject,
              time,
              format.zone().getRules(),
              resolution.toNanos(1),
              eventNames,
              segmentNames,
              numberConditions,
              numberConditionFilters,
              numberConditionFields,
              totalRows);
      connection = null;
      return blocks;
    } catch (SQLException e) {
      throw new IOException(name + ": DuckDB could not read the file: " + firstLine(e), e);
    } finally {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          // The read failed already; that failure is the one to report.
        }
      }
    }
  }

  /** The share of the file's rows read so far, for progress. */
  double fractionRead() {
    return totalRows == 0 ? 1 : (double) rowsRead / totalRows;
  }

  /** The next block of rows, parsed, or null after the last. */
  @Nullable Block next(TimeParser parser) throws IOException {
    if (done) {
      return null;
    }
    Block block = new Parsed(columnOf);
    block.begin(layout);
    int[] localEvent = filled(eventNames.length);
    int[] localSegment = filled(segmentNames.length);
    boolean filtered = !layout.filters().isEmpty();
    try {
      while (block.dataRows < ROWS_PER_BLOCK) {
        if (!rows.next()) {
          done = true;
          break;
        }
        int line = block.dataRows;
        block.dataRows++;
        rowsRead++;
        int fault = rows.getInt(FAULT);
        if (fault != FINE) {
          block.reject(line, faultColumn(fault), faultMessage(fault));
          continue;
        }
        int subject = -1;
        long number;
        if (textSubject) {
          byte[] text = rows.getString(1).getBytes(StandardCharsets.UTF_8);
          number = Block.number(text, 0, text.length);
          if (number < 0) {
            subject = block.subjectNames.idOf(text, 0, text.length);
          }
        } else {
          number = rows.getLong(1);
          if (number < 0) {
            byte[] text = Long.toString(number).getBytes(StandardCharsets.US_ASCII);
            subject = block.subjectNames.idOf(text, 0, text.length);
          }
        }
        long t;
        try {
          t = time(rows, parser);
        } catch (TimeParser.BadValue e) {
          block.reject(
              line,
              columnOf[layout.time()] + 1,
              "the time ("
                  + layout.names().get(layout.time())
                  + ") '"
                  + rows.getString(2)
                  + "' "
                  + e.getMessage());
          continue;
        }
        int code = rows.getInt(3);
        if (localEvent[code] < 0) {
          localEvent[code] = block.eventNames.idOf(eventNames[code], 0, eventNames[code].length);
        }
        int e = localEvent[code];
        if (!block.allowed(layout, e, line)) {
          continue;
        }
        if (filtered) {
          e = block.codes.codeOf(e, rows.getLong(maskAt));
        }
        int g = -1;
        if (layout.segment() >= 0) {
          int s = rows.getInt(SEGMENT);
          if (s >= 0) {
            if (localSegment[s] < 0) {
              localSegment[s] = block.segmentNames.idOf(segmentNames[s], 0, segmentNames[s].length);
            }
            g = localSegment[s];
          }
        }
        block.put(layout, subject, number, t, e, g);
      }
    } catch (SQLException e) {
      throw new IOException(name + ": DuckDB could not read the file: " + firstLine(e), e);
    }
    block.lines = block.dataRows;
    return block;
  }

  private long time(ResultSet r, TimeParser parser) throws SQLException, TimeParser.BadValue {
    switch (time) {
      case INSTANT, LOCAL -> {
        long micros = r.getLong(2);
        if (time == Time.LOCAL) {
          Long fixed = fixedOffsetMicros;
          if (fixed != null) {
            micros -= fixed;
          } else {
            long second = Math.floorDiv(micros, MICROS_PER_SECOND);
            LocalDateTime local = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            micros -= zone.getOffset(local).getTotalSeconds() * MICROS_PER_SECOND;
          }
        }
        if (micros < 0) {
          throw new TimeParser.BadValue(
              "is before 1970-01-01T00:00:00Z, which timestamps cannot hold");
        }
        return unitNanos >= 1000 ? micros / (unitNanos / 1000) : micros * (1000 / unitNanos);
      }
      case NUMBER -> {
        long number = r.getLong(2);
        if (number < 0) {
          throw new TimeParser.BadValue(
              "is before 1970-01-01T00:00:00Z, which timestamps cannot hold");
        }
        int length = writeDigits(number);
        return parser.parse(digits, digits.length - length, digits.length);
      }
      default -> {
        byte[] text = r.getString(2).getBytes(StandardCharsets.UTF_8);
        return parser.parse(text, 0, text.length);
      }
    }
  }

  /** Writes {@code number}'s digits at the end of {@link #digits}; returns how many. */
  private int writeDigits(long number) {
    int i = digits.length;
    long n = number;
    do {
      digits[--i] = (byte) ('0' + n % 10);
      n /= 10;
    } while (n > 0);
    return digits.length - i;
  }

  private int faultColumn(int fault) {
    int field =
        switch (fault) {
          case NO_SUBJECT -> layout.subject();
          case NO_TIME -> layout.time();
          case NO_EVENT -> layout.event();
          default -> numberConditionFields.get(fault - NOT_A_NUMBER);
        };
    return columnOf[field] + 1;
  }

  private String faultMessage(int fault) throws SQLException {
    return switch (fault) {
      case NO_SUBJECT -> "the subject (" + layout.names().get(layout.subject()) + ") is empty";
      case NO_TIME -> "the time (" + layout.names().get(layout.time()) + ") is empty";
      case NO_EVENT -> "the event (" + layout.names().get(layout.event()) + ") is empty";
      default -> {
        int c = fault - NOT_A_NUMBER;
        yield "the "
            + numberConditions.get(c).column()
            + " '"
            + rows.getString(valuesAt + c)
            + "' is not a number, which the filter '"
            + numberConditionFilters.get(c)
            + "' compares";
      }
    };
  }

  @Override
  public void close() throws IOException {
    try {
      rows.close();
      statement.close();
      connection.close();
    } catch (SQLException e) {
      throw new IOException(name + ": DuckDB failed to close: " + firstLine(e), e);
    }
  }

  /** A block whose rows were put in by this class: nothing to parse or unescape. */
  private static final class Parsed extends Block {
    private final int[] columnOf;

    Parsed(int[] columnOf) {
      super(new byte[0], 0, true);
      this.columnOf = columnOf;
    }

    @Override
    Block parse(Layout layout, TimeParser timeParser) {
      return this;
    }

    @Override
    byte @Nullable [] unescape(int from, int to, Layout layout) {
      return null;
    }

    @Override
    int column(int field) {
      return columnOf[field] + 1;
    }
  }

  /** Creates an ENUM of a text expression's distinct values; returns them by code, as UTF-8. */
  private static byte[][] enumType(Statement statement, String type, String text, String source)
      throws SQLException {
    statement.execute(
        "CREATE TYPE "
            + type
            + " AS ENUM (SELECT DISTINCT "
            + text
            + " FROM "
            + source
            + " WHERE "
            + text
            + " IS NOT NULL AND "
            + text
            + " <> '')");
    List<byte[]> names = new ArrayList<>();
    try (ResultSet values =
        statement.executeQuery("SELECT unnest(enum_range(NULL::" + type + "))")) {
      while (values.next()) {
        names.add(values.getString(1).getBytes(StandardCharsets.UTF_8));
      }
    }
    return names.toArray(new byte[0][]);
  }

  private static Time timeKind(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    if (t.equals("TIMESTAMP WITH TIME ZONE")) {
      return Time.INSTANT;
    }
    if (t.startsWith("TIMESTAMP") || t.equals("DATE")) {
      return Time.LOCAL;
    }
    return isInteger(t) ? Time.NUMBER : Time.TEXT;
  }

  private static boolean isInteger(String type) {
    return Arrays.asList(
            "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER")
        .contains(type.toUpperCase(Locale.ROOT));
  }

  private static boolean isNumber(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    return isInteger(t)
        || t.equals("UBIGINT")
        || t.equals("HUGEINT")
        || t.equals("FLOAT")
        || t.equals("DOUBLE")
        || t.startsWith("DECIMAL");
  }

  private static String sqlOperator(EventFilter.Operator operator) {
    return operator == EventFilter.Operator.NOT_EQUAL ? "<>" : operator.symbol();
  }

  private static String numberLiteral(double number) {
    // A DOUBLE literal of the exact value: DuckDB reads this form as the same double.
    return "CAST(" + literal(Double.toString(number)) + " AS DOUBLE)";
  }

  private static String text(String column) {
    return "CAST(" + quoted(column) + " AS VARCHAR)";
  }

  private static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static int indexOf(List<String> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(name.strip())) {
        return i;
      }
    }
    return -1;
  }

  private static int[] filled(int length) {
    int[] a = new int[length];
    Arrays.fill(a, -1);
    return a;
  }

  private static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
