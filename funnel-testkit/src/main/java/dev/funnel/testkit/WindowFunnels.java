package dev.funnel.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.events.Dialect;
import dev.funnel.events.Exclusion;
import dev.funnel.events.RepeatPolicy;
import dev.funnel.events.StepOrder;
import dev.funnel.events.TiePolicy;
import dev.funnel.events.WindowAnchor;
import dev.funnel.events.WindowFunnel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of window funnels for property tests, over {@code eventCodes} codes: steps use the
 * codes from 0 to {@code eventCodes − 3} (a step sometimes two, so that steps overlap), code {@code
 * eventCodes − 2} is the exclusion code, and code {@code eventCodes − 1} belongs to nothing, so
 * that a log drawn by {@link EventLogs#logs(int)} over the same codes has irrelevant events.
 * Shrinks toward one step, code 0, a short window and the default policies.
 */
public final class WindowFunnels {
  private WindowFunnels() {}

  /**
   * Returns funnels of one to four steps with every policy drawn: window (1 to 40, or unbounded),
   * anchor, order, repeats, ties, sometimes a maximum gap and an exclusion.
   *
   * @throws IllegalArgumentException if {@code eventCodes} is less than 3
   */
  public static Gen<WindowFunnel> funnels(int eventCodes) {
    return funnels(eventCodes, false);
  }

  /**
   * Returns funnels as {@link #funnels(int)} does, but with the default order, ties, no gap and no
   * exclusion: the funnels of the library's fastest paths.
   *
   * @throws IllegalArgumentException if {@code eventCodes} is less than 3
   */
  public static Gen<WindowFunnel> defaultPolicyFunnels(int eventCodes) {
    return funnels(eventCodes, true);
  }

  /**
   * Returns funnels of one to four steps (steps overlap as in {@link #funnels(int)}), a window from
   * 0 to 40 or unbounded, and a {@linkplain dev.funnel.events.Dialect dialect} drawn from every
   * engine and every combination of its modes that the engine accepts: check an aggregation of a
   * ported query against {@link WindowFunnel#evaluate}, since {@link WindowFunnelOracle} covers
   * only some of them ({@link #oracleDialectFunnels(int)}). Shrinks toward ClickHouse's default.
   *
   * @throws IllegalArgumentException if {@code eventCodes} is less than 3
   */
  public static Gen<WindowFunnel> dialectFunnels(int eventCodes) {
    return withDialects(eventCodes, dialects());
  }

  /**
   * Returns funnels as {@link #dialectFunnels(int)} does, with only the dialects that {@link
   * WindowFunnelOracle#covers} (check these against the oracle directly).
   *
   * @throws IllegalArgumentException if {@code eventCodes} is less than 3
   */
  public static Gen<WindowFunnel> oracleDialectFunnels(int eventCodes) {
    return withDialects(
        eventCodes, dialects().stream().filter(WindowFunnelOracle::covers).toList());
  }

  private static Gen<WindowFunnel> withDialects(int eventCodes, List<Dialect> dialects) {
    checkArgument(eventCodes >= 3, "window funnels need at least 3 event codes: %s", eventCodes);
    Gen<Long> window =
        Generate.range(0, 40).toOptionals(20).map(w -> w.map(Long::valueOf).orElse(Long.MAX_VALUE));
    return steps(eventCodes - 2)
        .zip(
            window,
            Generate.pick(dialects),
            (steps, w, dialect) -> {
              WindowFunnel.Builder builder =
                  WindowFunnel.builder().eventCodes(eventCodes).window(w).dialect(dialect);
              steps.forEach(builder::step);
              return builder.build();
            })
        .describedAs(WindowFunnel::toString);
  }

  /** Every dialect: each engine with every combination of modes it accepts, defaults first. */
  private static List<Dialect> dialects() {
    List<Dialect> dialects = new ArrayList<>();
    for (List<String> modes : subsets(Dialect.modesOf(Dialect.Engine.CLICKHOUSE).asList())) {
      if (!modes.contains("allow_reentry") || modes.contains("strict_order")) {
        dialects.add(Dialect.clickHouse(modes.toArray(new String[0])));
      }
    }
    for (String mode : Dialect.modesOf(Dialect.Engine.DORIS)) {
      dialects.add(Dialect.doris(mode));
      dialects.add(Dialect.dorisV1(mode));
    }
    for (int mode = 0; mode < 1 << Dialect.modesOf(Dialect.Engine.STARROCKS).size(); mode++) {
      dialects.add(Dialect.starRocks(mode));
    }
    for (List<String> modes : subsets(Dialect.modesOf(Dialect.Engine.DUCKDB_BEHAVIORAL).asList())) {
      dialects.add(Dialect.duckdbBehavioral(String.join(", ", modes)));
    }
    return dialects;
  }

  private static List<List<String>> subsets(List<String> names) {
    List<List<String>> subsets = new ArrayList<>();
    for (int bits = 0; bits < 1 << names.size(); bits++) {
      List<String> subset = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        if ((bits & (1 << i)) != 0) {
          subset.add(names.get(i));
        }
      }
      subsets.add(subset);
    }
    return subsets;
  }

  /** One to four steps over codes 0 to {@code stepCodes − 1}, some with a second code. */
  private static Gen<List<int[]>> steps(int stepCodes) {
    Gen<int[]> step =
        Generate.range(0, stepCodes - 1)
            .zip(
                Generate.range(0, stepCodes - 1).toOptionals(30),
                (first, second) ->
                    second.map(s -> new int[] {first, s}).orElseGet(() -> new int[] {first}));
    return lists().of(step).ofSizeBetween(1, 4);
  }

  private static Gen<WindowFunnel> funnels(int eventCodes, boolean defaultsOnly) {
    checkArgument(eventCodes >= 3, "window funnels need at least 3 event codes: %s", eventCodes);
    Gen<List<int[]>> steps = steps(eventCodes - 2);
    Gen<Long> window =
        Generate.range(1, 40).toOptionals(20).map(w -> w.map(Long::valueOf).orElse(Long.MAX_VALUE));
    Gen<Settings> settings =
        Generate.enumValues(WindowAnchor.class)
            .zip(
                Generate.enumValues(RepeatPolicy.class),
                defaultsOnly
                    ? Generate.constant(StepOrder.SEQUENTIAL)
                    : Generate.enumValues(StepOrder.class),
                defaultsOnly
                    ? Generate.constant(TiePolicy.ALLOW_EQUAL)
                    : Generate.enumValues(TiePolicy.class),
                Settings::new);
    Gen<Optional<Integer>> gap =
        defaultsOnly ? Generate.constant(Optional.empty()) : Generate.range(0, 19).toOptionals(50);
    Gen<Optional<int[]>> exclusion =
        defaultsOnly
            ? Generate.constant(Optional.empty())
            : Generate.range(1, 3)
                .zip(Generate.range(1, 3), (a, b) -> new int[] {a, b})
                .toOptionals(30);
    return steps
        .zip(window, settings, gap, exclusion, (s, w, p, g, x) -> build(eventCodes, s, w, p, g, x))
        .describedAs(WindowFunnel::toString);
  }

  private record Settings(
      WindowAnchor anchor, RepeatPolicy repeats, StepOrder order, TiePolicy ties) {}

  private static WindowFunnel build(
      int eventCodes,
      List<int[]> steps,
      long window,
      Settings settings,
      Optional<Integer> gap,
      Optional<int[]> exclusion) {
    WindowFunnel.Builder builder = WindowFunnel.builder().eventCodes(eventCodes).window(window);
    steps.forEach(builder::step);
    builder
        .windowAnchor(settings.anchor())
        .repeats(settings.repeats())
        .order(settings.order())
        .ties(settings.ties());
    gap.ifPresent(g -> builder.maxGap(g));
    exclusion.ifPresent(
        x -> {
          // Between steps from and to of this funnel, which needs two steps at least.
          int from = Math.min(x[0], steps.size() - 1);
          int to = Math.min(from + x[1], steps.size());
          if (from >= 1 && to > from) {
            builder.exclude(Exclusion.between(from, to, eventCodes - 2));
          }
        });
    return builder.build();
  }
}
