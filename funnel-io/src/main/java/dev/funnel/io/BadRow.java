package dev.funnel.io;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A row that could not be read, and why: the file, the line (1 is the first), the column (1 is the
 * first, 0 when the problem is the row as a whole or the file is NDJSON, whose fields the message
 * names) and a message that names the value. Immutable.
 */
public final class BadRow {
  private final String file;
  private final long line;
  private final int column;
  private final String message;

  BadRow(String file, long line, int column, String message) {
    this.file = requireNonNull(file);
    this.line = line;
    this.column = column;
    this.message = requireNonNull(message);
  }

  /** Returns the name of the file, as the reader was given it. */
  public String file() {
    return file;
  }

  /**
   * Returns the line the row starts on, the file's first line being 1 (a CSV file's header; an
   * NDJSON file's first object).
   */
  public long line() {
    return line;
  }

  /** Returns the column, 1 for the first; 0 if the problem is with the row as a whole. */
  public int column() {
    return column;
  }

  /** Returns what is wrong, naming the value. */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BadRow r
        && file.equals(r.file)
        && line == r.line
        && column == r.column
        && message.equals(r.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, line, column, message);
  }

  /** Returns {@code file:line:column: message}, the column left out when it is 0. */
  @Override
  public String toString() {
    return column == 0
        ? String.format(Locale.ROOT, "%s:%d: %s", file, line, message)
        : String.format(Locale.ROOT, "%s:%d:%d: %s", file, line, column, message);
  }
}
