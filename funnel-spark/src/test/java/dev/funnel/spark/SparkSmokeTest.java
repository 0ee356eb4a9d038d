package dev.funnel.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSmokeTest {
  private static final SparkSession spark = LocalSpark.session();

  /**
   * Hand-worked, window 30: user 1 views at 10 and adds to cart at 20 (level 2; the purchase at 99
   * is 89 after the view); user 2 views and buys with no cart between (level 1); user 3 only adds
   * to cart, which is no step 1 (level 0).
   */
  @Test
  void windowFunnelGivesEachSubjectsLevel() {
    spark
        .sql(
            "SELECT * FROM VALUES (1, 10, 'view'), (1, 20, 'cart'), (1, 99, 'purchase'),"
                + " (2, 10, 'view'), (2, 12, 'purchase'), (3, 5, 'cart') AS t(user_id, ts, event)")
        .createOrReplaceTempView("events");
    List<Row> rows =
        spark
            .sql(
                "SELECT user_id, window_funnel(30, ts, array(event = 'view', event = 'cart',"
                    + " event = 'purchase')) AS level FROM events GROUP BY user_id ORDER BY"
                    + " user_id")
            .collectAsList();
    assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(2, 1, 0);
  }

  /**
   * Two events at one time, step 1 matching both and step 2 only the second: taken in order of
   * their sets of steps ({1} before {1, 2}, as documented), the first opens the window and the
   * second fills step 2, whichever order and partition the rows come in.
   */
  @Test
  void eventsOfOneTimeAreTakenInOrderOfTheirSteps() {
    for (String order : List.of("(1, 5, 0), (1, 5, 1)", "(1, 5, 1), (1, 5, 0)")) {
      List<Row> rows =
          spark
              .sql(
                  "SELECT window_funnel(10, ts, array(code IN (0, 1), code = 1)) FROM (SELECT *"
                      + " FROM VALUES "
                      + order
                      + " AS t(user_id, ts, code)) GROUP BY user_id")
              .collectAsList();
      assertThat(rows.get(0).getInt(0)).as(order).isEqualTo(2);
    }
  }

  @Test
  void theDataFrameFunctionIsTheSqlOne() {
    Dataset<Row> events =
        spark.sql(
            "SELECT * FROM VALUES (1, 10, 'view'), (1, 20, 'cart'), (2, 10, 'cart')"
                + " AS t(user_id, ts, event)");
    List<Row> rows =
        events
            .groupBy("user_id")
            .agg(
                FunnelFunctions.windowFunnel(
                        lit(30),
                        col("ts"),
                        array(col("event").equalTo("view"), col("event").equalTo("cart")))
                    .as("level"))
            .orderBy("user_id")
            .collectAsList();
    assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(2, 0);
  }

  /** A null condition is false: user 1's cart is unknown, so it reaches step 1 only. */
  @Test
  void aNullConditionCountsAsFalse() {
    List<Row> rows =
        spark
            .sql(
                "SELECT window_funnel(30, ts, array(event = 'view', IF(event = 'cart', NULL,"
                    + " false))) FROM VALUES (1, 10, 'view'), (1, 20, 'cart') AS t(user_id, ts,"
                    + " event) GROUP BY user_id")
            .collectAsList();
    assertThat(rows.get(0).getInt(0)).isEqualTo(1);
  }

  @Test
  void badArgumentsFailTheQueryNamingTheValue() {
    assertThatThrownBy(() -> level("window_funnel(0, ts, array(true))"))
        .hasStackTraceContaining("window_funnel: the window must be positive, not 0");
    assertThatThrownBy(
            () -> level("window_funnel(5, ts, IF(ts = 10, array(true), array(true, false)))"))
        .hasStackTraceContaining("the conditions array has 1 elements in one row and 2 in another");
    assertThatThrownBy(() -> level("window_funnel(5, ts, array_repeat(true, 17))"))
        .hasStackTraceContaining("the conditions array has 17 elements; 1 to 16 are supported");
    assertThatThrownBy(() -> level("window_funnel(5, IF(ts = 10, NULL, ts), array(true))"))
        .hasStackTraceContaining(
            "a row the funnel takes (it matches a step, or the dialect sees every row) has a null time");
  }

  private static int level(String call) {
    return spark
        .sql("SELECT " + call + " FROM VALUES (1, 10), (1, 20) AS t(user_id, ts) GROUP BY user_id")
        .first()
        .getInt(0);
  }

  /**
   * ClickHouse's strict_increase takes a step only at a time later than the step before: a view and
   * a cart at the same second reach step 2 by default (equal times may chain, as in ClickHouse
   * without options) and step 1 in that mode.
   */
  @Test
  void aModeNamesADialect() {
    String events = " FROM VALUES (1, 10, 'view'), (1, 10, 'cart') AS t(user_id, ts, event)";
    String conditions = "array(event = 'view', event = 'cart')";
    assertThat(
            spark.sql("SELECT window_funnel(5, ts, " + conditions + ")" + events).first().getInt(0))
        .isEqualTo(2);
    assertThat(
            spark
                .sql(
                    "SELECT window_funnel(5, ts, "
                        + conditions
                        + ", 'clickhouse:strict_increase')"
                        + events)
                .first()
                .getInt(0))
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                spark
                    .sql("SELECT window_funnel(5, ts, " + conditions + ", 'postgres')" + events)
                    .first())
        .hasStackTraceContaining("dialect 'postgres' names no engine");
  }

  /**
   * Policies by name, worked by hand from their documentation: A at 1, C at 2, B at 3 reach A, B in
   * sequential order (2), but under strict order C breaks the chain after A (1); A and B both at 1
   * reach 2, but 1 under strictly increasing times; A at 1 and B at 3 reach 2, but 1 when at most 1
   * may pass between steps.
   */
  @Test
  void aModeNamesPolicies() {
    String call =
        "SELECT window_funnel(10, ts, array(e = 'A', e = 'B', e = 'C'), '%s') FROM VALUES ";
    String acb = "(1, 'A'), (2, 'C'), (3, 'B') AS t(ts, e)";
    String tie = "(1, 'A'), (1, 'B') AS t(ts, e)";
    String gap = "(1, 'A'), (3, 'B') AS t(ts, e)";
    assertThat(levelOf(String.format(call, "order=sequential") + acb)).isEqualTo(2);
    assertThat(levelOf(String.format(call, "order=strict") + acb)).isEqualTo(1);
    assertThat(levelOf(String.format(call, "ties=allow_equal") + tie)).isEqualTo(2);
    assertThat(levelOf(String.format(call, "ties=strict_increase") + tie)).isEqualTo(1);
    assertThat(levelOf(String.format(call, "max-gap=2") + gap)).isEqualTo(2);
    assertThat(levelOf(String.format(call, "max-gap=1") + gap)).isEqualTo(1);
    assertThat(levelOf(String.format(call, "Order = STRICT, ties=strict_increase") + tie))
        .isEqualTo(1);
    assertThatThrownBy(() -> levelOf(String.format(call, "order=sideways") + acb))
        .hasStackTraceContaining(
            "window_funnel: mode 'order=sideways': order is one of [sequential, strict], not"
                + " 'sideways'");
    assertThatThrownBy(() -> levelOf(String.format(call, "speed=fast") + acb))
        .hasStackTraceContaining("window_funnel: mode 'speed=fast' names no policy 'speed'");
    assertThatThrownBy(() -> levelOf(String.format(call, "max-gap=1d") + acb))
        .hasStackTraceContaining(
            "max-gap must be a whole number in the time column's unit, not '1d'");
  }

  private static int levelOf(String sql) {
    return spark.sql(sql).first().getInt(0);
  }

  /** The chain of the hand-worked case above: user 1's view at 10 and cart at 20; none for 3. */
  @Test
  void theChainFunctionGivesTheTimesOfTheChain() {
    spark
        .sql(
            "SELECT * FROM VALUES (1, 10, 'view'), (1, 20, 'cart'), (1, 99, 'purchase'),"
                + " (2, 10, 'view'), (2, 12, 'purchase'), (3, 5, 'cart') AS t(user_id, ts, event)")
        .createOrReplaceTempView("chains");
    List<Row> rows =
        spark
            .sql(
                "SELECT user_id, window_funnel_chain(30, ts, array(event = 'view', event = 'cart',"
                    + " event = 'purchase')) FROM chains GROUP BY user_id ORDER BY user_id")
            .collectAsList();
    assertThat(rows)
        .extracting(r -> r.<Long>getList(1))
        .containsExactly(List.of(10L, 20L), List.of(10L), List.of());
  }

  /**
   * ClickHouse's documentation of strict_order: "in the case of A->B->D->C, it stops finding
   * A->B->C at the D and the max event level is 2"; without the mode the level is 3. D matches no
   * condition, so this also checks that such rows reach the dialect.
   */
  @Test
  void strictOrderStopsAtARowThatMatchesNoStep() {
    String events =
        " FROM VALUES (1, 1, 'A'), (1, 2, 'B'), (1, 3, 'D'), (1, 4, 'C') AS t(user_id, ts, e)";
    String call = "window_funnel(10, ts, array(e = 'A', e = 'B', e = 'C')";
    assertThat(spark.sql("SELECT " + call + ")" + events).first().getInt(0)).isEqualTo(3);
    assertThat(
            spark.sql("SELECT " + call + ", 'clickhouse:strict_order')" + events).first().getInt(0))
        .isEqualTo(2);
  }

  @Test
  void timestampTimes() {
    List<Row> rows =
        spark
            .sql(
                "SELECT window_funnel(30, t, array(e = 'view', e = 'cart')) FROM VALUES"
                    + " (TIMESTAMP'2026-01-01 00:00:00', 'view'), (TIMESTAMP'2026-01-01 00:00:20',"
                    + " 'cart') AS v(t, e)")
            .collectAsList();
    assertThat(rows.get(0).getInt(0)).isEqualTo(2);
  }
}
