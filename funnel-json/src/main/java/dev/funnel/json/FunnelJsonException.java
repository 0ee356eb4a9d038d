package dev.funnel.json;

import org.jspecify.annotations.Nullable;

/**
 * A JSON document that cannot be read: malformed, of an unknown schema version, with an unknown
 * field, a repeated key, a value of the wrong type, or a value the library refuses. The message
 * says where, as line, column and path, and what is wrong, naming the value; {@link #path()},
 * {@link #line()} and {@link #column()} give the place to a program.
 *
 * <p>Reading is all or nothing: when this is thrown, nothing was returned or changed.
 */
public final class FunnelJsonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final long line;
  private final long column;
  private final String problem;

  FunnelJsonException(
      String path, long line, long column, String problem, @Nullable Throwable cause) {
    super(
        String.format("line %d, column %d, at %s: %s", line, column, where(path), problem), cause);
    this.path = path;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  /** Returns what is wrong, without the place: the message after line, column and path. */
  public String problem() {
    return problem;
  }

  private static String where(String path) {
    return path.isEmpty() ? "the top of the document" : path;
  }

  /**
   * Returns where in the document the problem is, as a JSON Pointer (RFC 6901) such as {@code
   * /funnel/stages/2/winProbability}; empty for the document itself.
   */
  public String path() {
    return path;
  }

  /** Returns the line of the problem, from 1. */
  public long line() {
    return line;
  }

  /** Returns the column of the problem, from 1. */
  public long column() {
    return column;
  }
}
