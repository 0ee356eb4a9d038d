package dev.funnel.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of small event logs for property tests: few subjects, timestamps from a short range so
 * that ties are common, and every code of the funnel's range, so that steps overlap and some events
 * match nothing. Built from QuickTheories' own generators, so a falsified property shrinks toward
 * fewer rows, lower subjects, earlier times and lower codes.
 */
public final class EventLogs {
  /** Subjects 0 to 5 of a log. */
  private static final int SUBJECTS = 6;

  /** Timestamps 0 to 25: ties are common, and a window of up to 40 spans part of a log or all. */
  private static final int LAST_TIME = 25;

  /** A sparse log's ids lie this far apart, beyond what any batch indexes directly. */
  private static final long SPARSE_STRIDE = 1_000_000_007L * 1_000_003L;

  private EventLogs() {}

  /** Returns logs of up to 40 rows with codes from 0 to {@code eventCodes − 1}. */
  public static Gen<EventLog> logs(int eventCodes) {
    return logs(eventCodes, 40);
  }

  /**
   * Returns logs of up to {@code maxRows} rows over up to six subjects, with codes from 0 to {@code
   * eventCodes − 1} and timestamps from 0 to 25. Subject ids are small, or (in some logs) far
   * apart, which takes an aggregation's path for sparse ids.
   *
   * @throws IllegalArgumentException if {@code eventCodes} or {@code maxRows} is not positive
   */
  public static Gen<EventLog> logs(int eventCodes, int maxRows) {
    checkArgument(eventCodes > 0, "event codes must be positive: %s", eventCodes);
    checkArgument(maxRows > 0, "rows must be positive: %s", maxRows);
    Gen<long[]> row =
        Generate.range(0, SUBJECTS - 1)
            .zip(
                Generate.range(0, LAST_TIME),
                Generate.range(0, eventCodes - 1),
                (subject, time, code) -> new long[] {subject, time, code});
    return lists()
        .of(row)
        .ofSizeBetween(0, maxRows)
        .zip(Generate.booleans(), EventLogs::toLog)
        .describedAs(EventLog::toString);
  }

  private static EventLog toLog(List<long[]> rows, boolean sparse) {
    int n = rows.size();
    long[] subjects = new long[n];
    long[] times = new long[n];
    int[] codes = new int[n];
    for (int i = 0; i < n; i++) {
      long[] r = rows.get(i);
      subjects[i] = sparse ? r[0] * SPARSE_STRIDE : r[0];
      times[i] = r[1];
      codes[i] = (int) r[2];
    }
    return EventLog.of(subjects, times, codes);
  }
}
