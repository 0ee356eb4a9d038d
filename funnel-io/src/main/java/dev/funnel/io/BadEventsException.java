package dev.funnel.io;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;

/**
 * An event log whose content cannot be read: a missing column, a file that is not what its name
 * says, or bad rows when they are not to be skipped. Lists the first {@value
 * EventReader#MAX_LISTED} problems and counts them all; the message is the first one.
 */
public final class BadEventsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ImmutableList<BadRow> problems;
  private final long total;

  BadEventsException(List<BadRow> problems, long total) {
    super(message(problems, total));
    this.problems = ImmutableList.copyOf(problems);
    this.total = total;
  }

  BadEventsException(BadRow problem) {
    this(List.of(problem), 1);
  }

  /** Returns the problems listed, in file order: at most {@value EventReader#MAX_LISTED}. */
  public ImmutableList<BadRow> problems() {
    return problems;
  }

  /** Returns how many problems there were, listed or not. */
  public long total() {
    return total;
  }

  private static String message(List<BadRow> problems, long total) {
    String first = problems.isEmpty() ? "bad event log" : problems.get(0).toString();
    return total <= 1 ? first : String.format(Locale.ROOT, "%s (and %,d more)", first, total - 1);
  }
}
