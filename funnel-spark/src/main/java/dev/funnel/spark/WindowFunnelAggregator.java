package dev.funnel.spark;

import com.google.common.cache.CacheBuilder;
import dev.funnel.events.Dialect;
import dev.funnel.events.RepeatPolicy;
import dev.funnel.events.StepOrder;
import dev.funnel.events.SubjectResult;
import dev.funnel.events.TiePolicy;
import dev.funnel.events.WindowAnchor;
import dev.funnel.events.WindowFunnel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code window_funnel(window, time, conditions[, mode])} and {@code window_funnel_chain(…)} over
 * one group's rows: what the group's events reach in a window funnel whose step i is the i-th
 * condition, by the mode's dialect or policies or funnel-core's default policies. A null condition
 * counts as false.
 */
abstract class WindowFunnelAggregator<T> extends Aggregator<Row, WindowFunnelBuffer, T> {
  private static final long serialVersionUID = 1L;

  /**
   * The arguments, with the mode or without: the conditions as an array, or as the set of steps
   * they make and the number of steps (what {@link FunnelFunctions} makes of an {@code array(…)} of
   * conditions, so that no row allocates one).
   */
  StructType input() {
    StructType input =
        new StructType().add("window", DataTypes.LongType).add("time", DataTypes.LongType);
    input =
        stepSets
            ? input.add("stepSet", DataTypes.IntegerType).add("steps", DataTypes.IntegerType)
            : input.add("conditions", DataTypes.createArrayType(DataTypes.BooleanType));
    return withMode ? input.add("mode", DataTypes.StringType) : input;
  }

  // Funnels by window, number of steps and mode, shared by the tasks of an executor; bounded, as a
  // query may compute its window per group.
  private static final Map<List<Object>, WindowFunnel> FUNNELS =
      CacheBuilder.newBuilder().maximumSize(1_024).<List<Object>, WindowFunnel>build().asMap();

  private final boolean withMode;
  private final boolean stepSets;

  WindowFunnelAggregator(boolean withMode, boolean stepSets) {
    this.withMode = withMode;
    this.stepSets = stepSets;
  }

  /** What the function returns for a group, given what funnel-core found for it. */
  abstract T result(SubjectResult found);

  /** {@code window_funnel}: the level, as an INT. */
  static final class Level extends WindowFunnelAggregator<Integer> {
    private static final long serialVersionUID = 1L;

    Level(boolean withMode, boolean stepSets) {
      super(withMode, stepSets);
    }

    @Override
    Integer result(SubjectResult found) {
      return found.level();
    }

    @Override
    public Encoder<Integer> outputEncoder() {
      return Encoders.INT();
    }
  }

  /** {@code window_funnel_chain}: the times of the chain that reached the level, step 1 first. */
  static final class Chain extends WindowFunnelAggregator<long[]> {
    private static final long serialVersionUID = 1L;

    Chain(boolean withMode, boolean stepSets) {
      super(withMode, stepSets);
    }

    @Override
    long[] result(SubjectResult found) {
      return found.chain().toArray();
    }

    @Override
    public Encoder<long[]> outputEncoder() {
      return FunnelDatasets.longs();
    }
  }

  @Override
  public WindowFunnelBuffer zero() {
    return new WindowFunnelBuffer();
  }

