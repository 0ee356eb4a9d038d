package dev.funnel.cli;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with an input file, located as precisely as the reader can: a line, and a column
 * when one field is at fault (0 when not known).
 *
 * @param file the file, as the user named it
 * @param line the 1-based line where the problem starts, or 0 for the file as a whole
 * @param column the 1-based column (a CSV field, or a JSON character), or 0 for the whole line
 * @param message what is wrong, naming the value
 */
record Problem(String file, long line, long column, String message) {
  Problem {
    requireNonNull(file, "file");
    requireNonNull(message, "message");
  }

  /** Returns what an exception says is wrong: its message, or its kind when it has none. */
  static String messageOf(Throwable e) {
    String message = e.getMessage();
    return message != null ? message : e.getClass().getSimpleName();
  }

  /** Formats as compilers do, {@code file:line:column: message}, so that editors can jump to it. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(':').append(line);
      if (column > 0) {
        s.append(':').append(column);
      }
    }
    return s.append(": ").append(message).toString();
  }
}
