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
 * <p>{@code window_funnel(window, time, conditions)} is an aggregate over one subject's rows (as
 * ClickHouse's {@code windowFunnel}: {@code GROUP BY} the subject): {@code window} a positive
 * BIGINT in the time column's unit, {@code time} a BIGINT, {@code conditions} an {@code
 * ARRAY<BOOLEAN>} of 1 to 16 steps in order (a null element counts as false). It returns the level
 * as an INT, by funnel-core's default policies, which equal ClickHouse's {@code windowFunnel}
 * without options. A window that is not positive, conditions arrays of different lengths in one
 * group, or a null time on a row that matches a step fail the query with a message naming the
 * value. The aggregation buffer is the group's matching events, 12 bytes each, not a serialized
 * object graph.
 *
 * <p>Thread-safe: the functions hold no state of their own.
 */
public final class FunnelFunctions {
  private static final UserDefinedFunction WINDOW_FUNNEL =
      functions
          .udaf(new WindowFunnelAggregator(), Encoders.row(WindowFunnelAggregator.INPUT))
          .withName("window_funnel");

  private FunnelFunctions() {}

  /**
   * Registers {@code window_funnel} with the session's SQL functions. On a classic (not Connect)
   * session a TIMESTAMP time column is taken in seconds, as {@code unix_seconds} gives them.
   */
  public static void register(SparkSession spark) {
    requireNonNull(spark, "spark").udf().register("window_funnel", WINDOW_FUNNEL);
    if (spark instanceof org.apache.spark.sql.classic.SparkSession classic) {
      FunctionRegistry registry = classic.sessionState().functionRegistry();
      // Spark 4.2 names temporary functions system.session.NAME; the bare name is for others.
      Option<Function1<Seq<Expression>, Expression>> found =
          registry.lookupFunctionBuilder(
              new FunctionIdentifier(
                  "window_funnel", Option.apply("session"), Option.apply("system")));
      Function1<Seq<Expression>, Expression> typed =
          found.isDefined()
              ? found.get()
              : registry
                  .lookupFunctionBuilder(
                      new FunctionIdentifier("window_funnel", Option.empty(), Option.empty()))
                  .get();
      registry.createOrReplaceTempFunction(
          "window_funnel", new TimestampsInSeconds(typed), "java_udf");
    }
  }

  /** Hands a function its arguments with a TIMESTAMP second argument as epoch seconds. */
  private static final class TimestampsInSeconds
      extends AbstractFunction1<Seq<Expression>, Expression> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Function1<Seq<Expression>, Expression> function;

    TimestampsInSeconds(Function1<Seq<Expression>, Expression> function) {
      this.function = function;
    }

    @Override
    public Expression apply(Seq<Expression> arguments) {
      List<Expression> list = new ArrayList<>(CollectionConverters.asJava(arguments));
      if (list.size() > 1
          && list.get(1).resolved()
          && list.get(1).dataType() instanceof TimestampType) {
        list.set(1, new UnixSeconds(list.get(1)));
      }
      return function.apply(CollectionConverters.asScala(list).toSeq());
    }
  }

  /** {@code window_funnel(window, time, conditions)} for the DataFrame API. */
  public static Column windowFunnel(Column window, Column time, Column conditions) {
    return WINDOW_FUNNEL.apply(
        requireNonNull(window, "window"),
        requireNonNull(time, "time"),
        requireNonNull(conditions, "conditions"));
  }
}
