package dev.funnel.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.funnel.events.Dialect;
import dev.funnel.events.Exclusion;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.RepeatPolicy;
import dev.funnel.events.StepOrder;
import dev.funnel.events.TiePolicy;
import dev.funnel.events.WindowAnchor;
import dev.funnel.events.WindowFunnel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The window-funnel level by brute force: every chain is tried, and each policy is applied as its
 * Javadoc defines it, without any of the library's bookkeeping. Check a funnel configuration
 * against it: whatever the events, {@link WindowFunnel#evaluate} and every aggregation must agree
 * with {@link #level}.
 *
 * <pre>{@code
 * qt().forAll(WindowFunnels.funnels(7), EventLogs.logs(7))
 *     .checkAssert((funnel, log) ->
 *         assertEquals(WindowFunnelOracle.counts(funnel, log),
 *             funnel.aggregate(log.batch(EventBatch.Layout.ARBITRARY)).counts()));
 * }</pre>
 *
 * <p>It covers the library's own policies (window anchor, step order, repeats, ties, the maximum
 * gap and exclusions) and the {@linkplain WindowFunnel#dialect() dialects} whose answer is the
 * longest of a set of chains ({@link #covers(Dialect)}), each tried:
 *
 * <ul>
 *   <li>ClickHouse without options and StarRocks's mode 0: a row is one entry per condition it
 *       satisfies, entries ordered by time, then condition; the level is the longest run of entries
 *       of conditions 1, 2, … in that order with the last within the window of the first;
 *   <li>Doris's default and increase (both versions): the longest chain of rows, each filling one
 *       step, within the window of its first; with increase, at strictly increasing times;
 *   <li>duckdb-behavioral without modes, with {@code strict_once}, and with {@code strict_once,
 *       strict_increase}: the longest chain from a step-1 row over later rows within its window,
 *       one row filling several consecutive steps unless {@code strict_once}, at strictly
 *       increasing times with {@code strict_increase}.
 * </ul>
 *
 * Every other mode is its engine's own single pass, with no definition over chains: the library
 * checks those against the engines' own examples, and the oracle refuses them.
 *
 * <p>Exponential in the events of one subject: meant for the small subjects that generators draw
 * (up to a few dozen events each). Stateless and thread-safe.
 */
public final class WindowFunnelOracle {
  private WindowFunnelOracle() {}

  private record Event(long time, int steps, int exclusions, int rank, int code, int index) {}

  /**
   * Returns the level of one subject whose events are given in input order (equal timestamps in
   * chain order, then input order, as a batch takes them).
   *
   * @throws IllegalArgumentException if the arrays differ in length, a code is outside the funnel's
   *     range, or the funnel follows a dialect the oracle does not {@linkplain #covers(Dialect)
   *     cover}
   */
  public static int level(WindowFunnel funnel, long[] times, int[] codes) {
    return level(funnel, times, codes, false);
  }

  /**
   * Returns every subject's level over a log, as counts: what an aggregation of the log in any
   * layout must return. A subject none of whose events matches a step counts at level 0.
   *
   * @throws IllegalArgumentException as {@link #level(WindowFunnel, long[], int[])}
   */
  public static LevelCounts counts(WindowFunnel funnel, EventLog log) {
    return counts(funnel, log, false);
  }

  /**
   * Returns every subject's level over a log, as counts, with ties as {@link #level(WindowFunnel,
   * long[], int[], boolean)} takes them: with {@code tiesByCode}, what merged {@linkplain
   * dev.funnel.events.FunnelState partial states} of the log must finish with, however the log was
   * split and ordered.
   *
   * @throws IllegalArgumentException as {@link #level(WindowFunnel, long[], int[])}
   */
  public static LevelCounts counts(WindowFunnel funnel, EventLog log, boolean tiesByCode) {
    requireNonNull(log, "log");
    long[] exactly = new long[funnel.steps() + 1];
    for (long subject : log.subjectIds()) {
      EventLog own = log.ofSubject(subject);
      exactly[level(funnel, own.times(), own.codes(), tiesByCode)]++;
    }
    return LevelCounts.ofExactly(exactly);
  }

  /**
   * Returns the level of one subject; with {@code tiesByCode}, equal timestamps with equal lowest
   * step are ordered by code before input position (the order in which a merged {@link
   * dev.funnel.events.FunnelState} takes them).
   *
   * @throws IllegalArgumentException as {@link #level(WindowFunnel, long[], int[])}
   */
  public static int level(WindowFunnel funnel, long[] times, int[] codes, boolean tiesByCode) {
    List<Event> events = inChainOrder(funnel, times, codes, tiesByCode);
    if (funnel.dialect().isPresent()) {
      return dialectLevel(funnel, funnel.dialect().get(), events);
    }
    return switch (funnel.repeats()) {
      case IGNORE -> best(funnel, events);
      case STOP -> {
        for (int p = 0; p < events.size(); p++) {
          int level = best(funnel, events.subList(0, p));
          if (repeatsAReachedStep(events.get(p), level)) {
            yield level;
          }
        }
        yield best(funnel, events);
      }
      case RESTART -> {
        int result = 0;
        int segment = 0;
        for (int p = 0; p < events.size(); p++) {
          int level = best(funnel, events.subList(segment, p));
          if (repeatsAReachedStep(events.get(p), level)) {
            result = Math.max(result, level);
            segment = p;
          }
        }
        yield Math.max(result, best(funnel, events.subList(segment, events.size())));
      }
    };
  }

  /**
   * Whether {@code chain} holds the timestamps of a valid chain of the subject's events: an event
   * of step k + 1 at {@code chain[k]} for each k, in chain order, within the window and the gap,
   * strictly increasing if asked, with no tracked event between two steps under strict order and no
   * excluding event where an exclusion forbids it. Repeats and the window anchor are not checked:
   * they decide which chains count, not whether a chain is well formed. Check a {@link
   * dev.funnel.events.SubjectResult#chain()} with it.
   *
   * @throws IllegalArgumentException as {@link #level(WindowFunnel, long[], int[])}, or if the
   *     funnel follows a dialect
   */
  public static boolean isChain(WindowFunnel funnel, long[] times, int[] codes, long[] chain) {
    ownPolicies(funnel);
    if (chain.length == 0) {
      return true;
    }
    List<Event> events = inChainOrder(funnel, times, codes, false);
    BiPredicate<Integer, Integer> atItsTime = (k, p) -> events.get(p).time() == chain[k];
    int[] picked = new int[funnel.steps()];
    for (int first = 0; first < events.size(); first++) {
      if ((events.get(first).steps() & 1) != 0 && atItsTime.test(0, first)) {
        picked[0] = first;
        if (extendsTo(funnel, events, picked, 1, chain.length, atItsTime)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The first and last timestamps of the chain that the library reports for a subject of {@code
   * level} > 0 under {@link RepeatPolicy#IGNORE}: of the chains that reach the level, those ending
   * at the earliest event in chain order, and of these the latest start.
   *
   * @throws IllegalArgumentException as {@link #level(WindowFunnel, long[], int[])}, if the funnel
   *     follows a dialect, or if no chain reaches the level
   */
  public static long[] reportedChainEnds(
      WindowFunnel funnel, long[] times, int[] codes, int level) {
    ownPolicies(funnel);
    List<Event> events = inChainOrder(funnel, times, codes, false);
    for (int end = 0; end < events.size(); end++) {
      int last = end;
      BiPredicate<Integer, Integer> endingThere = (k, p) -> k + 1 < level ? p < last : p == last;
      long latestStart = -1;
      int[] chain = new int[funnel.steps()];
      for (int first = 0; first <= end; first++) {
        if ((events.get(first).steps() & 1) == 0) {
          continue;
        }
        chain[0] = first;
        if (endingThere.test(0, first) && extendsTo(funnel, events, chain, 1, level, endingThere)) {
          latestStart = Math.max(latestStart, events.get(first).time());
        }
        if (funnel.windowAnchor() == WindowAnchor.FIRST_ENTRY) {
          break;
        }
      }
      if (latestStart >= 0) {
        return new long[] {latestStart, events.get(end).time()};
      }
    }
    throw new IllegalArgumentException("no chain reaches level " + level);
  }

  /**
   * Whether {@code chain[0..length)} extends to a valid chain of {@code level} steps whose step k +
   * 1 is an event p that {@code allowed.test(k, p)} accepts.
   */
  private static boolean extendsTo(
      WindowFunnel funnel,
      List<Event> events,
      int[] chain,
      int length,
      int level,
      BiPredicate<Integer, Integer> allowed) {
    if (length == level) {
      return true;
    }
    int from = chain[length - 1] + 1;
    for (int p = from; p < events.size(); p++) {
      if (funnel.order() == StepOrder.STRICT && p > from && hasTrackedBetween(events, from, p)) {
        break;
      }
      if (allowed.test(length, p)
          && canExtend(funnel, events, chain, length, p)
          && extendsTo(funnel, events, chain, length + 1, level, allowed)) {
        return true;
      }
    }
    return false;
  }

  private static List<Event> inChainOrder(
      WindowFunnel funnel, long[] times, int[] codes, boolean tiesByCode) {
    requireNonNull(funnel, "funnel");
    checkArgument(
        times.length == codes.length, "%s timestamps but %s codes", times.length, codes.length);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < times.length; i++) {
      checkArgument(
          codes[i] >= 0 && codes[i] < funnel.eventCodes(),
          "event code %s at index %s is outside the declared range [0, %s)",
          codes[i],
          i,
          funnel.eventCodes());
      int steps = stepMask(funnel, codes[i]);
      int exclusions = exclusionMask(funnel, codes[i]);
      if ((steps | exclusions) != 0) {
        int rank = steps != 0 ? Integer.numberOfTrailingZeros(steps) : funnel.steps();
        events.add(new Event(times[i], steps, exclusions, rank, codes[i], i));
      }
    }
    events.sort(
        Comparator.comparingLong(Event::time)
            .thenComparingInt(Event::rank)
            .thenComparingInt(e -> tiesByCode ? e.code() : 0)
            .thenComparingInt(Event::index));
    return events;
  }

  /**
   * Returns whether {@link #level} computes the dialect's answer: ClickHouse without options,
   * StarRocks's mode 0, Doris's default and increase (both versions), and duckdb-behavioral without
   * modes, with {@code strict_once}, or with {@code strict_once, strict_increase}.
   */
  public static boolean covers(Dialect dialect) {
    Set<String> modes = requireNonNull(dialect, "dialect").modes();
    return switch (dialect.engine()) {
      case CLICKHOUSE, STARROCKS -> modes.isEmpty();
      case DORIS, DORIS_V1 -> !modes.contains("deduplication") && !modes.contains("fixed");
      case DUCKDB_BEHAVIORAL ->
          Set.of("strict_once", "strict_increase").containsAll(modes)
              && (!modes.contains("strict_increase") || modes.contains("strict_once"));
    };
  }

  private static void ownPolicies(WindowFunnel funnel) {
    checkArgument(
        requireNonNull(funnel, "funnel").dialect().isEmpty(),
        "chains are checked for the library's own policies, not the dialect %s",
        funnel.dialect().map(Object::toString).orElse(""));
  }

  private static int dialectLevel(WindowFunnel funnel, Dialect dialect, List<Event> rows) {
    checkArgument(
        covers(dialect),
        "the oracle has no definition over chains of %s: that mode is the engine's own single pass",
        dialect);
    return switch (dialect.engine()) {
      case CLICKHOUSE, STARROCKS -> longestRunOfEntries(funnel, rows);
      case DORIS, DORIS_V1 ->
          longestRowChain(funnel, rows, false, dialect.modes().contains("increase"));
      case DUCKDB_BEHAVIORAL ->
          longestRowChain(
              funnel,
              rows,
              !dialect.modes().contains("strict_once"),
              dialect.modes().contains("strict_increase"));
    };
  }

  /**
   * ClickHouse's and StarRocks's answer: each row becomes one entry per condition it satisfies (a
   * row of that step alone), entries ordered by time, then condition, and the longest chain of
   * entries is the level.
   */
  private static int longestRunOfEntries(WindowFunnel funnel, List<Event> rows) {
    List<Event> entries = new ArrayList<>();
    for (Event row : rows) {
      for (int s = 0; s < funnel.steps(); s++) {
        if ((row.steps() & (1 << s)) != 0) {
          entries.add(new Event(row.time(), 1 << s, 0, s, row.code(), row.index()));
        }
      }
    }
    entries.sort(Comparator.comparingLong(Event::time).thenComparingInt(Event::rank)); // stable
    return longestRowChain(funnel, entries, false, false);
  }

  /**
   * The longest chain of rows from a step-1 row: each next step at a later row, or at the same row
   * as the step before when {@code shareRows} (never the first row), within the window of the
   * first.
   */
  private static int longestRowChain(
      WindowFunnel funnel, List<Event> rows, boolean shareRows, boolean increase) {
    int best = 0;
    for (int first = 0; first < rows.size(); first++) {
      if ((rows.get(first).steps() & 1) != 0) {
        best =
            Math.max(
                best, 1 + longestRowChainFrom(funnel, rows, shareRows, increase, first, first, 1));
      }
    }
    return best;
  }

  private static int longestRowChainFrom(
      WindowFunnel funnel,
      List<Event> rows,
      boolean shareRows,
      boolean increase,
      int first,
      int last,
      int step) {
    int best = 0;
    int from = shareRows && last > first ? last : last + 1;
    for (int next = from; step < funnel.steps() && next < rows.size(); next++) {
      Event row = rows.get(next);
      if ((row.steps() & (1 << step)) != 0
          && row.time() - rows.get(first).time() <= funnel.window()
          && (!increase || row.time() > rows.get(last).time())) {
        best =
            Math.max(
                best,
                1 + longestRowChainFrom(funnel, rows, shareRows, increase, first, next, step + 1));
      }
    }
    return best;
  }

  /** A repeat: the event matches a step s ≥ 2 with s ≤ the level reached before it. */
  private static boolean repeatsAReachedStep(Event event, int level) {
    for (int s = 2; s <= level; s++) {
      if ((event.steps() & (1 << (s - 1))) != 0) {
        return true;
      }
    }
    return false;
  }

  private static int best(WindowFunnel funnel, List<Event> events) {
    int best = 0;
    boolean anchored = false;
    for (int first = 0; first < events.size(); first++) {
      if ((events.get(first).steps() & 1) == 0) {
        continue;
      }
      if (funnel.windowAnchor() == WindowAnchor.FIRST_ENTRY && anchored) {
        break;
      }
      anchored = true;
      int[] chain = new int[funnel.steps()];
      chain[0] = first;
      best = Math.max(best, extend(funnel, events, chain, 1));
    }
    return best;
  }

  /** Returns the longest valid chain that starts with {@code chain[0..length)}. */
  private static int extend(WindowFunnel funnel, List<Event> events, int[] chain, int length) {
    if (length == funnel.steps()) {
      return length;
    }
    int best = length;
    int from = chain[length - 1] + 1;
    for (int p = from; p < events.size(); p++) {
      if (funnel.order() == StepOrder.STRICT && p > from && hasTrackedBetween(events, from, p)) {
        break;
      }
      if (canExtend(funnel, events, chain, length, p)) {
        best = Math.max(best, extend(funnel, events, chain, length + 1));
      }
    }
    return best;
  }

  /**
   * Whether event p can be step {@code length + 1} of the chain {@code chain[0..length)}; if so, it
   * is written to {@code chain[length]}.
   */
  private static boolean canExtend(
      WindowFunnel funnel, List<Event> events, int[] chain, int length, int p) {
    Event first = events.get(chain[0]);
    Event last = events.get(chain[length - 1]);
    Event e = events.get(p);
    if ((e.steps() & (1 << length)) == 0
        || e.time() - first.time() > funnel.window()
        || (funnel.maxGap().isPresent() && e.time() - last.time() > funnel.maxGap().getAsLong())
        || (funnel.ties() == TiePolicy.STRICT_INCREASE && e.time() <= last.time())) {
      return false;
    }
    chain[length] = p;
    return !excluded(funnel, events, chain, length + 1);
  }

  private static boolean hasTrackedBetween(List<Event> events, int from, int to) {
    for (int q = from; q < to; q++) {
      if (events.get(q).steps() != 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether the chain of {@code length} steps has an excluding event between two of its steps. */
  private static boolean excluded(
      WindowFunnel funnel, List<Event> events, int[] chain, int length) {
    for (int x = 0; x < funnel.exclusions().size(); x++) {
      Exclusion exclusion = funnel.exclusions().get(x);
      if (exclusion.toStep() > length) {
        continue;
      }
      for (int q = chain[exclusion.fromStep() - 1] + 1; q < chain[exclusion.toStep() - 1]; q++) {
        if ((events.get(q).exclusions() & (1 << x)) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int stepMask(WindowFunnel funnel, int code) {
    int mask = 0;
    for (int s = 0; s < funnel.steps(); s++) {
      if (funnel.stepCodes().get(s).contains(code)) {
        mask |= 1 << s;
      }
    }
    return mask;
  }

  private static int exclusionMask(WindowFunnel funnel, int code) {
    int mask = 0;
    for (int x = 0; x < funnel.exclusions().size(); x++) {
      if (funnel.exclusions().get(x).codes().contains(code)) {
        mask |= 1 << x;
      }
    }
    return mask;
  }
}