  @Override
  public WindowFunnelBuffer reduce(WindowFunnelBuffer buffer, Row row) {
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException("window_funnel: the window is null");
    }
    long window = row.getLong(0);
    if (window <= 0) {
      throw new IllegalArgumentException(
          "window_funnel: the window must be positive, not " + window);
    }
    int steps;
    int stepSet = 0;
    if (stepSets) {
      stepSet = row.getInt(2);
      steps = row.getInt(3);
    } else {
      if (row.isNullAt(2)) {
        throw new IllegalArgumentException("window_funnel: the conditions array is null");
      }
      List<Object> conditions = row.getList(2);
      steps = conditions.size();
      for (int i = 0; i < steps && i < WindowFunnel.MAX_STEP_SETS; i++) {
        if (Boolean.TRUE.equals(conditions.get(i))) {
          stepSet |= 1 << i;
        }
      }
    }
    if (steps == 0 || steps > WindowFunnel.MAX_STEP_SETS) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "window_funnel: the conditions array has %d elements; 1 to %d are supported",
              steps,
              WindowFunnel.MAX_STEP_SETS));
    }
    int modeAt = stepSets ? 4 : 3;
    String mode = withMode && !row.isNullAt(modeAt) ? row.getString(modeAt) : "";
    check(buffer, window, steps, mode);
    // Rows that match no step matter only to dialects that end chains at them.
    if (stepSet != 0 || buffer.keepsUnmatched(() -> funnel(window, steps, mode).isRelevant(0))) {
      if (row.isNullAt(1)) {
        throw new IllegalArgumentException(
            "window_funnel: a row the funnel takes (it matches a step, or the dialect sees every"
                + " row) has a null time");
      }
      buffer.add(row.getLong(1), stepSet);
    }
    return buffer;
  }

  /** Takes the window and steps of a group's first row, and refuses others that differ. */
  private static void check(WindowFunnelBuffer buffer, long window, int steps, String mode) {
    if (buffer.steps < 0) {
      funnel(window, steps, mode); // a mode that names no dialect fails at its first row
      buffer.window = window;
      buffer.steps = steps;
      buffer.mode = mode;
      return;
    }
    if (!buffer.mode.equals(mode)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "window_funnel: the mode is '%s' in one row and '%s' in another",
              buffer.mode,
              mode));
    }
    if (buffer.steps != steps) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "window_funnel: the conditions array has %d elements in one row and %d in another",
              buffer.steps,
              steps));
    }
    if (buffer.window != window) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "window_funnel: the window is %d in one row and %d in another",
              buffer.window,
              window));
    }
  }

  @Override
  public WindowFunnelBuffer merge(WindowFunnelBuffer a, WindowFunnelBuffer b) {
    if (b.steps < 0) {
      return a;
    }
    if (a.steps < 0) {
      return b;
    }
    check(a, b.window, b.steps, b.mode);
    for (int i = 0; i < b.size; i++) {
      a.add(b.times[i], b.stepSets[i]);
    }
    return a;
  }

  @Override
  public T finish(WindowFunnelBuffer buffer) {
    if (buffer.size == 0) {
      return result(SubjectResult.none());
    }
    WindowFunnel funnel = funnel(buffer.window, buffer.steps, buffer.mode);
    // Rows reach a group in no fixed order (partitions merge in any order): events of one time are
    // put in step-set order, as merged partial states of funnel-core are, so the answer is one.
    Integer[] order = new Integer[buffer.size];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        Comparator.<Integer>comparingLong(i -> buffer.times[i])
            .thenComparingInt(i -> buffer.stepSets[i]));
    long[] times = new long[buffer.size];
    int[] codes = new int[buffer.size];
    for (int i = 0; i < order.length; i++) {
      times[i] = buffer.times[order[i]];
      codes[i] = buffer.stepSets[order[i]];
    }
    return result(funnel.evaluate(times, codes));
  }

  /** The funnel over sets of steps, by the mode's dialect or policies. */
  static WindowFunnel funnel(long window, int steps, String mode) {
    return FUNNELS.computeIfAbsent(
        List.of(window, steps, mode),
        k -> {
          WindowFunnel.Builder builder = WindowFunnel.builder().stepSets(steps).window(window);
          if (mode.contains("=")) {
            policies(builder, mode);
          } else if (!mode.isEmpty()) {
            builder.dialect(Dialect.parse(mode));
          }
          return builder.build();
        });
  }

  /**
   * Sets the policies a mode such as {@code order=strict, repeats=restart} names, with the names
   * and values of {@code funnel report}'s options: order, repeats, ties, window-anchor, max-gap.
   */
  private static void policies(WindowFunnel.Builder builder, String mode) {
    for (String policy : mode.split(",", -1)) {
      int equals = policy.indexOf('=');
      String name = (equals < 0 ? policy : policy.substring(0, equals)).strip();
      String value = equals < 0 ? "" : policy.substring(equals + 1).strip();
      switch (name.toLowerCase(Locale.ROOT)) {
        case "order" -> builder.order(value(StepOrder.class, mode, name, value));
        case "repeats" -> builder.repeats(value(RepeatPolicy.class, mode, name, value));
        case "ties" -> builder.ties(value(TiePolicy.class, mode, name, value));
        case "window-anchor" -> builder.windowAnchor(value(WindowAnchor.class, mode, name, value));
        case "max-gap" -> {
          try {
            builder.maxGap(Long.parseLong(value));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "window_funnel: mode '%s': max-gap must be a whole number in the time column's"
                        + " unit, not '%s'",
                    mode,
                    value),
                e);
          }
        }
        default ->
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "window_funnel: mode '%s' names no policy '%s'; known: order, repeats, ties,"
                        + " window-anchor, max-gap (or a dialect, such as clickhouse:strict_order)",
                    mode,
                    name));
      }
    }
  }

  private static <E extends Enum<E>> E value(
      Class<E> policy, String mode, String name, String value) {
    for (E constant : policy.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "window_funnel: mode '%s': %s is one of %s, not '%s'",
            mode,
            name,
            Arrays.stream(policy.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList(),
            value));
  }

  @Override
  public Encoder<WindowFunnelBuffer> bufferEncoder() {
    return Encoders.bean(WindowFunnelBuffer.class);
  }
}
