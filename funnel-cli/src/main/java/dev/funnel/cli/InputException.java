package dev.funnel.cli;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The input files cannot be turned into a report: every problem found, each with its location. The
 * command prints them and exits with {@link ExitCode#INVALID_INPUT}.
 */
final class InputException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How many problems are listed; the rest are only counted, so that one bad file cannot flood. */
  static final int MAX_LISTED = 20;

  private final transient ImmutableList<Problem> problems;
  private final long total;

  InputException(List<Problem> problems, long total) {
    super(problems.isEmpty() ? "invalid input" : problems.get(0).toString());
    this.problems = ImmutableList.copyOf(problems);
    this.total = total;
  }

  InputException(Problem problem) {
    this(List.of(problem), 1);
  }

  /** The problems listed, at most {@link #MAX_LISTED}, in the order they were found. */
  ImmutableList<Problem> problems() {
    return problems;
  }

  /** How many problems were found in all. */
  long total() {
    return total;
  }
}
