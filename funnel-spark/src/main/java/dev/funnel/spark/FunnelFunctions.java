package dev.funnel.spark;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnixSeconds;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.TimestampType;
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
 * ({@code 'clickhouse:strict_order'}, {@code 'starrocks:3'}, {@code 'duckdb-behavioral:strict'}).
 * It returns the level as an INT; without a mode, by funnel-core's default policies, which equal
 * ClickHouse's {@code windowFunnel} without options. {@code window_funnel_chain}, with the same
 * arguments, returns the times of the chain that reached that level as an {@code ARRAY<BIGINT>},
 * step 1 first (in seconds for TIMESTAMP times; empty at level 0): the first chain, in time order,
 * to reach it. Events of one time with the same first step are taken in order of their set of steps
 * (step 1 the lowest bit), so the answer does not depend on how Spark partitions or merges a group.
 * A window that is not positive, a window, mode or number of conditions that differs within a
 * group, more than 16 conditions, a mode that names no dialect, or a null time on a row that
 * matches a step fail the query with a message naming the value. The aggregation buffer is the
 * group's matching events, 12 bytes each, not a serialized object graph.
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
    register(
        spark,
        NAME,
        new WindowFunnelAggregator.Level(false),
        new WindowFunnelAggregator.Level(true));
    register(
        spark,
        CHAIN,
        new WindowFunnelAggregator.Chain(false),
        new WindowFunnelAggregator.Chain(true));
  }

  private static <T> void register(
      SparkSession spark,
      String name,
      WindowFunnelAggregator<T> plain,
      WindowFunnelAggregator<T> withMode) {
    UserDefinedFunction three =
        functions.udaf(plain, Encoders.row(WindowFunnelAggregator.input(false))).withName(name);
    if (spark instanceof org.apache.spark.sql.classic.SparkSession classic) {
      FunctionRegistry registry = classic.sessionState().functionRegistry();
      spark
          .udf()
          .register(
              name,
              functions
                  .udaf(withMode, Encoders.row(WindowFunnelAggregator.input(true)))
                  .withName(name));
      Function1<Seq<Expression>, Expression> four = builder(registry, name);
      spark.udf().register(name, three);
      registry.createOrReplaceTempFunction(
          name, new Arguments(builder(registry, name), four), "java_udf");
    } else {
      spark.udf().register(name, three);
    }
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
   * Picks the function of three or four arguments, and hands it a TIMESTAMP time as epoch seconds.
   */
  private static final class Arguments extends AbstractFunction1<Seq<Expression>, Expression>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Function1<Seq<Expression>, Expression> plain;
    private final Function1<Seq<Expression>, Expression> withMode;

    Arguments(
        Function1<Seq<Expression>, Expression> plain,
        Function1<Seq<Expression>, Expression> withMode) {
      this.plain = plain;
      this.withMode = withMode;
    }

    @Override
    public Expression apply(Seq<Expression> arguments) {
      List<Expression> list = new ArrayList<>(CollectionConverters.asJava(arguments));
      if (list.size() > 1
          && list.get(1).resolved()
          && list.get(1).dataType() instanceof TimestampType) {
        list.set(1, new UnixSeconds(list.get(1)));
      }
      Seq<Expression> given = CollectionConverters.asScala(list).toSeq();
      return list.size() == 4 ? withMode.apply(given) : plain.apply(given);
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
