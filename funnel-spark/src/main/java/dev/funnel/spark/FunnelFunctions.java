package dev.funnel.spark;

import static java.util.Objects.requireNonNull;

import dev.funnel.events.WindowFunnel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.BitwiseOr;
import org.apache.spark.sql.catalyst.expressions.CreateArray;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnixSeconds;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.TimestampType;
import org.jspecify.annotations.Nullable;
import scala.Function1;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * Window funnels as Spark SQL and DataFrame functions.
 *
 * <pre>{@code
 * FunnelFunctions.register(spark);
 * spark.sql("SELECT user_id, window_funnel(3600, ts, array(event = 'view', event = 'cart',"
 *     + " event = 'purchase')) AS level FROM events GROUP BY user_id");
 * }</pre>
 *
 * <p>{@code window_funnel(window, time, conditions[, mode])} is an aggregate over one subject's
 * rows (as ClickHouse's {@code windowFunnel}: {@code GROUP BY} the subject): {@code window} a
 * positive BIGINT in the time column's unit, {@code time} a BIGINT or a TIMESTAMP (taken in epoch
 * seconds), {@code conditions} an {@code ARRAY<BOOLEAN>} of 1 to 16 steps in order (a null element
 * counts as false), {@code mode} a dialect as {@link dev.funnel.events.Dialect#parse} reads it
 * ({@code 'clickhouse:strict_order'}, {@code 'starrocks:3'}, {@code 'duckdb-behavioral:strict'}) or
 * policies by the names of {@code funnel report}'s options ({@code 'order=strict,
 * ties=strict_increase'}; also {@code repeats}, {@code window-anchor}, {@code max-gap}). It returns
 * the level as an INT; without a mode, by funnel-core's default policies, which equal ClickHouse's
 * {@code windowFunnel} without options. {@code window_funnel_chain}, with the same arguments,
 * returns the times of the chain that reached that level as an {@code ARRAY<BIGINT>}, step 1 first
 * (in seconds for TIMESTAMP times; empty at level 0): the first chain, in time order, to reach it.
 * Events of one time with the same first step are taken in order of their set of steps (step 1 the
 * lowest bit), so the answer does not depend on how Spark partitions or merges a group. A window
 * that is not positive, a window, mode or number of conditions that differs within a group, more
 * than 16 conditions, a mode that names no dialect or policy, or a null time on a row that matches
 * a step fail the query with a message naming the value. The aggregation buffer is the group's
 * matching events, 12 bytes each, not a serialized object graph. Conditions written as {@code
 * array(…)} in the call reach the aggregate as the set of steps they make, computed in Spark's
 * generated code; others (an array column) as an array per row.
 *
 * <p>Thread-safe: the functions hold no state of their own.
 */
public final class FunnelFunctions {
  private static final String NAME = "window_funnel";
  private static final String CHAIN = "window_funnel_chain";

  private FunnelFunctions() {}

  /**
   * Registers {@code window_funnel} and {@code window_funnel_chain} with the session's SQL
   * functions. On a classic session (not Spark Connect) they take three or four arguments and
   * TIMESTAMP times; on a Connect session only the three with BIGINT times.
   */
  public static void register(SparkSession spark) {
    requireNonNull(spark, "spark");
    register(spark, NAME, WindowFunnelAggregator.Level::new);
    register(spark, CHAIN, WindowFunnelAggregator.Chain::new);
  }

  /** Makes the aggregator of a function: with a mode or not, given step sets or conditions. */
  private interface Variant<T> {
    WindowFunnelAggregator<T> make(boolean withMode, boolean stepSets);
  }

  private static <T> void register(SparkSession spark, String name, Variant<T> variant) {
    if (spark instanceof org.apache.spark.sql.classic.SparkSession classic) {
      // Each variant is registered under the name in turn to take the builder Spark makes of it
      // (Spark logs that each replaces the one before), then the name is given to the builder that
      // picks a variant by the arguments.
      FunctionRegistry registry = classic.sessionState().functionRegistry();
      Arguments arguments =
          new Arguments(
              builder(spark, registry, name, variant.make(false, false)),
              builder(spark, registry, name, variant.make(true, false)),
              builder(spark, registry, name, variant.make(false, true)),
              builder(spark, registry, name, variant.make(true, true)));
      registry.createOrReplaceTempFunction(name, arguments, "java_udf");
    } else {
      spark.udf().register(name, udaf(name, variant.make(false, false)));
    }
  }

  private static UserDefinedFunction udaf(String name, WindowFunnelAggregator<?> aggregator) {
    return functions.udaf(aggregator, Encoders.row(aggregator.input())).withName(name);
  }

  /** Registers the aggregator under {@code name} and returns the builder Spark made of it. */
  private static Function1<Seq<Expression>, Expression> builder(
      SparkSession spark,
      FunctionRegistry registry,
      String name,
      WindowFunnelAggregator<?> aggregator) {
    spark.udf().register(name, udaf(name, aggregator));
    return builder(registry, name);
  }

  /** The builder of the function just registered under {@code name}. */
  private static Function1<Seq<Expression>, Expression> builder(
      FunctionRegistry registry, String name) {
    // Spark 4.2 names temporary functions system.session.NAME; the bare name is for others.
    Option<Function1<Seq<Expression>, Expression>> found =
        registry.lookupFunctionBuilder(
            new FunctionIdentifier(name, Option.apply("session"), Option.apply("system")));
    return found.isDefined()
        ? found.get()
        : registry
            .lookupFunctionBuilder(new FunctionIdentifier(name, Option.empty(), Option.empty()))
            .get();
  }

  /**
   * Picks the function of three or four arguments, hands it a TIMESTAMP time as epoch seconds, and
   * turns conditions written as {@code array(c1, …, cn)} into the set of steps they make, {@code
   * (c1 ? 1 : 0) | (c2 ? 2 : 0) | …}, which Spark evaluates in its generated code, so that no row
   * allocates an array.
   */
  private static final class Arguments extends AbstractFunction1<Seq<Expression>, Expression>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Function1<Seq<Expression>, Expression> plain;
    private final Function1<Seq<Expression>, Expression> withMode;
    private final Function1<Seq<Expression>, Expression> plainSets;
    private final Function1<Seq<Expression>, Expression> withModeSets;

    Arguments(
        Function1<Seq<Expression>, Expression> plain,
        Function1<Seq<Expression>, Expression> withMode,
        Function1<Seq<Expression>, Expression> plainSets,
        Function1<Seq<Expression>, Expression> withModeSets) {
      this.plain = plain;
      this.withMode = withMode;
      this.plainSets = plainSets;
      this.withModeSets = withModeSets;
    }

    @Override
    public Expression apply(Seq<Expression> arguments) {
      List<Expression> list = new ArrayList<>(CollectionConverters.asJava(arguments));
      if (list.size() > 1
          && list.get(1).resolved()
          && list.get(1).dataType() instanceof TimestampType) {
        list.set(1, new UnixSeconds(list.get(1)));
      }
      boolean withModeGiven = list.size() == 4;
      Expression stepSet = list.size() > 2 ? stepSet(list.get(2)) : null;
      if (stepSet != null) {
        int steps = CollectionConverters.asJava(list.get(2).children()).size();
        list.set(2, stepSet);
        list.add(3, Literal.create(steps, DataTypes.IntegerType));
      }
      Seq<Expression> given = CollectionConverters.asScala(list).toSeq();
      if (stepSet != null) {
        return withModeGiven ? withModeSets.apply(given) : plainSets.apply(given);
      }
      return withModeGiven ? withMode.apply(given) : plain.apply(given);
    }

    /**
     * The set of steps an {@code array(…)} of 1 to 16 BOOLEAN conditions makes (a null condition
     * adds nothing), or null for any other expression, which reaches the aggregate as an array.
     */
    private static @Nullable Expression stepSet(Expression conditions) {
      if (!(conditions instanceof CreateArray) || !conditions.resolved()) {
        return null;
      }
      List<Expression> each = CollectionConverters.asJava(conditions.children());
      if (each.isEmpty()
          || each.size() > WindowFunnel.MAX_STEP_SETS
          || !each.stream().allMatch(c -> c.dataType() instanceof BooleanType)) {
        return null;
      }
      Expression set = null;
      for (int i = 0; i < each.size(); i++) {
        Expression bit =
            new If(
                each.get(i),
                Literal.create(1 << i, DataTypes.IntegerType),
                Literal.create(0, DataTypes.IntegerType));
        set = set == null ? bit : new BitwiseOr(set, bit);
      }
      return set;
    }
  }

  /**
   * {@code window_funnel(window, time, conditions)} for the DataFrame API, through the session's
   * registered function (so {@link #register} first): TIMESTAMP times work as in SQL.
   */
  public static Column windowFunnel(Column window, Column time, Column conditions) {
    return functions.call_function(
        NAME,
        requireNonNull(window, "window"),
        requireNonNull(time, "time"),
        requireNonNull(conditions, "conditions"));
  }

  /** {@code window_funnel(window, time, conditions, mode)} for the DataFrame API. */
  public static Column windowFunnel(Column window, Column time, Column conditions, String mode) {
    return functions.call_function(
        NAME,
        requireNonNull(window, "window"),
        requireNonNull(time, "time"),
        requireNonNull(conditions, "conditions"),
        functions.lit(requireNonNull(mode, "mode")));
  }

  /** {@code window_funnel_chain(window, time, conditions)} for the DataFrame API. */
  public static Column windowFunnelChain(Column window, Column time, Column conditions) {
    return functions.call_function(
        CHAIN,
        requireNonNull(window, "window"),
        requireNonNull(time, "time"),
        requireNonNull(conditions, "conditions"));
  }
}
