package dev.funnel.jdbc;

import static com.google.common.base.Preconditions.checkArgument;

import dev.funnel.model.AttributeType;
import dev.funnel.model.Attributes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * How values become columns and back: times to the microsecond, and typed attributes as a type and
 * one of four value columns.
 */
final class Columns {
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private Columns() {}

  /**
   * Checks that the store can keep the time exactly: PostgreSQL keeps microseconds, in years 1 to
   * 9999 here, so a finer or farther time would read back as another.
   *
   * @throws IllegalArgumentException naming what the time is and the time
   */
  static Instant checkTime(Instant time, String what) {
    checkArgument(
        time.truncatedTo(ChronoUnit.MICROS).equals(time),
        "%s %s has nanoseconds, and the store keeps time to the microsecond: truncate it first"
            + " (Instant.truncatedTo(ChronoUnit.MICROS) gives %s)",
        what,
        time,
        time.truncatedTo(ChronoUnit.MICROS));
    checkArgument(
        !time.isBefore(EARLIEST) && !time.isAfter(LATEST),
        "%s %s is outside the years 1 to 9999 the store keeps",
        what,
        time);
    return time;
  }

  /** Checks every attribute time, naming its owner. */
  static void checkTimes(Attributes attributes, String owner) {
    for (String name : attributes.names()) {
      if (attributes.typeOf(name).orElseThrow() == AttributeType.TIME) {
        checkTime(attributes.time(name).orElseThrow(), owner + " attribute '" + name + "'");
      }
    }
  }

  static void setTime(PreparedStatement statement, int index, @Nullable Instant time)
      throws SQLException {
    if (time == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
    }
  }

  static @Nullable Instant time(ResultSet row, int index) throws SQLException {
    OffsetDateTime time = row.getObject(index, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  static Instant requiredTime(ResultSet row, int index) throws SQLException {
    Instant time = time(row, index);
    if (time == null) {
      throw new SQLException("column " + index + " is null where a time must be");
    }
    return time;
  }

  /**
   * Binds one attribute from {@code first}: name, value type, then the text, number, boolean and
   * time columns, all null but the one of its type.
   */
  static void setAttribute(
      PreparedStatement statement, int first, Attributes attributes, String name)
      throws SQLException {
    AttributeType type = attributes.typeOf(name).orElseThrow();
    statement.setString(first, name);
    statement.setString(first + 1, type.name());
    statement.setNull(first + 2, Types.VARCHAR);
    statement.setNull(first + 3, Types.DOUBLE);
    statement.setNull(first + 4, Types.BOOLEAN);
    setTime(statement, first + 5, null);
    switch (type) {
      case TEXT -> statement.setString(first + 2, attributes.text(name).orElseThrow());
      case NUMBER -> statement.setDouble(first + 3, attributes.number(name).orElseThrow());
      case BOOLEAN -> statement.setBoolean(first + 4, attributes.bool(name).orElseThrow());
      case TIME -> setTime(statement, first + 5, attributes.time(name).orElseThrow());
    }
  }

  /** Reads the columns {@link #setAttribute} wrote, from {@code first}, into the builder. */
  static void readAttribute(ResultSet row, int first, Attributes.Builder attributes)
      throws SQLException {
    String name = row.getString(first);
    String type = row.getString(first + 1);
    switch (AttributeType.valueOf(type)) {
      case TEXT -> attributes.put(name, row.getString(first + 2));
      case NUMBER -> attributes.put(name, row.getDouble(first + 3));
      case BOOLEAN -> attributes.put(name, row.getBoolean(first + 4));
      case TIME -> attributes.put(name, requiredTime(row, first + 5));
    }
  }

  /** The attribute columns, in the order {@link #setAttribute} binds them. */
  static final String ATTRIBUTE_COLUMNS =
      "name, value_type, text_value, number_value, boolean_value, time_value";
}
