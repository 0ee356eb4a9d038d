package dev.funnel.spark;

import dev.funnel.events.Dialect;
import dev.funnel.events.SubjectResult;
import dev.funnel.events.WindowFunnel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code window_funnel(window, time, conditions[, mode])} and {@code window_funnel_chain(…)} over
 * one group's rows: what the group's events reach in a window funnel whose step i is the i-th
 * condition, by the mode's dialect or funnel-core's default policies. A null condition counts as
 * false.
 */
abstract class WindowFunnelAggregator<T> extends Aggregator<Row, WindowFunnelBuffer, T> {
  private static final long serialVersionUID = 1L;

  /** The arguments, with the mode or without. */
  static StructType input(boolean withMode) {
    StructType input =
        new StructType()
            .add("window", DataTypes.LongType)
            .add("time", DataTypes.LongType)
            .add("conditions", DataTypes.createArrayType(DataTypes.BooleanType));
    return withMode ? input.add("mode", DataTypes.StringType) : input;
  }

  // Funnels by window, number of steps and mode, shared by the tasks of an executor.
  private static final Map<List<Object>, WindowFunnel> FUNNELS = new ConcurrentHashMap<>();

  private final boolean withMode;

  WindowFunnelAggregator(boolean withMode) {
    this.withMode = withMode;
  }

  /** What the function returns for a group, given what funnel-core found for it. */
  abstract T result(SubjectResult found);

  /** {@code window_funnel}: the level, as an INT. */
  static final class Level extends WindowFunnelAggregator<Integer> {
    private static final long serialVersionUID = 1L;

    Level(boolean withMode) {
      super(withMode);
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

    Chain(boolean withMode) {
      super(withMode);
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
    if (row.isNullAt(2)) {
      throw new IllegalArgumentException("window_funnel: the conditions array is null");
    }
    List<Object> conditions = row.getList(2);
    int steps = conditions.size();
    if (steps == 0 || steps > WindowFunnel.MAX_STEP_SETS) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "window_funnel: the conditions array has %d elements; 1 to %d are supported",
              steps,
              WindowFunnel.MAX_STEP_SETS));
    }
    String mode = withMode && !row.isNullAt(3) ? row.getString(3) : "";
    check(buffer, window, steps, mode);
    int stepSet = 0;
    for (int i = 0; i < steps; i++) {
      if (Boolean.TRUE.equals(conditions.get(i))) {
        stepSet |= 1 << i;
      }
    }
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

  /** The funnel over sets of steps, by the mode's dialect if it names one. */
  static WindowFunnel funnel(long window, int steps, String mode) {
    return FUNNELS.computeIfAbsent(
        List.of(window, steps, mode),
        k -> {
          WindowFunnel.Builder builder = WindowFunnel.builder().stepSets(steps);
          if (!mode.isEmpty()) {
            builder.dialect(Dialect.parse(mode));
          }
          return builder.window(window).build();
        });
  }

  @Override
  public Encoder<WindowFunnelBuffer> bufferEncoder() {
    return Encoders.bean(WindowFunnelBuffer.class);
  }
}
