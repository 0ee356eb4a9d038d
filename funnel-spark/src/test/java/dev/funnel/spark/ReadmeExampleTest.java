package dev.funnel.spark;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The README's Spark examples, word for word, on a small events table. */
class ReadmeExampleTest {
  private static final SparkSession spark = LocalSpark.session();

  /**
   * Within a week (604,800 seconds): user 1 views, adds to cart and buys within a day (level 3);
   * user 2 views, and adds to cart eight days later (level 1); user 3 only buys (level 0).
   */
  @Test
  void theReadmeQueryGivesEachUsersLevel() {
    events();

    FunnelFunctions.register(spark);
    Dataset<Row> levels =
        spark.sql(
            """
        SELECT user_id,
               window_funnel(604800, event_time,
                             array(event_type = 'view', event_type = 'cart', event_type = 'purchase')) AS level
        FROM events GROUP BY user_id""");

    List<Row> rows = levels.orderBy("user_id").collectAsList();
    assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(3, 1, 0);
  }

  /**
   * The same events as a whole dataset: one subject at each of levels 0, 1 and 3; user 1 took 24 h.
   */
  @Test
  void theReadmeWholeDatasetExampleCountsAndTimes() {
    events();

    WindowFunnel funnel =
        WindowFunnel.builder().eventCodes(3).step(0).step(1).step(2).window(604_800).build();
    Dataset<Row> coded =
        spark
            .table("events")
            .withColumn(
                "code", expr("CASE event_type WHEN 'view' THEN 0 WHEN 'cart' THEN 1 ELSE 2 END"));
    DatasetFunnel found =
        FunnelDatasets.aggregation(funnel)
            .conversionTimes(Duration.ofSeconds(1))
            .run(coded, "user_id", "event_time", "code");

    assertThat(found.result().counts()).isEqualTo(LevelCounts.ofExactly(1, 1, 0, 1));
    assertThat(found.result().conversionTimes().orElseThrow().endToEnd().median())
        .contains(Duration.ofHours(24));
  }

  private static void events() {
    spark
        .sql(
            "SELECT user_id, TIMESTAMP'2026-11-01 10:00:00' + make_interval(0, 0, 0, d, h) AS"
                + " event_time, event_type FROM VALUES (1, 0, 0, 'view'), (1, 0, 2, 'cart'), (1, 1,"
                + " 0, 'purchase'), (2, 0, 0, 'view'), (2, 8, 0, 'cart'), (3, 0, 0, 'purchase') AS"
                + " t(user_id, d, h, event_type)")
        .createOrReplaceTempView("events");
  }
}
