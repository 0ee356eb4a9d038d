package dev.funnel.events;

import static dev.funnel.events.EventLogs.batch;
import static dev.funnel.events.EventLogs.codes;
import static dev.funnel.events.EventLogs.column;
import static dev.funnel.events.EventLogs.randomLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Laws of dialect funnels on random logs: every way in (layouts, threads, grouped streams, the
 * tracker, merged partial states) gives each subject the level {@link WindowFunnel#evaluate} gives
 * it; where the engines' documents say they agree with the library (disjoint steps, distinct
 * timestamps) the default dialects equal the library's default; and Doris's default and increase
 * modes equal a brute-force search over every chain, written here from their definition ("the
 * longest chain from any step-1 row within the window"), not from the kernel.
 */
class DialectPropertiesTest {
  private static final long SEED = 0x5EED_D1A1L;

  private static final List<Dialect> DIALECTS =
      List.of(
          Dialect.clickHouse(),
          Dialect.clickHouse("strict_order"),
          Dialect.clickHouse("strict_deduplication"),
          Dialect.clickHouse("strict_increase"),
          Dialect.clickHouse("strict_order", "allow_reentry"),
          Dialect.clickHouse(
              "strict_order", "allow_reentry", "strict_deduplication", "strict_increase"),
          Dialect.doris("default"),
          Dialect.doris("deduplication"),
          Dialect.doris("fixed"),
          Dialect.doris("increase"),
          Dialect.dorisV1("fixed"),
          Dialect.starRocks(0),
          Dialect.starRocks(1),
          Dialect.starRocks(2),
          Dialect.starRocks(7),
          Dialect.duckdbBehavioral(""),
          Dialect.duckdbBehavioral("strict"),
          Dialect.duckdbBehavioral("strict_order"),
          Dialect.duckdbBehavioral("strict_deduplication"),
          Dialect.duckdbBehavioral("strict_increase, strict_once"),
          Dialect.duckdbBehavioral("allow_reentry"));

  /**
   * One to four steps over codes 0..4 (a code may be in two steps when {@code overlap}); 7 codes.
   */
  private static WindowFunnel funnel(SplittableRandom random, Dialect dialect, boolean overlap) {
    WindowFunnel.Builder builder = WindowFunnel.builder().eventCodes(7);
    int steps = 1 + random.nextInt(4);
    List<Integer> free = new ArrayList<>(List.of(0, 1, 2, 3, 4));
    Collections.shuffle(free, new Random(random.nextLong()));
    for (int s = 0; s < steps; s++) {
      builder.step(overlap ? random.nextInt(5) : free.get(s));
    }
    int window = random.nextInt(6);
    builder.window(window == 0 ? 0 : window == 1 ? Long.MAX_VALUE : random.nextInt(40));
    if (dialect != null) {
      builder.dialect(dialect);
    }
    return builder.build();
  }

  private static Map<Long, Integer> perSubject(WindowFunnel funnel, List<long[]> rows) {
    Map<Long, List<long[]>> bySubject = new HashMap<>();
    rows.forEach(r -> bySubject.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r));
    Map<Long, Integer> levels = new HashMap<>();
    bySubject.forEach(
        (subject, mine) ->
            levels.put(subject, funnel.evaluate(column(mine, 1), codes(mine)).level()));
    return levels;
  }

  private static Map<Long, Integer> aggregated(WindowFunnel funnel, EventBatch batch, int threads) {
    Map<Long, Integer> levels = new java.util.concurrent.ConcurrentHashMap<>();
    funnel
        .aggregation()
        .threads(threads)
        .minEventsPerThread(1)
        .subjects((subject, found) -> levels.put(subject, found.level()))
        .run(batch);
    return levels;
  }

  private static LevelCounts counts(WindowFunnel funnel, Map<Long, Integer> levels) {
    long[] exactly = new long[funnel.steps() + 1];
    levels.values().forEach(level -> exactly[level]++);
    return LevelCounts.ofExactly(exactly);
  }

  @Test
  void everyWayInGivesEverySubjectTheLevelOfEvaluate() {
    qt().withFixedSeed(SEED)
        .withExamples(400)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              Dialect dialect = DIALECTS.get(random.nextInt(DIALECTS.size()));
              boolean overlap = random.nextBoolean();
              WindowFunnel funnel = funnel(random, dialect, overlap);
              List<long[]> rows = randomLog(random);
              Map<Long, Integer> expected = perSubject(funnel, rows);

              List<long[]> grouped = new ArrayList<>(rows);
              grouped.sort(
                  Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
              List<long[]> timeOrdered = new ArrayList<>(rows);
              timeOrdered.sort(Comparator.comparingLong(r -> r[1]));
              List<long[]> shuffled = new ArrayList<>(rows);
              Collections.shuffle(shuffled, new Random(seed));
              for (int threads = 1; threads <= 2; threads++) {
                assertThat(aggregated(funnel, batch(grouped, EventBatch.Layout.GROUPED), threads))
                    .as("grouped, %s threads, %s", threads, dialect)
                    .isEqualTo(expected);
                assertThat(
                        aggregated(
                            funnel, batch(timeOrdered, EventBatch.Layout.TIME_ORDERED), threads))
                    .as("time-ordered, %s threads, %s", threads, dialect)
                    .isEqualTo(expected);
              }
              // Input order among equal times is part of an arbitrary batch's chain order, so
              // shuffled rows are compared with evaluate on the same order.
              assertThat(aggregated(funnel, batch(shuffled, EventBatch.Layout.ARBITRARY), 2))
                  .isEqualTo(perSubject(funnel, shuffled));

              // A grouped stream in batches of one to four rows, so that subjects span batches
              // (a subject's events at one time stay in one batch, as the stream requires).
              GroupedStream stream = funnel.aggregation().stream();
              for (int from = 0; from < grouped.size(); ) {
                int to = Math.min(grouped.size(), from + 1 + random.nextInt(4));
                while (to < grouped.size()
                    && grouped.get(to)[0] == grouped.get(to - 1)[0]
                    && grouped.get(to)[1] == grouped.get(to - 1)[1]) {
                  to++;
                }
                stream.add(batch(grouped.subList(from, to), EventBatch.Layout.GROUPED));
                from = to;
              }
              assertThat(stream.finish().counts()).isEqualTo(counts(funnel, expected));

              FunnelTracker tracker = funnel.newTracker();
              timeOrdered.forEach(r -> tracker.accept(r[0], r[1], (int) r[2]));
              assertThat(tracker.snapshot()).isEqualTo(counts(funnel, expected));

              if (!overlap) {
                // Partial states put ties of one step in code order; with no code in two steps
                // such ties are indistinguishable, so any partition merges to the batch's counts.
                FunnelState merged = funnel.emptyState();
                for (int part = 0; part < 3; part++) {
                  List<long[]> mine = new ArrayList<>();
                  for (int i = part; i < shuffled.size(); i += 3) {
                    mine.add(shuffled.get(i));
                  }
                  merged = merged.plus(funnel.state(batch(mine, EventBatch.Layout.ARBITRARY)));
                }
                assertThat(merged.finish()).isEqualTo(counts(funnel, expected));
              }
            });
  }

  /** Distinct timestamps per subject, so that no engine's tie rule matters. */
  private static List<long[]> distinctTimes(SplittableRandom random) {
    List<long[]> rows = new ArrayList<>();
    int subjects = 1 + random.nextInt(5);
    for (int s = 0; s < subjects; s++) {
      int n = random.nextInt(9);
      List<Long> times = new ArrayList<>();
      for (long t = 0; t < 30; t++) {
        times.add(t);
      }
      Collections.shuffle(times, new Random(random.nextLong()));
      for (int i = 0; i < n; i++) {
        rows.add(new long[] {s, times.get(i), random.nextInt(7)});
      }
    }
    return rows;
  }

  @Test
  void onDisjointStepsAndDistinctTimesTheDefaultDialectsEqualTheLibrarysDefault() {
    List<Dialect> agreeing =
        List.of(
            Dialect.clickHouse(),
            Dialect.clickHouse("strict_increase"),
            Dialect.doris("default"),
            Dialect.doris("increase"),
            Dialect.starRocks(0),
            Dialect.starRocks(4),
            Dialect.duckdbBehavioral(""),
            Dialect.duckdbBehavioral("strict_increase, strict_once, strict_deduplication"));
    qt().withFixedSeed(SEED)
        .withExamples(400)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              long funnelSeed = random.nextLong();
              WindowFunnel library = funnel(new SplittableRandom(funnelSeed), null, false);
              List<long[]> rows = distinctTimes(random);
              Map<Long, Integer> expected = perSubject(library, rows);
              for (Dialect dialect : agreeing) {
                WindowFunnel ported = funnel(new SplittableRandom(funnelSeed), dialect, false);
                assertThat(perSubject(ported, rows)).as("%s", dialect).isEqualTo(expected);
              }
            });
  }

  @Test
  void dorisDefaultAndIncreaseEqualABruteForceSearchOfEveryChain() {
    qt().withFixedSeed(SEED)
        .withExamples(400)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              long funnelSeed = random.nextLong();
              boolean increase = random.nextBoolean();
              WindowFunnel funnel =
                  funnel(
                      new SplittableRandom(funnelSeed),
                      Dialect.doris(increase ? "increase" : "default"),
                      true);
              long[][] events = EventLogs.randomEvents(random);
              long[] times = events[0].clone();
              int[] codes = EventLogs.ints(events[1]);
              // In the chain order the kernel sees: time, then lowest step, then input order.
              Integer[] order = new Integer[times.length];
              for (int i = 0; i < order.length; i++) {
                order[i] = i;
              }
              java.util.Arrays.sort(
                  order,
                  Comparator.<Integer>comparingLong(i -> times[i])
                      .thenComparingInt(i -> lowestStep(funnel, codes[i])));
              long[] t = new long[order.length];
              int[] m = new int[order.length];
              for (int i = 0; i < order.length; i++) {
                t[i] = times[order[i]];
                m[i] = funnel.stepMasks()[codes[order[i]]];
              }
              assertThat(funnel.evaluate(times, codes).level())
                  .isEqualTo(bruteForce(t, m, funnel.steps(), funnel.window(), increase));
            });
  }

  private static int lowestStep(WindowFunnel funnel, int code) {
    int mask = funnel.stepMasks()[code];
    return mask == 0 ? Integer.MAX_VALUE : Integer.numberOfTrailingZeros(mask);
  }

  /** The longest chain: rows i0 < i1 < … matching steps 1, 2, … within the window of i0. */
  private static int bruteForce(
      long[] times, int[] masks, int steps, long window, boolean increase) {
    int best = 0;
    for (int start = 0; start < times.length; start++) {
      if ((masks[start] & 1) != 0) {
        best = Math.max(best, 1 + extend(times, masks, steps, window, increase, start, start, 1));
      }
    }
    return best;
  }

  private static int extend(
      long[] times,
      int[] masks,
      int steps,
      long window,
      boolean increase,
      int start,
      int last,
      int step) {
    if (step == steps) {
      return 0;
    }
    int best = 0;
    for (int next = last + 1; next < times.length; next++) {
      if ((masks[next] & (1 << step)) != 0
          && times[next] - times[start] <= window
          && (!increase || times[next] > times[last])) {
        best =
            Math.max(
                best, 1 + extend(times, masks, steps, window, increase, start, next, step + 1));
      }
    }
    return best;
  }
}
