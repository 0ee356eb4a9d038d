package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Another engine's window-funnel semantics, so that a query ported from that engine gives that
 * engine's numbers: set one with {@link WindowFunnel.Builder#dialect}, which replaces every policy
 * of the library's own (its default agrees with ClickHouse only where steps are disjoint and
 * timestamps do not tie). Engines that share mode names mean different things by them, which is why
 * a dialect names its engine and takes that engine's own mode strings.
 *
 * <p>Each engine's algorithm is reproduced as it computes, odd cases included, and tested against
 * the engine's own worked examples (see the README's conformance table); StarRocks's as its source
 * computes them, checked against the examples of its documentation:
 *
 * <ul>
 *   <li>{@link #clickHouse(String...)}: {@code windowFunnel(window, modes...)}. Rows are entries
 *       per condition they satisfy, sorted by time then condition; one row may fill several steps.
 *       A single pass keeps, per level, the start and the time it was reached: a later step-1 row
 *       moves the level-1 start, and a step is reached from the level below it if within the window
 *       of that level's start. {@code strict_order}: a row that satisfies no condition ends the
 *       search, so does a row of a step whose previous step is not reached, and so does a step-1
 *       row once step 2 is reached; {@code allow_reentry} (with {@code strict_order}) skips such a
 *       step-1 row instead. {@code strict_deduplication}: a row of a reached step (other than step
 *       1) ends the search with the level of the condition of the entry before it. {@code
 *       strict_increase}: each step strictly after the one before. Example (ClickHouse's own test):
 *       {@code a b a c}, steps a → b → c, gives 3 by default, 2 under {@code strict_order} and 3
 *       under {@code strict_order, allow_reentry}.
 *   <li>{@link #doris(String)} (Doris 4.1 and later) and {@link #dorisV1(String)} (Doris's {@code
 *       WINDOW_FUNNEL_v1}, before 4.1): {@code window_funnel(window, mode, ...)}, the longest chain
 *       from any step-1 row, each row filling one step. {@code deduplication}: a row of an already
 *       matched step, step 1 included, passed over before the next step ends that chain (login,
 *       visit, login, order → 2). {@code fixed}: the next row that satisfies a condition must be
 *       the next step (from 4.1 rows satisfying none are skipped; before 4.1 they end the chain
 *       too). {@code increase}: strictly increasing timestamps.
 *   <li>{@link #starRocks(int)}: {@code window_funnel(window, time, mode, [conditions])}, mode bits
 *       1 deduplication, 2 fixed, 4 increase. ClickHouse's single pass (rows as entries per
 *       condition); deduplication and fixed do not search from every start as Doris does: a row of
 *       a reached step after step 1 (deduplication), or of a step whose previous step is not
 *       reached (fixed), clears the chain and the search goes on, keeping the best level so far. A
 *       repeat of step 1 only moves its start, so Doris's example login, visit, login, order gives
 *       4 here and 2 in Doris. In those two modes the time of step 1 is not recorded, so increase
 *       does not hold step 2 after step 1 (as StarRocks computes it).
 *   <li>{@link #duckdbBehavioral(String)}: the {@code window_funnel} of the duckdb-behavioral
 *       extension as its greedy scan computes it (its {@code src/window_funnel.rs} up to commit
 *       11a0ea2; later versions replaced the scan with ClickHouse's): a greedy forward scan from
 *       every step-1 row, one row able to fill several consecutive steps; its modes {@code strict},
 *       {@code strict_order}, {@code strict_deduplication}, {@code strict_increase}, {@code
 *       strict_once} and {@code allow_reentry} are its own, not ClickHouse's.
 * </ul>
 *
 * <p>Ties: within equal timestamps each engine's order applies where the engine defines one
 * (ClickHouse: by condition); Doris and duckdb-behavioral sort by time alone, and rows with equal
 * timestamps are taken in the library's chain order (lowest step first, then input order). A
 * dialect funnel keeps each subject's events until the subject is complete (the engines do the
 * same); it has no per-step gap or exclusions. Its chain is the chain that reached the level, the
 * timestamps at which the engine's algorithm recorded each step: in the single-pass engines a later
 * step-1 row starts a new chain without changing the chains already at higher levels. (Under
 * ClickHouse's {@code strict_deduplication} the level ClickHouse answers at a repeat need not have
 * been reached by any chain; the chain is then the one of the levels reached, followed by the time
 * of the row whose condition ClickHouse answered.)
 *
 * <p>Immutable and thread-safe.
 */
public final class Dialect implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The engines a dialect can reproduce. More values may be added in later versions: code that
   * switches over this enum should have a default branch.
   */
  public enum Engine {
    /** ClickHouse's {@code windowFunnel}. */
    CLICKHOUSE,
    /** Apache Doris's {@code window_funnel} from 4.1 on. */
    DORIS,
    /** Apache Doris's {@code WINDOW_FUNNEL_v1}, the {@code window_funnel} before 4.1. */
    DORIS_V1,
    /** StarRocks's {@code window_funnel}. */
    STARROCKS,
    /** The {@code window_funnel} of the duckdb-behavioral extension. */
    DUCKDB_BEHAVIORAL
  }

  private static final ImmutableSet<String> CLICKHOUSE_MODES =
      ImmutableSet.of("strict_order", "strict_deduplication", "strict_increase", "allow_reentry");
  private static final ImmutableSet<String> DORIS_MODES =
      ImmutableSet.of("default", "deduplication", "fixed", "increase");
  private static final ImmutableSet<String> DUCKDB_MODES =
      ImmutableSet.of(
          "strict",
          "strict_order",
          "strict_deduplication",
          "strict_increase",
          "strict_once",
          "allow_reentry");

  private static final ImmutableSet<String> STARROCKS_MODES =
      ImmutableSet.of("deduplication", "fixed", "increase");

  private final Engine engine;
  private final ImmutableSet<String> modes;

  private Dialect(Engine engine, ImmutableSet<String> modes) {
    this.engine = engine;
    this.modes = modes;
  }

  /**
   * Reads a dialect as it is written in a query or on a command line: {@code clickhouse[:MODE,…]},
   * {@code doris[:MODE]}, {@code doris-v1[:MODE]}, {@code starrocks[:N]} or {@code
   * duckdb-behavioral[:MODES]}, with each engine's own mode names ({@code
   * clickhouse:strict_order,strict_increase}, {@code starrocks:3}); the engine's name in any case.
   *
   * @throws IllegalArgumentException naming the engine or mode that is not one
   */
  public static Dialect parse(String text) {
    requireNonNull(text, "text");
    int colon = text.indexOf(':');
    String engine = (colon < 0 ? text : text.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    String modes = colon < 0 ? "" : text.substring(colon + 1).strip();
    return switch (engine) {
      case "clickhouse" ->
          clickHouse(
              modes.isEmpty()
                  ? new String[0]
                  : Arrays.stream(modes.split(",", -1)).map(String::strip).toArray(String[]::new));
      case "doris" -> doris(modes.isEmpty() ? "default" : modes);
      case "doris-v1" -> dorisV1(modes.isEmpty() ? "default" : modes);
      case "starrocks" -> starRocks(starRocksMode(modes));
      case "duckdb-behavioral" -> duckdbBehavioral(modes);
      default ->
          throw new IllegalArgumentException(
              "dialect '"
                  + text
                  + "' names no engine; known: clickhouse, doris, doris-v1, starrocks,"
                  + " duckdb-behavioral");
    };
  }

  private static int starRocksMode(String modes) {
    if (modes.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(modes);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "dialect starrocks takes its integer mode, 0 to 7: '" + modes + "'", e);
    }
  }

  /**
   * Returns ClickHouse's {@code windowFunnel} with the given options, each one of {@code
   * strict_order}, {@code strict_deduplication}, {@code strict_increase}, {@code allow_reentry}.
   *
   * @throws IllegalArgumentException if an option is unknown or repeated, or {@code allow_reentry}
   *     comes without {@code strict_order} (ClickHouse refuses that too)
   */
  public static Dialect clickHouse(String... modes) {
    ImmutableSet<String> set =
        checkedModes("ClickHouse", CLICKHOUSE_MODES, requireNonNull(modes, "modes"));
    checkArgument(
        !set.contains("allow_reentry") || set.contains("strict_order"),
        "ClickHouse's allow_reentry requires strict_order: %s",
        set);
    return new Dialect(Engine.CLICKHOUSE, set);
  }

  /**
   * Returns Doris's {@code window_funnel} (4.1 and later) in one mode: {@code default}, {@code
   * deduplication}, {@code fixed} or {@code increase}.
   *
   * @throws IllegalArgumentException if the mode is unknown
   */
  public static Dialect doris(String mode) {
    return new Dialect(
        Engine.DORIS, checkedModes("Doris", DORIS_MODES, requireNonNull(mode, "mode")));
  }

  /**
   * Returns Doris's {@code window_funnel} before 4.1 ({@code WINDOW_FUNNEL_v1}), which differs from
   * {@link #doris(String)} only in {@code fixed}: any row in between, even one that satisfies no
   * condition, ends the chain.
   *
   * @throws IllegalArgumentException if the mode is unknown
   */
  public static Dialect dorisV1(String mode) {
    return new Dialect(
        Engine.DORIS_V1, checkedModes("Doris", DORIS_MODES, requireNonNull(mode, "mode")));
  }

  /**
   * Returns StarRocks's {@code window_funnel} with its integer mode: the sum of 1 (deduplication),
   * 2 (fixed) and 4 (increase), 0 for the default.
   *
   * @throws IllegalArgumentException if the mode is outside 0 to 7
   */
  public static Dialect starRocks(int mode) {
    checkArgument(
        mode >= 0 && mode <= 7,
        "a StarRocks mode is the sum of 1 (deduplication), 2 (fixed) and 4 (increase): %s",
        mode);
    ImmutableSet.Builder<String> modes = ImmutableSet.builder();
    for (int bit = 0; bit < STARROCKS_MODES.size(); bit++) {
      if ((mode & (1 << bit)) != 0) {
        modes.add(STARROCKS_MODES.asList().get(bit));
      }
    }
    return new Dialect(Engine.STARROCKS, modes.build());
  }

  /**
   * Returns duckdb-behavioral's {@code window_funnel} with a comma-separated mode string, as that
   * extension takes it ({@code "strict_increase, strict_once"}; empty for the default).
   *
   * @throws IllegalArgumentException if a mode is unknown or repeated
   */
  public static Dialect duckdbBehavioral(String modes) {
    requireNonNull(modes, "modes");
    String[] names = modes.isBlank() ? new String[0] : modes.split(",", -1);
    for (int i = 0; i < names.length; i++) {
      names[i] = names[i].strip();
    }
    return new Dialect(
        Engine.DUCKDB_BEHAVIORAL, checkedModes("duckdb-behavioral", DUCKDB_MODES, names));
  }

  private static ImmutableSet<String> checkedModes(
      String engine, Set<String> known, String... modes) {
    Set<String> set = new LinkedHashSet<>();
    for (String mode : modes) {
      requireNonNull(mode, "mode");
      String name = mode.strip().toLowerCase(Locale.ROOT);
      checkArgument(
          known.contains(name), "unknown %s mode '%s'; the modes are %s", engine, mode, known);
      checkArgument(set.add(name), "%s mode '%s' is given twice", engine, mode);
    }
    return ImmutableSet.copyOf(set);
  }

  /**
   * Returns the modes an engine accepts, as the engine names them: each can be given once (Doris
   * takes exactly one); StarRocks's are the bits of its integer mode, 1, 2 and 4, in that order.
   */
  public static ImmutableSet<String> modesOf(Engine engine) {
    return switch (requireNonNull(engine, "engine")) {
      case CLICKHOUSE -> CLICKHOUSE_MODES;
      case DORIS, DORIS_V1 -> DORIS_MODES;
      case STARROCKS -> STARROCKS_MODES;
      case DUCKDB_BEHAVIORAL -> DUCKDB_MODES;
    };
  }

  /** Returns the engine. */
  public Engine engine() {
    return engine;
  }

  /** Returns the engine's modes (or options) in force, as the engine names them. */
  public ImmutableSet<String> modes() {
    return modes;
  }

  boolean has(String mode) {
    return modes.contains(mode);
  }

  /**
   * Returns whether rows that satisfy no condition take part: they end chains in ClickHouse's
   * {@code strict_order} and in Doris's {@code fixed} before 4.1.
   */
  boolean seesEveryRow() {
    return (engine == Engine.CLICKHOUSE && has("strict_order"))
        || (engine == Engine.DORIS_V1 && has("fixed"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dialect other && engine == other.engine && modes.equals(other.modes);
  }

  @Override
  public int hashCode() {
    return engine.hashCode() * 31 + modes.hashCode();
  }

  /** Returns, for example, {@code CLICKHOUSE[strict_order, allow_reentry]}. */
  @Override
  public String toString() {
    return engine + modes.toString();
  }
}
