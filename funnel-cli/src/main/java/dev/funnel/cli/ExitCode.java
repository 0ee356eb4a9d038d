package dev.funnel.cli;

/** The exit codes of the {@code funnel} command, as documented in its help and the README. */
final class ExitCode {
  /** The report was written. */
  static final int OK = 0;

  /** Something failed that is not the user's doing: a bug, reported with its stack trace. */
  static final int INTERNAL_ERROR = 1;

  /** The command line is wrong: an unknown option, a missing value, one file without the other. */
  static final int USAGE = 2;

  /** An input file was read but its content is wrong: each problem is printed with its location. */
  static final int INVALID_INPUT = 3;

  /** A file could not be read or written: missing, unreadable, or a full disk. */
  static final int IO_ERROR = 4;

  /** The input did not fit in the memory Java was given; the message says how to give more. */
  static final int OUT_OF_MEMORY = 5;

  private ExitCode() {}
}
